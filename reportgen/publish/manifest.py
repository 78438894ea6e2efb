"""The published site's record, manifest.json: every edition and every file, with checksums.

The same manifest always gives the same bytes (fixed key order, editions newest first, files by
path), so the site is the same whatever order its editions were published in.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from reportgen.bounded import MANIFEST_LIMIT, UnsafeFile, load_json, read_file
from reportgen.problems import ReportgenError, display_path
from reportgen.read.editions import EditionLabel

MANIFEST = "manifest.json"
INDEX = "index.html"
FEED = "feed.xml"
STATEMENTS = "statements"
REVISIONS = "revisions"
MANIFEST_FORMAT = "reportgen-site-manifest"
MANIFEST_VERSION = 1

FormatName = Literal["html", "pdf", "docx"]
# The order a site lists an edition's formats in: the accessible web page first.
SITE_FORMATS: tuple[FormatName, ...] = ("html", "pdf", "docx")


class SiteError(ReportgenError):
    """The site folder, or the build to publish into it, is not as publishing needs it to be."""


@dataclass(frozen=True)
class SiteFile:
    """One published file, with its checksum and what it was made from."""

    path: str  # relative to the site folder, with forward slashes
    format: FormatName
    size: int
    sha256: str  # hex digest of the file's bytes, as `sha256sum` prints it
    edition: str  # "2024-25 Q4"
    published: date  # the publication date embedded in the file
    reportgen: str  # the version of reportgen that built it
    inputs: dict[str, str]  # input file name -> "sha256:…", from the file's provenance
    superseded_by: int | None = None  # the revision that replaced it; None while it is current
    # "cy" for the Welsh edition published beside the English one; None for the edition itself.
    language: str | None = None

    @property
    def slot(self) -> str:
        """The file's place in its edition: 'pdf', or 'pdf-cy' for the Welsh PDF."""
        return f"{self.format}-{self.language}" if self.language else self.format

    def as_data(self) -> dict[str, Any]:
        language = {"language": self.language} if self.language else {}
        return language | {
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
        """The edition's current files, by slot: 'pdf', and 'pdf-cy' for a Welsh edition's."""
        return {f.slot: f for f in self.files if f.edition == name and f.superseded_by is None}

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


def read_manifest(site: Path) -> Manifest:
    """The site's manifest.json, read within its size limit and checked value by value."""
    path = site / MANIFEST
    try:
        data = read_file(path, MANIFEST_LIMIT, "site manifest")
    except UnsafeFile as exc:
        raise SiteError(f"{display_path(path)} {exc}") from None
    return parse_manifest(data, display_path(path))


def parse_manifest(data: bytes, name: str = MANIFEST) -> Manifest:
    """The manifest from its file's bytes; raises SiteError naming what is wrong.

    Every value is checked before use, since each becomes part of index.html and feed.xml: a
    hand-edited path, address, identifier or reason that publish would never write is refused.
    """
    try:
        raw = load_json(data, name)
    except UnsafeFile as exc:
        raise SiteError(str(exc)) from None
    if not isinstance(raw, dict) or raw.get("format") != MANIFEST_FORMAT:
        raise SiteError(
            f'{name} is not a reportgen site manifest (no "format": "{MANIFEST_FORMAT}")'
        )
    if raw.get("version") != MANIFEST_VERSION:
        raise SiteError(
            f"{name} is version {str(raw.get('version'))[:20]!r} of the manifest; this reportgen "
            f"reads version {MANIFEST_VERSION} — use the reportgen that made the site"
        )
    try:
        base_url = raw["base_url"]
        return Manifest(
            feed_id=_matching(raw["feed_id"], _URN, "a feed id"),
            base_url=None if base_url is None else web_address(base_url),
            editions=tuple(_edition(item) for item in raw["editions"]),
            files=tuple(_file(item) for item in raw["files"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        why = f"it has no {exc} field" if isinstance(exc, KeyError) else str(exc)
        raise SiteError(
            f"{name} is damaged or was edited by hand ({why}) — restore it from a backup; "
            "publish never writes such a value"
        ) from None


_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_VERSION = re.compile(r"[0-9A-Za-z.+_-]{1,40}")
_FILE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]{1,255}")
# A web address as publish writes it: http(s), then only characters safe unquoted in XML and HTML.
_WEB_ADDRESS = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9._~%/+\-!$&()*,;=:@?#]*)?"
)
# A revision reason is a sentence or two; an office's name is a line.
REASON_LIMIT = 500
_LINE_LIMIT = 1000


def web_address(value: Any) -> str:
    """An http(s) address with no quotes, spaces, markup or control characters; else ValueError."""
    text = str(value) if isinstance(value, str) else ""
    if len(text) > 2000 or not _WEB_ADDRESS.fullmatch(text):
        raise ValueError(f"{str(value)[:80]!r} is not a web address (https://…)")
    return text


def plain_text(value: Any, what: str, limit: int) -> str:
    """Text that may be shown on the site: a string, short enough, with no unusable characters."""
    from reportgen.read.characters import character_problems

    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    if len(value) > limit:
        raise ValueError(f"{what} is {len(value):,} characters long ({limit:,} at most)")
    problems = character_problems(value)
    if problems:
        raise ValueError(f"{what} {problems[0].message}")
    return value


def _matching(value: Any, pattern: re.Pattern[str], what: str) -> str:
    if not (isinstance(value, str) and pattern.fullmatch(value)):
        raise ValueError(f"{str(value)[:80]!r} is not {what}")
    return value


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**40:
        raise ValueError(f"{str(value)[:40]!r} is not {what}")
    return value


def _edition(item: dict[str, Any]) -> EditionRecord:
    return EditionRecord(
        edition=str(EditionLabel.parse(item["edition"])),
        folder=relative(item["folder"]),
        published=date.fromisoformat(item["published"]),
        office=plain_text(item["office"], "an office name", _LINE_LIMIT),
        website=web_address(item["website"]),
        entry_id=_matching(item["entry_id"], _URN, "an entry id"),
        revisions=tuple(
            Revision(
                number=_count(r["revision"], "a revision number"),
                date=date.fromisoformat(r["date"]),
                reason=plain_text(r["reason"], "a revision reason", REASON_LIMIT),
                earlier_files=relative(r["earlier_files"]),
            )
            for r in item["revisions"]
        ),
    )


def _file(item: dict[str, Any]) -> SiteFile:
    path = relative(item["path"])
    if item["format"] not in SITE_FORMATS:
        raise ValueError(f"unknown format {str(item['format'])[:20]!r}")
    superseded = item["superseded_by"]
    language = item.get("language")
    if language not in (None, "cy"):
        raise ValueError(f"unknown language {str(language)[:20]!r}")
    return SiteFile(
        path=path,
        format=item["format"],
        size=_count(item["size"], "a file size"),
        sha256=_matching(item["sha256"], _SHA256, "a SHA-256"),
        edition=str(EditionLabel.parse(item["edition"])),
        published=date.fromisoformat(item["published"]),
        reportgen=_matching(item["reportgen"], _VERSION, "a reportgen version"),
        inputs={
            _matching(k, _FILE_NAME, "a file name"): _matching(v, _HASH, "sha256:<digest>")
            for k, v in dict(item["inputs"]).items()
        },
        superseded_by=None if superseded is None else _count(superseded, "a revision number"),
        language=language,
    )


def relative(path: Any) -> str:
    """A path inside the site: relative, forward slashes, never climbing out of the site.

    Each part is letters, digits, '.', '_' and '-' as publish names them, so a hand-edited path
    cannot become a `javascript:` link, a drive letter or a path on another server.
    """
    text = str(path)
    if len(text) > 300 or not all(_PART.fullmatch(part) for part in text.split("/")):
        raise ValueError(f"{text[:80]!r} is not a path inside the site")
    return text


_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
