"""Which characters a statement can carry: printable, in a fixed reading order, in the PDF's typeface."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from reportgen.paths import template_file

# C0 controls other than tab and newline, DEL and the C1 controls: invisible, and a Word document
# cannot hold most of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Embeddings, overrides and isolates reorder the text shown from the text stored, so a reader can
# be shown something other than what the statement says ("Trojan Source").
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Latin, Latin-1, Latin Extended-A (Welsh ŵ, ŷ) and General Punctuation: the typeface has them all,
# so most text needs no look-up in the font at all.
_SURELY_COVERED = re.compile(r"^[\t\n\x20-\x7e\xa0-\u017f\u2010-\u2027\u2030-\u205e\u20ac]*$")

PDF_TYPEFACE = "Liberation Sans"


@dataclass(frozen=True)
class CharacterProblem:
    char: str
    message: str
    fix: str


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def character_problems(text: str) -> list[CharacterProblem]:
    """Each kind of unusable character in a text, once, in order of appearance."""
    found: list[CharacterProblem] = []
    control = _CONTROL.search(text)
    if control:
        found.append(
            CharacterProblem(
                control.group(),
                f"contains an invisible control character ({_name(control.group())})",
                "delete it; it often comes from text pasted from another program",
            )
        )
    bidi = _BIDI.search(text)
    if bidi:
        found.append(
            CharacterProblem(
                bidi.group(),
                f"contains a character that reverses the order text is shown in "
                f"({_name(bidi.group())})",
                "delete it: it can make the statement display something other than it says",
            )
        )
    if not _SURELY_COVERED.match(text):
        missing = [c for c in dict.fromkeys(text) if c not in _typeface() and c not in "\t\n"]
        missing = [c for c in missing if not _CONTROL.match(c) and not _BIDI.match(c)]
        if missing:
            shown = ", ".join(f"'{c}' ({_name(c)})" for c in missing[:3])
            found.append(
                CharacterProblem(
                    missing[0],
                    f"uses {shown}, which the PDF's typeface ({PDF_TYPEFACE}) cannot show",
                    "write it in words, or remove it",
                )
            )
    return found


@cache
def _typeface() -> frozenset[str]:
    """Every character all four shipped faces of the PDF's typeface can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # only beyond common Latin

    faces = sorted(template_file("fonts").glob("*.ttf"))
    covered: set[int] | None = None
    for face in faces:
        with TTFont(face, lazy=True) as font:
            points = set(font.getBestCmap())
        covered = points if covered is None else covered & points
    return frozenset(chr(point) for point in covered or ())
