"""The published site's record (manifest.json) and the two pages made from it: index.html and feed.xml.

Everything here is a pure function of the manifest (and the index template), so the same manifest
always gives the same bytes. reportgen/publish.py decides what goes into the manifest and switches
the files into place.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal
from xml.etree import ElementTree

from reportgen.dates import MONTHS, file_size, long_date
from reportgen.problems import ReportgenError
from reportgen.read.editions import EditionLabel

if TYPE_CHECKING:
    pass

MANIFEST = "manifest.json"
INDEX = "index.html"
FEED = "feed.xml"
STATEMENTS = "statements"
REVISIONS = "revisions"
MANIFEST_FORMAT = "reportgen-site-manifest"
MANIFEST_VERSION = 1
INDEX_TEMPLATE = "site-index.html.j2"
TITLE = "National Policing Priorities Statement"

Format = Literal["html", "pdf", "docx"]
# The order formats are listed in: the accessible web page first.
FORMATS: tuple[Format, ...] = ("html", "pdf", "docx")
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMAT_NAMES: dict[str, str] = {"html": "HTML", "pdf": "PDF", "docx": "Word (DOCX)"}


class SiteError(ReportgenError):
    """The site folder, or the build to publish into it, is not as publishing needs it to be."""


@dataclass(frozen=True)
class SiteFile:
    """One published file, with its checksum and what it was made from."""

    path: str  # relative to the site folder, with forward slashes
    format: Format
    size: int
    sha256: str  # hex digest of the file's bytes, as `sha256sum` prints it
    edition: str  # "2024-25 Q4"
    published: date  # the publication date embedded in the file
    reportgen: str  # the version of reportgen that built it
    inputs: dict[str, str]  # input file name -> "sha256:…", from the file's provenance
    superseded_by: int | None = None  # the revision that replaced it; None while it is current

    def as_data(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "size": self.size,
            "sha256": self.sha256,
            "edition": self.edition,
            "published": self.published.isoformat(),
            "reportgen": self.reportgen,
            "inputs": dict(sorted(self.inputs.items())),
            "superseded_by": self.superseded_by,
        }


@dataclass(frozen=True)
class Revision:
    """A correction to a published edition: when, why, and where the files it replaced are kept."""

    number: int
    date: date
    reason: str
    earlier_files: str  # the folder holding the files as they were before this revision

    def as_data(self) -> dict[str, Any]:
        return {
            "revision": self.number,
            "date": self.date.isoformat(),
            "reason": self.reason,
            "earlier_files": self.earlier_files,
        }


@dataclass(frozen=True)
class EditionRecord:
    """One edition on the site."""

    edition: str
    folder: str
    published: date  # embedded in the files first published for this edition
    office: str
    website: str
    entry_id: str  # the Atom entry's id, fixed when the edition is first published
    revisions: tuple[Revision, ...] = ()

    @property
    def label(self) -> EditionLabel:
        return EditionLabel.parse(self.edition)

    @property
    def updated(self) -> date:
        return self.revisions[-1].date if self.revisions else self.published

    def as_data(self) -> dict[str, Any]:
        label = self.label
        return {
            "edition": self.edition,
            "folder": self.folder,
            "period": {
                "start": label.quarter_start.isoformat(),
                "end": label.quarter_end.isoformat(),
            },
            "published": self.published.isoformat(),
            "updated": self.updated.isoformat(),
            "office": self.office,
            "website": self.website,
            "entry_id": self.entry_id,
            "revisions": [revision.as_data() for revision in self.revisions],
        }


@dataclass(frozen=True)
class Manifest:
    """The site's record of every edition and every file: the commit point of a publish."""

    feed_id: str = ""
    base_url: str | None = None
    editions: tuple[EditionRecord, ...] = ()
    files: tuple[SiteFile, ...] = field(default_factory=tuple)

    def edition(self, name: str) -> EditionRecord | None:
        return next((record for record in self.editions if record.edition == name), None)

    def current_files(self, name: str) -> dict[str, SiteFile]:
        """The edition's current files, by format."""
        return {f.format: f for f in self.files if f.edition == name and f.superseded_by is None}

    @property
    def updated(self) -> date | None:
        return max((record.updated for record in self.editions), default=None)

    @property
    def newest(self) -> EditionRecord | None:
        return self.editions[0] if self.editions else None

    def as_data(self) -> dict[str, Any]:
        updated = self.updated
        return {
            "format": MANIFEST_FORMAT,
            "version": MANIFEST_VERSION,
            "updated": updated.isoformat() if updated else None,
            "feed_id": self.feed_id,
            "base_url": self.base_url,
            "editions": [record.as_data() for record in self.editions],
            "files": [f.as_data() for f in self.files],
        }

    def to_bytes(self) -> bytes:
        """The manifest file: keys in a fixed order, editions newest first, files by path."""
        return (json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def normalised(self) -> Manifest:
        """The same record in its canonical order (editions newest first, files by path)."""
        return Manifest(
            feed_id=self.feed_id,
            base_url=self.base_url,
            editions=tuple(sorted(self.editions, key=lambda r: r.label, reverse=True)),
            files=tuple(sorted(self.files, key=lambda f: f.path)),
        )


def feed_id(website: str) -> str:
    """The feed's id, derived from the office's website; kept in the manifest once made."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{website.rstrip('/')}/{_ID_PATH}").urn


def entry_id(website: str, edition: EditionLabel) -> str:
    """An edition's Atom entry id, derived from the website and edition; kept once made."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{website.rstrip('/')}/{_ID_PATH}/{edition.slug}").urn


_ID_PATH = "national-policing-priorities-statement"


# --------------------------------------------------------------------------------------
# Reading the manifest back
# --------------------------------------------------------------------------------------


def parse_manifest(data: bytes, name: str = MANIFEST) -> Manifest:
    """The manifest from its file's bytes; raises SiteError naming what is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SiteError(f"{name} is not readable JSON ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != MANIFEST_FORMAT:
        raise SiteError(
            f'{name} is not a reportgen site manifest (no "format": "{MANIFEST_FORMAT}")'
        )
    if raw.get("version") != MANIFEST_VERSION:
        raise SiteError(
            f"{name} is version {raw.get('version')!r} of the manifest; this reportgen reads "
            f"version {MANIFEST_VERSION} — use the reportgen that made the site"
        )
    try:
        return Manifest(
            feed_id=str(raw["feed_id"]),
            base_url=raw["base_url"],
            editions=tuple(_edition(item) for item in raw["editions"]),
            files=tuple(_file(item) for item in raw["files"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SiteError(f"{name} is damaged: {type(exc).__name__} {exc}") from None


def _edition(item: dict[str, Any]) -> EditionRecord:
    return EditionRecord(
        edition=str(EditionLabel.parse(item["edition"])),
        folder=_relative(item["folder"]),
        published=date.fromisoformat(item["published"]),
        office=str(item["office"]),
        website=str(item["website"]),
        entry_id=str(item["entry_id"]),
        revisions=tuple(
            Revision(
                number=int(r["revision"]),
                date=date.fromisoformat(r["date"]),
                reason=str(r["reason"]),
                earlier_files=_relative(r["earlier_files"]),
            )
            for r in item["revisions"]
        ),
    )


def _file(item: dict[str, Any]) -> SiteFile:
    path = _relative(item["path"])
    if item["format"] not in FORMATS:
        raise ValueError(f"unknown format {item['format']!r}")
    superseded = item["superseded_by"]
    return SiteFile(
        path=path,
        format=item["format"],
        size=int(item["size"]),
        sha256=str(item["sha256"]),
        edition=str(item["edition"]),
        published=date.fromisoformat(item["published"]),
        reportgen=str(item["reportgen"]),
        inputs={str(k): str(v) for k, v in dict(item["inputs"]).items()},
        superseded_by=None if superseded is None else int(superseded),
    )


def _relative(path: Any) -> str:
    """A path inside the site: relative, forward slashes, never climbing out of the site."""
    text = str(path)
    parts = text.split("/")
    if not text or text.startswith("/") or "\\" in text or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"{text!r} is not a path inside the site")
    return text


# --------------------------------------------------------------------------------------
# Words for people
# --------------------------------------------------------------------------------------


def period(label: EditionLabel) -> str:
    """The months an edition covers: 'January to March 2025', 'October to December 2024'."""
    start, end = label.quarter_start, label.quarter_end
    return f"{MONTHS[start.month - 1]} to {MONTHS[end.month - 1]} {end.year}"


def link_text(site_file: SiteFile) -> str:
    """'PDF, 412 KB': a download link names the file's type and size."""
    return f"{FORMAT_NAMES[site_file.format]}, {file_size(site_file.size)}"


# --------------------------------------------------------------------------------------
# index.html
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadView:
    href: str
    text: str  # 'PDF, 412 KB'
    media_type: str


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
    from reportgen.paths import templates_dir
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
    template = environment(templates_dir()).get_template(INDEX_TEMPLATE)
    page = template.render(
        title=TITLE,
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
    ordered = sorted(files, key=lambda f: FORMATS.index(f.format))
    return tuple(DownloadView(f.path, link_text(f), MEDIA_TYPES[f.format]) for f in ordered)


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
    _text(feed, "title", f"{TITLE}: {newest.office}")
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
        _text(entry, "title", f"{TITLE}, {record.edition} ({period(label)})")
        _text(entry, "published", _timestamp(record.published))
        _text(entry, "updated", _timestamp(record.updated))
        files = manifest.current_files(record.edition)
        for site_file in sorted(files.values(), key=lambda f: FORMATS.index(f.format)):
            _link(
                entry,
                "alternate",
                site_file.path,
                MEDIA_TYPES[site_file.format],
                title=link_text(site_file),
                length=site_file.size,
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
) -> None:
    link = ElementTree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=media_type)
    if title is not None:
        link.set("title", title)
    if length is not None:
        link.set("length", str(length))


def _timestamp(day: date) -> str:
    """An RFC 3339 date-time for Atom: midnight UTC at the start of the day."""
    return f"{day.isoformat()}T00:00:00Z"
