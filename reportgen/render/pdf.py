"""The statement as an accessible, archivable PDF (PDF/UA-1 and PDF/A-3a), set by Typst.

The Typst template ``templates/statement.typ`` reads the composed document tree as JSON from
``sys.inputs``; narrative arrives as data, never as markup, so every character prints as written.
Nothing is written to disk: the template is read from the templates folder, the chart SVGs are
passed to Typst as text inside ``sys.inputs`` and placed with ``image(bytes(...), format: "svg")``,
and the PDF comes back as bytes. That is more robust than copying the template and the charts into
a temporary folder: there is no file to clean up, no folder to share between concurrent builds,
and a chart's file name is only ever a dictionary key, never a path Typst could be led outside
its root with.

The PDF carries the statement's validated input (``statement-input.json``) and its provenance
(``provenance.json``) as PDF/A-3 associated files with relationship Source; :func:`read_source`
reads them back from an archived PDF. The same document and the same versions of Typst and the
shipped fonts give byte-identical files: every date in the file is the publication date.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.bounded import (
    BUILT_FILE_LIMIT,
    EMBEDDED_LIMIT,
    UnsafeFile,
    inflate,
    load_json,
    read_file,
)
from reportgen.compose.document import Document
from reportgen.formats import UnreadableOutput
from reportgen.paths import template_file
from reportgen.problems import ReportgenError
from reportgen.render import house
from reportgen.render.pdf_streams import unambiguous_stream_ends

if TYPE_CHECKING:
    from typst import PDFStandard

__all__ = [
    "INPUT_ATTACHMENT",
    "PDF_STANDARDS",
    "PROVENANCE_ATTACHMENT",
    "NoSourceAttached",
    "PdfRenderFailed",
    "read_source",
    "render_pdf",
]

TEMPLATE = "statement.typ"
FONTS_FOLDER = "fonts"
INPUT_ATTACHMENT = "statement-input.json"
PROVENANCE_ATTACHMENT = "provenance.json"
# Accessible (PDF/UA-1) and archivable with attached source files (PDF/A-3a), both at once.
PDF_STANDARDS: tuple[PDFStandard, ...] = ("ua-1", "a-3a")


class PdfRenderFailed(ReportgenError):
    """Typst could not set the statement; the message carries Typst's own diagnostics."""


class NoSourceAttached(ReportgenError):
    """The PDF has no statement input or provenance attached (not a reportgen statement?)."""


def render_pdf(document: Document, images: Mapping[str, bytes]) -> bytes:
    """The statement as PDF bytes. ``images`` maps each chart's ``svg_name`` to its SVG."""
    import typst

    data = document.as_data()
    # Attached as files of their own, exactly as serialised here, rather than laid out.
    source_data = data.pop("source_data")
    provenance = data.pop("provenance")
    sys_inputs = {
        "data": json.dumps(data, ensure_ascii=False),
        "images": json.dumps(_chart_svgs(document, images), ensure_ascii=False),
        "input": _json_file(source_data),
        "provenance": _json_file(provenance),
        "house": json.dumps(house.template_values()),
    }
    template = template_file(TEMPLATE)
    try:
        pdf, warnings = typst.compile_with_warnings(
            template,
            root=template.parent,
            font_paths=[template_file(FONTS_FOLDER)],
            ignore_system_fonts=True,
            sys_inputs=sys_inputs,
            pdf_standards=list(PDF_STANDARDS),
            timestamp=_epoch(document.metadata.created),
        )
    except typst.TypstError as error:
        raise PdfRenderFailed(f"Typst could not set the PDF: {_describe(error)}") from error
    if warnings:
        # A warning (an unknown font, say) means the file would not look as designed.
        details = "; ".join(_describe(warning) for warning in warnings)
        raise PdfRenderFailed(f"Typst warned while setting the PDF: {details}")
    return unambiguous_stream_ends(pdf)


def read_source(pdf: bytes | Path) -> dict[str, Any]:
    """The statement input and provenance attached to a PDF from :func:`render_pdf`.

    Returns ``{"input": ..., "provenance": ...}``, each as parsed JSON. pypdf parses the file; the
    attachments are inflated here, stopping at reportgen.bounded.EMBEDDED_LIMIT, so an attachment
    that would inflate to gigabytes costs a few megabytes. Raises UnreadableOutput for a file that
    is not a readable PDF, is encrypted, or carries attachments reportgen would not write.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    encrypted = UnreadableOutput(
        "is encrypted (protected with a password): reportgen never encrypts a statement, so "
        "this is not the file it made — use the PDF as published"
    )
    try:
        data = pdf if isinstance(pdf, bytes) else read_file(pdf, BUILT_FILE_LIMIT, "statement")
        try:
            reader = PdfReader(io.BytesIO(data))
        except (DependencyError, FileNotDecryptedError):  # pypdf tries the empty password
            raise encrypted from None
        if reader.is_encrypted:
            raise encrypted
        attached = _attachments(reader)
        texts: dict[str, Any] = {}
        for key, name in (("input", INPUT_ATTACHMENT), ("provenance", PROVENANCE_ATTACHMENT)):
            if name not in attached:
                raise NoSourceAttached(
                    f"the PDF has no attached {name}: it was not made by reportgen, "
                    "or its attachments were removed"
                )
            texts[key] = load_json(_embedded_bytes(attached[name], name), f"its attached {name}")
    except UnsafeFile as exc:
        raise UnreadableOutput(str(exc)) from None
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        OSError,
    ) as exc:
        # A damaged PDF surfaces as any of these from deep inside the parser.
        raise UnreadableOutput(f"cannot be read as a PDF ({type(exc).__name__}: {exc})") from None
    return texts


# render_pdf attaches two files in a flat name tree; a deeper or longer one is not its work.
_NAME_TREE_DEPTH = 4
_NAME_TREE_ENTRIES = 64


def _attachments(reader: Any) -> dict[str, Any]:
    """The PDF's embedded files by name, as unread stream objects."""
    found: dict[str, Any] = {}
    names = reader.trailer["/Root"].get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    nodes = [(tree.get_object(), 0)] if tree is not None else []
    while nodes:
        node, depth = nodes.pop()
        if depth > _NAME_TREE_DEPTH or len(found) > _NAME_TREE_ENTRIES:
            raise UnsafeFile("its list of attached files is not one reportgen writes")
        pairs = list(node.get("/Names", ()))
        for name, spec in zip(pairs[::2], pairs[1::2], strict=True):
            found.setdefault(str(name), spec.get_object()["/EF"]["/F"].get_object())
        nodes.extend((kid.get_object(), depth + 1) for kid in node.get("/Kids", ()))
    return found


def _embedded_bytes(stream: Any, name: str) -> bytes:
    """An attachment's bytes, inflated only up to the limit; any other encoding is refused."""
    raw: bytes = stream._data  # the stored bytes; get_data() would inflate them without a limit
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or ())
    if stream.get("/DecodeParms") is not None or filters not in ([], ["/FlateDecode"]):
        raise UnsafeFile(f"its attached {name} is encoded in a way reportgen never writes")
    if not filters:
        if len(raw) > EMBEDDED_LIMIT:
            raise UnsafeFile(f"its attached {name} is larger than {EMBEDDED_LIMIT:,} bytes")
        return raw
    return inflate(raw, EMBEDDED_LIMIT, f"its attached {name}")


def _chart_svgs(document: Document, images: Mapping[str, bytes]) -> dict[str, str]:
    """Each chart's SVG as text, keyed by its file name, for ``image(bytes(...))`` in Typst."""
    svgs: dict[str, str] = {}
    for chart in document.charts:
        try:
            svg = images[chart.svg_name]
        except KeyError:
            raise PdfRenderFailed(
                f"no image '{chart.svg_name}' was drawn for figure {chart.number}"
            ) from None
        try:
            svgs[chart.svg_name] = svg.decode("utf-8")
        except UnicodeDecodeError as error:
            raise PdfRenderFailed(
                f"the image '{chart.svg_name}' for figure {chart.number} is not UTF-8 SVG text"
            ) from error
    return svgs


def _json_file(value: Any) -> str:
    """The text of an attached JSON file: readable, stable, non-ASCII kept as written."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _epoch(day: date) -> int:
    """Midnight UTC at the start of ``day``, in seconds since 1970: the PDF's creation time."""
    return int(datetime.combine(day, time(), tzinfo=UTC).timestamp())


def _describe(diagnostic: Any) -> str:
    """Typst's diagnostic: the message with its place in the template, then any hints."""
    message = str(getattr(diagnostic, "message", "") or diagnostic).strip()
    text = str(getattr(diagnostic, "diagnostic", "") or "").strip() or message
    hints = [
        f"hint: {hint}" for hint in getattr(diagnostic, "hints", None) or () if hint not in text
    ]
    return "\n".join([text, *hints])
