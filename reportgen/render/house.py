"""The house colours and typefaces: one home for the web page, the PDF, the reference DOCX and the charts.

Colours are "#rrggbb". Contrast ratios are against white unless another background is named; text
colours are all 4.5:1 or more (WCAG 2.2 AA), most far more. The web page's stylesheet and the PDF's
Typst template receive these as `house` (see :func:`template_values`);
tools/make_reference_docx.py and reportgen.render.charts import them.
"""

from __future__ import annotations

__all__ = [
    "ACCENT",
    "CHART_FALLBACK_FONT",
    "CHART_FONT",
    "CHART_PALETTES",
    "DELETED_INK",
    "DELETED_PAPER",
    "DOCUMENT_FONT",
    "FAINT_RULE",
    "FOCUS",
    "GRID",
    "INK",
    "INSERTED_INK",
    "INSERTED_PAPER",
    "LINK",
    "LINK_HOVER",
    "LINK_VISITED",
    "OPEN_DOCUMENT_FONT",
    "PANEL",
    "PAPER",
    "PDF_TABLE_HEADER",
    "RULE",
    "SECONDARY_INK",
    "SECOND_ACCENT",
    "WEB_SECONDARY_INK",
    "template_values",
]

# Colours ----------------------------------------------------------------------------------

PAPER = "#ffffff"
INK = "#0b0c0c"  # text: 19.6:1
# afcharts dark blue: the PDF's headings, links and rules, the web page's letterhead band and the
# first series of every chart: 10.2:1.
ACCENT = "#12436d"
SECONDARY_INK = "#3d3d3d"  # secondary text in the PDF and the charts: 10.9:1
WEB_SECONDARY_INK = "#505a5f"  # GOV.UK's secondary text, on the web page: 7.1:1
LINK = "#1d70b8"  # links on the web page and in the DOCX: 5.2:1
LINK_VISITED = "#4c2c92"  # 10.1:1
LINK_HOVER = "#003078"  # 12.4:1
FOCUS = "#ffdd00"  # GOV.UK's focus yellow, behind INK: 14.5:1
RULE = "#b1b4b6"  # table rules and borders (never text)
PANEL = "#f3f2f1"  # the DOCX tables' header row and the web page's footer: INK on it 17.5:1
PDF_TABLE_HEADER = "#e8eef4"  # the PDF tables' header row, a pale ACCENT: INK on it 16.8:1
GRID = "#d9d9d9"  # chart gridlines (never text)
# The redline of `reportgen diff --format html`: deleted words dark red on pale red (8.0:1),
# inserted words dark green on pale green (6.4:1), as GOV.UK marks errors and success.
DELETED_INK = "#942514"
DELETED_PAPER = "#f6d7d2"
INSERTED_INK = "#005a30"
INSERTED_PAPER = "#cce2d8"
FAINT_RULE = "#e5e6e7"  # between rows of one figure in the diff report (never text)
# afcharts teal: the band under the website's header, and the second series of a three- or
# four-series chart (never text).
SECOND_ACCENT = "#28a197"
# afcharts categorical palettes (Government Analysis Function), by the number of series.
CHART_PALETTES: dict[int, tuple[str, ...]] = {
    1: (ACCENT,),
    2: (ACCENT, "#f46a25"),
    3: (ACCENT, SECOND_ACCENT, "#801650"),
    4: (ACCENT, SECOND_ACCENT, "#801650", "#f46a25"),
}

# Typefaces --------------------------------------------------------------------------------

# Arial is on every Word user's machine. Liberation Sans is metric-compatible with it, so the DOCX
# (which LibreOffice sets in Liberation Sans when Arial is missing), the PDF and the printed web
# page break lines alike; it is shipped in templates/fonts for the PDF.
DOCUMENT_FONT = "Arial"
OPEN_DOCUMENT_FONT = "Liberation Sans"
# The charts are drawn in the shipped Liberation Sans, the PDF's typeface; their SVG names Arial as
# the fallback, so a web browser without Liberation Sans sets the chart text at the same widths.
CHART_FONT = OPEN_DOCUMENT_FONT
CHART_FALLBACK_FONT = DOCUMENT_FONT


def template_values() -> dict[str, str]:
    """The colours and typefaces by name, for the stylesheet and the Typst template."""
    return {
        "paper": PAPER,
        "ink": INK,
        "accent": ACCENT,
        "deleted_ink": DELETED_INK,
        "deleted_paper": DELETED_PAPER,
        "inserted_ink": INSERTED_INK,
        "inserted_paper": INSERTED_PAPER,
        "faint_rule": FAINT_RULE,
        "second_accent": SECOND_ACCENT,
        "secondary_ink": SECONDARY_INK,
        "web_secondary_ink": WEB_SECONDARY_INK,
        "link": LINK,
        "link_visited": LINK_VISITED,
        "link_hover": LINK_HOVER,
        "focus": FOCUS,
        "rule": RULE,
        "panel": PANEL,
        "pdf_table_header": PDF_TABLE_HEADER,
        "document_font": DOCUMENT_FONT,
        "open_document_font": OPEN_DOCUMENT_FONT,
    }
