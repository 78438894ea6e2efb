"""The published site's two pages, made from its manifest: index.html and feed.xml.

Both are pure functions of the manifest (and the index template), so the same manifest always gives
the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree

from reportgen.dates import file_size, long_date, month_span
from reportgen.formats import FORMATS
from reportgen.publish.manifest import (
    FEED,
    INDEX,
    MANIFEST,
    SITE_FORMATS,
    EditionRecord,
    Manifest,
    Revision,
    SiteError,
    SiteFile,
)
from reportgen.read.editions import EditionLabel

INDEX_TEMPLATE = "site-index.html.j2"
# How a download link names a format where the format's own title is not the plainest word.
LINK_WORDS = {"docx": "Word (DOCX)"}
# The language of a file published beside the edition's own (a Welsh edition), as a link names it.
LANGUAGE_NAMES = {"cy": "Welsh"}


# --------------------------------------------------------------------------------------
# Words for people
# --------------------------------------------------------------------------------------


def period(label: EditionLabel) -> str:
    """The months an edition covers: 'January to March 2025', 'October to December 2024'."""
    return month_span(label.quarter_start, label.quarter_end)


def link_text(site_file: SiteFile) -> str:
    """'PDF, 412 KB': a download link names the file's type and size ('PDF in Welsh, …')."""
    words = LINK_WORDS.get(site_file.format, FORMATS[site_file.format].title)
    if site_file.language:
        words += f" in {LANGUAGE_NAMES[site_file.language]}"
    return f"{words}, {file_size(site_file.size)}"


def _listed(files: list[SiteFile]) -> list[SiteFile]:
    """Files in the site's order of formats, each English file before its Welsh counterpart."""
    return sorted(files, key=lambda f: (SITE_FORMATS.index(f.format), f.language or ""))


# --------------------------------------------------------------------------------------
# index.html
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadView:
    href: str
    text: str  # 'PDF, 412 KB'
    media_type: str
    language: str | None = None  # 'cy' for the Welsh edition's file


@dataclass(frozen=True)
class RevisionView:
    edition: str
    anchor: str
    number: int
    date: date
    date_text: str
    reason: str
    earlier: tuple[DownloadView, ...]


@dataclass(frozen=True)
class EditionView:
    edition: str
    anchor: str
    period: str
    published: date
    published_text: str
    revised: RevisionView | None  # the latest revision, if any
    downloads: tuple[DownloadView, ...]


def render_index(manifest: Manifest) -> bytes:
    """The site's home page: every edition, newest first, with its downloads and revision notes."""
    from reportgen.paths import template_folders
    from reportgen.render import house
    from reportgen.render.templating import environment

    newest = manifest.newest
    if newest is None:
        raise SiteError("there is no edition to list")
    editions = tuple(_edition_view(manifest, record) for record in manifest.editions)
    revisions = tuple(
        _revision_view(manifest, record, revision)
        for record in manifest.editions
        for revision in reversed(record.revisions)
    )
    updated = manifest.updated or newest.published
    template = environment(template_folders()).get_template(INDEX_TEMPLATE)
    page = template.render(
        house=house.template_values(),
        title=_wording("title"),
        skip_link=_wording("skip_link"),
        office=newest.office,
        latest=editions[0],
        editions=editions,
        revisions=revisions,
        updated=updated,
        updated_text=long_date(updated),
        manifest=MANIFEST,
        feed=FEED,
    )
    text: str = page
    return text.encode("utf-8")


def _downloads(files: list[SiteFile]) -> tuple[DownloadView, ...]:
    return tuple(
        DownloadView(f.path, link_text(f), FORMATS[f.format].media_type, f.language)
        for f in _listed(files)
    )


def _edition_view(manifest: Manifest, record: EditionRecord) -> EditionView:
    latest = record.revisions[-1] if record.revisions else None
    return EditionView(
        edition=record.edition,
        anchor=f"edition-{record.label.slug.lower()}",
        period=period(record.label),
        published=record.published,
        published_text=long_date(record.published),
        revised=_revision_view(manifest, record, latest) if latest else None,
        downloads=_downloads(list(manifest.current_files(record.edition).values())),
    )


def _revision_view(manifest: Manifest, record: EditionRecord, revision: Revision) -> RevisionView:
    earlier = [
        f
        for f in manifest.files
        if f.edition == record.edition and f.superseded_by == revision.number
    ]
    return RevisionView(
        edition=record.edition,
        anchor=f"revision-{record.label.slug.lower()}-{revision.number}",
        number=revision.number,
        date=revision.date,
        date_text=long_date(revision.date),
        reason=revision.reason,
        earlier=_downloads(earlier),
    )


# --------------------------------------------------------------------------------------
# feed.xml
# --------------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def render_feed(manifest: Manifest) -> bytes:
    """An Atom 1.0 feed with one entry per edition, newest first.

    Links are relative to the feed itself, so the site works wherever it is copied; with a base URL
    the feed carries it as xml:base, for feed readers that do not resolve relative links.
    """
    newest = manifest.newest
    if newest is None:
        raise SiteError("there is no edition to list")
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    if manifest.base_url:
        feed.set(XML_BASE, manifest.base_url)
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "en-GB")
    _text(feed, "id", manifest.feed_id)
    _text(feed, "title", f"{_wording('title')}: {newest.office}")
    _text(feed, "updated", _timestamp(manifest.updated or newest.published))
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", newest.office)
    _text(author, "uri", newest.website)
    _link(feed, "self", FEED, "application/atom+xml")
    _link(feed, "alternate", INDEX, "text/html")
    for record in manifest.editions:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        label = record.label
        _text(entry, "id", record.entry_id)
        _text(entry, "title", f"{_wording('title')}, {record.edition} ({period(label)})")
        _text(entry, "published", _timestamp(record.published))
        _text(entry, "updated", _timestamp(record.updated))
        files = manifest.current_files(record.edition)
        for site_file in _listed(list(files.values())):
            _link(
                entry,
                "alternate",
                site_file.path,
                FORMATS[site_file.format].media_type,
                title=link_text(site_file),
                length=site_file.size,
                language=site_file.language,
            )
        summary = f"The statement for {period(label)}, published {long_date(record.published)}."
        for revision in record.revisions:
            summary += f" Revised {long_date(revision.date)}: {revision.reason}"
        _text(entry, "summary", summary)
    ElementTree.indent(feed)
    xml: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _link(
    parent: ElementTree.Element,
    rel: str,
    href: str,
    media_type: str,
    *,
    title: str | None = None,
    length: int | None = None,
    language: str | None = None,
) -> None:
    link = ElementTree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=media_type)
    if language is not None:
        link.set("hreflang", language)
    if title is not None:
        link.set("title", title)
    if length is not None:
        link.set("length", str(length))


def _timestamp(day: date) -> str:
    """An RFC 3339 date-time for Atom: midnight UTC at the start of the day."""
    return f"{day.isoformat()}T00:00:00Z"


def _wording(key: str) -> str:
    """The statement's own words for the site (its title, the skip link), from wording.yaml."""
    from reportgen.compose import load_wording

    return load_wording()(key)
