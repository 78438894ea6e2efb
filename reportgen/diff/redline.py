"""The word-level redline: which words of a text were kept, deleted and inserted."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Op", "Segment", "redline", "words"]

Op = Literal["equal", "delete", "insert"]

# A word, or a line break: the lines of a list stay lines in the redline.
_WORD = re.compile(r"\n|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of words of a redline; segments are joined with one space."""

    op: Op
    text: str


def words(text: str) -> list[str]:
    """The words of `text` as the redline sees them, each line break a word of its own."""
    return _WORD.findall(text)


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """A word-level redline from `old` to `new`: equal, deleted and inserted runs of words.

    An unchanged run no longer than the edits on both sides of it ('the', 'of' in a rewritten
    sentence) is folded into them, so a rewrite reads as one deletion and one insertion rather
    than a scatter of fragments (the semantic clean-up of diff-match-patch, on words).
    """
    before, after = words(old), words(new)
    # Runs of (equal words) or (deleted words, inserted words), alternating.
    runs: list[tuple[list[str], list[str], bool]] = []
    for equal, deleted, inserted in _opcodes(before, after):
        if equal:
            runs.append((deleted, deleted, True))
        elif runs and not runs[-1][2]:
            runs[-1][0].extend(deleted)
            runs[-1][1].extend(inserted)
        else:
            runs.append((deleted, inserted, False))
    folded = True
    while folded:
        folded = False
        for index in range(1, len(runs) - 1):
            kept, _, equal = runs[index]
            left, right = runs[index - 1], runs[index + 1]
            if not equal or len(kept) > min(_size(left), _size(right)):
                continue
            merged = (left[0] + kept + right[0], left[1] + kept + right[1], False)
            runs[index - 1 : index + 2] = [merged]
            folded = True
            break
    segments: list[Segment] = []
    for deleted, inserted, equal in runs:
        if equal:
            segments.append(Segment("equal", _join_words(deleted)))
            continue
        if deleted:
            segments.append(Segment("delete", _join_words(deleted)))
        if inserted:
            segments.append(Segment("insert", _join_words(inserted)))
    return tuple(segments)


def _opcodes(before: list[str], after: list[str]) -> Iterator[tuple[bool, list[str], list[str]]]:
    """(equal?, old words, new words) in order, in time about linear in the length.

    The common start and end are taken off first. Word matching costs the product of the two
    lengths, so a longer middle is matched sentence by sentence first, and only the sentences
    that differ are matched word by word; a run of differing sentences too long for that (only
    in a hostile file, or two unrelated texts) is shown as deleted and inserted whole.
    """
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    if start:
        yield True, before[:start], after[:start]
    yield from _middle(before[start : len(before) - end], after[start : len(after) - end], True)
    if end:
        yield True, before[len(before) - end :], after[len(after) - end :]


def _middle(
    before: list[str], after: list[str], by_sentence: bool
) -> Iterator[tuple[bool, list[str], list[str]]]:
    if not before and not after:
        return
    if len(before) * len(after) <= _WORD_PAIRS:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            yield tag == "equal", before[i1:i2], after[j1:j2]
        return
    old, new = _sentences(before), _sentences(after)
    if not by_sentence or max(len(old), len(new)) < 2:
        yield False, before, after
        return
    # A sentence found in more than 1% of the other text's sentences is not used as an anchor
    # (autojunk), which keeps matching about linear even for text made to defeat it.
    by_sentences = difflib.SequenceMatcher(None, old, new, autojunk=True)
    for tag, i1, i2, j1, j2 in by_sentences.get_opcodes():
        deleted = [w for sentence in old[i1:i2] for w in sentence]
        inserted = [w for sentence in new[j1:j2] for w in sentence]
        if tag == "equal":
            yield True, deleted, inserted
        else:
            yield from _middle(deleted, inserted, False)


def _sentences(found: list[str]) -> list[tuple[str, ...]]:
    """The words cut after each one that ends a sentence or a line."""
    sentences: list[tuple[str, ...]] = []
    start = 0
    for index, word in enumerate(found):
        if word == "\n" or word.endswith((".", "!", "?", ":", ";")):
            sentences.append(tuple(found[start : index + 1]))
            start = index + 1
    if start < len(found):
        sentences.append(tuple(found[start:]))
    return sentences


# Word matching compares up to this many pairs of words (a million: well under a second), which
# covers two 1,000-word paragraphs rewritten throughout.
_WORD_PAIRS = 1_000_000


def _size(run: tuple[list[str], list[str], bool]) -> int:
    """The size of an edit: the longer of what it deletes and what it inserts."""
    return max(len(run[0]), len(run[1]))


def _join_words(found: Sequence[str]) -> str:
    return " ".join(found).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")
