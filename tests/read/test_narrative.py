"""Narrative blocks: the safe Markdown subset, figure references and typed numbers."""

from __future__ import annotations

from decimal import Decimal

from reportgen.read import narrative
from reportgen.read.narrative import FigureReference, ItemList, Paragraph, Span


def test_bold_italic_links_and_references_are_parsed() -> None:
    (block,) = narrative.parse(
        "**Knife** crime fell by {knife.change_percent}, see [the pack](https://x.org)."
    )
    assert isinstance(block, Paragraph)
    assert block.inlines == (
        Span("Knife", bold=True),
        Span(" crime fell by "),
        FigureReference("knife", "change_percent", "{knife.change_percent}"),
        Span(", see "),
        Span("the pack", href="https://x.org"),
        Span("."),
    )


def test_bullet_lists_become_item_lists() -> None:
    blocks = narrative.parse("Outputs:\n\n- {warrants} warrants\n- *many* searches\n")
    assert blocks == (
        Paragraph((Span("Outputs:"),)),
        ItemList(
            False,
            (
                (FigureReference("warrants", "value", "{warrants}"), Span(" warrants")),
                (Span("many", italic=True), Span(" searches")),
            ),
        ),
    )


def test_html_and_template_syntax_stay_literal_text() -> None:
    text = "<script>alert(1)</script> {{ 1 + 1 }} {% if x %} #set $5 @me & <b>"
    (block,) = narrative.parse(text)
    assert isinstance(block, Paragraph)
    assert "".join(i.text for i in block.inlines if isinstance(i, Span)) == text


def test_headings_images_and_code_are_not_part_of_the_subset() -> None:
    (block,) = narrative.parse("# Not a heading ![img](x.png) `code`")
    assert isinstance(block, Paragraph)
    assert "".join(i.text for i in block.inlines if isinstance(i, Span)).startswith(
        "# Not a heading"
    )


def test_typed_numbers_skip_years_periods_and_phone_numbers() -> None:
    blocks = narrative.parse("In 2024/25 and 2023, 999 calls rose to 48,938 (12.7%), 3rd of 43.")
    assert [(n.text, n.value) for n in narrative.literal_numbers(blocks)] == [
        ("48,938", Decimal("48938")),
        ("12.7%", Decimal("12.7")),
        ("3rd", Decimal("3")),
        ("43", Decimal("43")),
    ]


def test_links_are_found_even_when_the_parser_refuses_them() -> None:
    assert narrative.links("[a](https://x.org) and [b](javascript:alert(1)).") == [
        "https://x.org",
        "javascript:alert(1)",
    ]
