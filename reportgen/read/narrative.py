"""Parses narrative blocks: a small, safe Markdown subset with {figure} references, never raw HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# What narrative may ask of a figure: {id} is its value, {id.change} its change in words, and so on.
FIGURE_ATTRIBUTES: dict[str, str] = {
    "value": "the value, formatted ('48,938', '83.0%')",
    "change": "the change on the comparator in words ('a reduction of 14 (31.1%)')",
    "change_number": "the size of the change in the figure's unit ('14')",
    "change_percent": "the size of the percentage change ('31.1%')",
    "comparator": "the comparator's value",
    "comparator_period": "the comparator's period ('2023/24')",
    "baseline": "the baseline's value",
    "baseline_change": "the change on the baseline in words",
    "period": "the figure's period ('2024/25')",
    "label": "the figure's label",
}

# {id} or {id.attribute}. Any other text in braces is a mistake that check/ reports, so nothing
# unresolved reaches a statement; \{ and \} are braces printed as themselves.
FIGURE_REFERENCE = re.compile(
    r"(?<!\{)\{(?P<id>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:\.(?P<attribute>[a-z_]+))?\}(?!\})"
)
# A lone brace is kept with a little of the text beside it, so it can be found and shown.
_BRACES = re.compile(r"\\[{}]|\{+[^{}]*\}+|\{[^{}\n]{0,12}|[^{}\n]{0,12}(?<!\\)\}")
# Escaped braces stand aside as private-use characters while Markdown and references are parsed.
_ESCAPED = {"\\{": "\ue000", "\\}": "\ue001"}
ALLOWED_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
# The longest address browsers, Word and PDF readers all follow; a longer one is a pasting mistake.
LONGEST_LINK = 2000


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis and, inside a link, the link's address."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class FigureReference:
    """A {figure} reference, resolved to text by compose."""

    figure_id: str
    attribute: str
    written: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Inline = Span | FigureReference


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ItemList:
    ordered: bool
    items: tuple[tuple[Inline, ...], ...]


Block = Paragraph | ItemList


@cache
def _parser() -> MarkdownIt:
    # "zero" has no raw HTML, headings, images, tables or code: only what is enabled here.
    return MarkdownIt("zero").enable(["emphasis", "link", "list", "newline", "escape"])


def parse(text: str) -> tuple[Block, ...]:
    """Parse one narrative block into paragraphs and lists."""
    for escaped, stand_in in _ESCAPED.items():
        text = text.replace(escaped, stand_in)
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    items: list[tuple[Inline, ...]] = []
    list_depth = 0
    ordered = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if list_depth == 0:
                ordered, items = token.type == "ordered_list_open", []
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0:
                blocks.append(ItemList(ordered, tuple(items)))
        elif token.type == "inline":
            inlines = tuple(_inlines(token.children or []))
            if list_depth:
                items.append(inlines)
            else:
                blocks.append(Paragraph(inlines))
    return tuple(blocks)


def _inlines(tokens: list[Token]) -> Iterator[Inline]:
    bold = italic = False
    href: str | None = None
    for token in tokens:
        match token.type:
            case "strong_open" | "strong_close":
                bold = token.type == "strong_open"
            case "em_open" | "em_close":
                italic = token.type == "em_open"
            case "link_open":
                href = str(token.attrs.get("href", ""))
            case "link_close":
                href = None
            case "softbreak" | "hardbreak":
                yield Span(" ", bold, italic, href)
            case _:
                yield from _split_references(token.content, bold, italic, href)


def _split_references(text: str, bold: bool, italic: bool, href: str | None) -> Iterator[Inline]:
    position = 0
    for match in FIGURE_REFERENCE.finditer(text):
        if match.start() > position:
            yield Span(_literal(text[position : match.start()]), bold, italic, href)
        attribute = match["attribute"] or "value"
        yield FigureReference(match["id"], attribute, match[0], bold, italic, href)
        position = match.end()
    if position < len(text):
        yield Span(_literal(text[position:]), bold, italic, href)


def _literal(text: str) -> str:
    return text.replace("\ue000", "{").replace("\ue001", "}")


def malformed_references(text: str) -> list[str]:
    """Every {…} or lone brace in a narrative block that is not a figure reference, as written."""
    return [
        written.strip()
        for written in _BRACES.findall(text)
        if not written.startswith("\\") and not FIGURE_REFERENCE.fullmatch(written)
    ]


def inlines(blocks: tuple[Block, ...]) -> Iterator[Inline]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from block.inlines
        else:
            for item in block.items:
                yield from item


def links(text: str) -> list[str]:
    """Every link address in a narrative block, including ones the parser refused."""
    return re.findall(r"\]\(\s*<?([^\s>]*?)>?\)(?=[\s.,;:!?]|$)", text)


# A number as written in prose: 48,938 · 12.7 · 83.0% · £2 · 2024/25 (kept whole so it can be skipped).
_NUMBER = re.compile(
    r"(?<![\w.,/\-])£?(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?P<tail>(?:[/\-][0-9]{2,4})?)(?:%|(?P<word>st|nd|rd|th)\b)?(?![\w/])"
)
# What follows a number that is a length of time or a day of a month, not a statistic.
_LENGTH_OR_DAY = re.compile(
    r"[\s\-]*(?:(?:second|minute|hour|day|week|fortnight|month|quarter|year)s?\b"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|may\s+[0-9]{4})",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\s+$",
    re.IGNORECASE,
)
# Numbers that name something rather than measure it: emergency and non-emergency phone numbers.
NAMING_NUMBERS = frozenset({"999", "101", "111"})


@dataclass(frozen=True)
class LiteralNumber:
    text: str
    value: Decimal


def literal_numbers(blocks: tuple[Block, ...]) -> list[LiteralNumber]:
    """Numbers typed into the prose (not {references}), leaving out years and phone numbers."""
    found = []
    for inline in inlines(blocks):
        if not isinstance(inline, Span):
            continue
        for match in _NUMBER.finditer(inline.text):
            number = match["number"]
            if match["tail"] or number in NAMING_NUMBERS:
                continue  # 2024/25, 2024-25: a period, not a statistic
            if "," not in number and "." not in number and 1990 <= int(number) <= 2099:
                continue  # a year
            if _LENGTH_OR_DAY.match(inline.text, match.end()) or _MONTH_BEFORE.search(
                inline.text, 0, match.start()
            ):
                continue  # 'rolling 12-month', 'previous 12 months', '15 August 2023'
            found.append(LiteralNumber(match[0], Decimal(number.replace(",", ""))))
    return found
