"""The documents an edition is published as: English, Welsh and English apart, or one bilingual one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reportgen.compose.audit import source_data
from reportgen.compose.document import (
    ANY_FORMAT,
    Block,
    Document,
    Heading,
    Inlines,
    ItemList,
    Paragraph,
    Span,
)
from reportgen.compose.sections import compose
from reportgen.compose.wording import Phrasebook, load_wording
from reportgen.formats import FILE_STEM, WELSH_SLUG
from reportgen.read.languages import ENGLISH, TAGS, WELSH
from reportgen.statement import Statement

__all__ = ["WELSH_DATA", "editions"]

# The key, beside 'edition' and 'profile', of the Welsh in the input a document embeds.
WELSH_DATA = "welsh"

# How each edition links to the other, in the language of the one it links to, as Welsh sites do.
_READ_IN_WELSH = "Darllenwch y datganiad hwn yn Gymraeg"


def editions(
    statement: Statement,
    history: Sequence[Statement] = (),
    *,
    recorded: dict[str, Any] | None = None,
) -> list[Document]:
    """Every document the profile publishes the edition as, the English (or bilingual) one first."""
    choice = statement.profile.language
    welsh = statement.welsh
    if choice.editions == "english" or welsh is None:
        return [compose(statement, history, recorded=recorded)]
    welsh_history = [earlier.welsh or earlier for earlier in history]
    # Every document carries the edition in both languages, so that diff can compare the Welsh,
    # and each language's earlier editions, so that the file can be made again from it.
    both = {**source_data(statement, history), WELSH_DATA: source_data(welsh, welsh_history)}
    documents = _documents(statement, welsh, history, welsh_history, recorded)
    return [replace(d, source_data=both) for d in documents]


def _documents(
    statement: Statement,
    welsh: Statement,
    history: Sequence[Statement],
    welsh_history: Sequence[Statement],
    recorded: dict[str, Any] | None,
) -> list[Document]:
    choice = statement.profile.language
    if choice.editions == "separate":
        english = compose(statement, history, recorded=recorded)
        cymraeg = compose(welsh, welsh_history, recorded=recorded)
        cymraeg = replace(cymraeg, slug=cymraeg.slug + WELSH_SLUG)
        return [_linked(english, cymraeg, welsh), _linked(cymraeg, english, welsh)]
    first, second = (welsh, statement) if choice.first == "welsh" else (statement, welsh)
    first_doc = compose(first, welsh_history if first is welsh else history, recorded=recorded)
    second_doc = compose(
        second,
        welsh_history if second is welsh else history,
        recorded=recorded,
        chart_offset=len(first_doc.charts),
    )
    return [_bilingual(first_doc, second_doc, second.language)]


def _linked(document: Document, other: Document, welsh: Statement) -> Document:
    """The document with a link to the other language's edition under its publication date."""
    to_english = TAGS[ENGLISH] == other.metadata.language
    say = Phrasebook(load_wording(language=WELSH), welsh)
    text = say("other_language_link") if to_english else _READ_IN_WELSH
    link = Span(
        text,
        href=f"{FILE_STEM}-{other.slug}{ANY_FORMAT}",
        lang=other.metadata.language,
    )
    blocks = list(document.blocks)
    after = next((i for i, b in enumerate(blocks) if _is_date(b)), 0) + 1
    blocks.insert(after, Paragraph((link,), style="date"))
    return replace(document, blocks=tuple(blocks))


def _is_date(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.style == "date"


def _bilingual(first: Document, second: Document, second_language: str) -> Document:
    """One document, section by section: each section in the first language, then the second.

    The second language's blocks declare their language; their anchors (and the links to them)
    end in the language's code, so each section is reached in either language.
    """
    tag = TAGS[second_language]
    suffix = f"-{second_language}"
    first_sections, second_sections = _sections(first.blocks), _sections(second.blocks)
    blocks: list[Block] = []
    for index, section in enumerate(first_sections):
        blocks += section
        if index < len(second_sections):
            blocks += [_in_language(b, tag, suffix) for b in second_sections[index]]
    for section in second_sections[len(first_sections) :]:
        blocks += [_in_language(b, tag, suffix) for b in section]
    blocks = _numbered(blocks)
    metadata = replace(
        first.metadata,
        title=f"{first.metadata.title} / {second.metadata.title}",
        keywords=tuple(dict.fromkeys((*first.metadata.keywords, *second.metadata.keywords))),
    )
    furniture = replace(
        first.furniture,
        running_footer=f"{first.furniture.running_footer} / {second.furniture.running_footer}",
    )
    # Made from both languages' wording: each is recorded.
    templates = {**first.provenance.get("templates", {}), **second.provenance.get("templates", {})}
    provenance = {**first.provenance, "templates": dict(sorted(templates.items()))}
    return replace(
        first, metadata=metadata, blocks=tuple(blocks), furniture=furniture, provenance=provenance
    )


def _numbered(blocks: Sequence[Block]) -> list[Block]:
    """Paragraph numbers running through the whole document, as its figures' numbers do."""
    numbered: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Paragraph) and block.number is not None:
            count += 1
            block = replace(block, number=count)
        numbered.append(block)
    return numbered


def _sections(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks split before each heading of level 1 or 2."""
    sections: list[list[Block]] = []
    for block in blocks:
        if (isinstance(block, Heading) and block.level <= 2) or not sections:
            sections.append([])
        sections[-1].append(block)
    return sections


def _in_language(block: Block, tag: str, suffix: str) -> Block:
    if isinstance(block, Heading):
        return replace(block, lang=tag, anchor=block.anchor + suffix if block.anchor else "")
    if isinstance(block, Paragraph):
        return replace(block, lang=tag, inlines=_anchored(block.inlines, suffix))
    if isinstance(block, ItemList):
        return replace(block, lang=tag, items=tuple(_anchored(i, suffix) for i in block.items))
    return replace(block, lang=tag)


def _anchored(inlines: Inlines, suffix: str) -> Inlines:
    return tuple(
        replace(s, href=s.href + suffix) if s.href and s.href.startswith("#") else s
        for s in inlines
    )
