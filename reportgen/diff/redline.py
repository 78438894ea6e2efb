"""The word-level redline: which words of a text were kept, deleted and inserted."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
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
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    # Runs of (equal words) or (deleted words, inserted words), alternating.
    runs: list[tuple[list[str], list[str], bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append((before[i1:i2], before[i1:i2], True))
        elif runs and not runs[-1][2]:
            runs[-1][0].extend(before[i1:i2])
            runs[-1][1].extend(after[j1:j2])
        else:
            runs.append((before[i1:i2], after[j1:j2], False))
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


def _size(run: tuple[list[str], list[str], bool]) -> int:
    """The size of an edit: the longer of what it deletes and what it inserts."""
    return max(len(run[0]), len(run[1]))


def _join_words(found: Sequence[str]) -> str:
    return " ".join(found).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")
