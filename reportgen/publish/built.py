"""Reads a build folder to publish: its three files, and the edition their embedded source data names."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.formats import FILE_STEM, FORMATS, WELSH_SLUG
from reportgen.problems import ReportgenError, display_path
from reportgen.publish.manifest import SITE_FORMATS, FormatName, SiteError, web_address
from reportgen.read.editions import EditionLabel
from reportgen.render.readback import BuiltStatement, read_statement
from reportgen.render.readback import confirm as confirm_made_by_reportgen

DEFAULT_BUILDS = Path("build")


@dataclass(frozen=True)
class BuiltFile:
    """One built file, its checksum, and the provenance embedded in it."""

    format: FormatName
    path: Path
    data: bytes
    sha256: str
    provenance: dict[str, Any]
    source: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # "cy" for the Welsh edition's file


@dataclass(frozen=True)
class BuiltEdition:
    """An edition's three built files, with what their embedded source data says about them."""

    folder: Path
    label: EditionLabel
    published: dt.date
    office: str
    website: str
    reportgen: str
    inputs: dict[str, str]
    # By slot: 'pdf', and 'pdf-cy' for the Welsh edition built beside the English one.
    files: dict[str, BuiltFile]

    def site_name(self, slot: str) -> str:
        """The file's stable name on the site."""
        fmt, _, language = slot.partition("-")
        return FORMATS[fmt].file_name(self.label.slug + (f"-{language}" if language else ""))


def read_build(
    folder: Path, *, confirm: bool = True, progress: Callable[[str], None] = lambda _: None
) -> BuiltEdition:
    """The edition built in `folder`, identified by the source data embedded in its files.

    Raises SiteError if a format is missing, if a file is damaged or carries data reportgen would
    not write, or if the three files do not agree on the edition, its input, or how they were
    made. With `confirm`, each file is made again from its embedded data and must be identical
    (see reportgen.render.readback); one made by another version is passed with a note.
    """
    where = display_path(folder)
    if not folder.is_dir():
        raise SiteError(
            f"there is no build folder '{where}' — build the edition first: reportgen build"
        )
    files: dict[str, BuiltFile] = {}
    sources: dict[FormatName, dict[str, Any]] = {}
    statements: dict[str, BuiltStatement] = {}
    for fmt in SITE_FORMATS:
        kind = FORMATS[fmt]
        found = sorted(folder.glob(f"{FILE_STEM}-*{kind.extension}"))
        welsh = [p for p in found if p.stem.endswith(WELSH_SLUG)]
        found = [p for p in found if p not in welsh]
        if len(welsh) == 1:
            slot = f"{fmt}{WELSH_SLUG}"
            statements[slot] = _read(welsh[0], fmt)
            files[slot] = _built_file(fmt, statements[slot], "cy")
        if not found:
            raise SiteError(
                f"{where} has no {kind.title} file — publish needs all three formats: "
                "reportgen build (without --format)"
            )
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise SiteError(f"{where} has more than one {kind.title} file ({names}) — keep one")
        statement = _read(found[0], fmt)
        sources[fmt] = statement.embedded.source
        files[fmt] = _built_file(fmt, statement)
        statements[fmt] = statement
    edition = _agreed_edition(folder, files, sources)
    for slot, built in files.items():
        if slot != built.format and built.source.get("input") != sources[built.format].get("input"):
            raise SiteError(
                f"{display_path(built.path)} was not built from the same input as "
                f"{files[built.format].path.name} — build the edition again: reportgen build"
            )
    if confirm:
        for slot in files:
            _confirm(statements[slot], progress)
    return edition


def _read(path: Path, fmt: FormatName) -> BuiltStatement:
    try:
        return read_statement(path, FORMATS[fmt])
    except ReportgenError as exc:
        raise SiteError(f"{display_path(path)}: {exc} — build it again") from None


def _built_file(
    fmt: FormatName, statement: BuiltStatement, language: str | None = None
) -> BuiltFile:
    source = statement.embedded.source
    digest = hashlib.sha256(statement.data).hexdigest()
    return BuiltFile(
        fmt, statement.path, statement.data, digest, source["provenance"], source, language
    )


def _confirm(statement: BuiltStatement, progress: Callable[[str], None]) -> None:
    """Make the file again from its embedded data: a file that differs is refused."""
    verdict = confirm_made_by_reportgen(statement)
    shown = display_path(statement.path)
    if verdict == "changed":
        raise SiteError(
            f"{shown}: this file was changed after reportgen made it — it is not what reportgen "
            "makes from the statement data it carries, so it is not published. Build the "
            "edition again: reportgen build inputs/<edition>.yaml"
        )
    if verdict == "other version":
        progress(
            f"{shown} was made by reportgen {statement.embedded.reportgen}, not this version "
            f"({__version__}): made by another reportgen version, so it cannot be confirmed "
            "unchanged."
        )
    elif verdict == "other templates":
        progress(
            f"{shown} was made with other templates than this project's, so it cannot be "
            "confirmed unchanged."
        )


def _identity(source: dict[str, Any]) -> tuple[str, str]:
    """(edition, a fingerprint of the input and provenance) as embedded in one file."""
    edition = source.get("input", {}).get("edition", {})
    try:
        label = str(EditionLabel(int(str(edition["financial_year"])[:4]), int(edition["quarter"])))
    except (KeyError, TypeError, ValueError):
        label = "no edition"
    fingerprint = hashlib.sha256(
        json.dumps(source, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return label, fingerprint


def _agreed_edition(
    folder: Path, files: dict[str, BuiltFile], sources: dict[FormatName, dict[str, Any]]
) -> BuiltEdition:
    identities = {fmt: _identity(source) for fmt, source in sources.items()}
    if len(set(identities.values())) > 1:
        lines = []
        for fmt, (label, _) in identities.items():
            provenance = files[fmt].provenance
            inputs = ", ".join(
                f"{name} {digest.removeprefix('sha256:')[:12]}"
                for name, digest in sorted(dict(provenance.get("inputs", {})).items())
            )
            lines.append(
                f"  {files[fmt].path.name}: {label}, inputs {inputs or 'unknown'}, "
                f"reportgen {provenance.get('reportgen', 'unknown')}"
            )
        raise SiteError(
            f"the files in {display_path(folder)} were not built from the same input:\n"
            + "\n".join(lines)
            + "\nBuild all three again from the edition file: reportgen build inputs/<edition>.yaml"
        )
    source = sources["pdf"]
    provenance = source["provenance"]
    edition = source["input"]["edition"]
    profile = source["input"]["profile"]
    edition_label = EditionLabel.parse(identities["pdf"][0])
    if provenance.get("edition") != str(edition_label):
        raise SiteError(
            f"{display_path(files['pdf'].path)}: its provenance names edition "
            f"{provenance.get('edition')!r} but its input is {edition_label} — rebuild it"
        )
    try:
        web_address(profile["website"])
    except ValueError:
        raise SiteError(
            f"{display_path(files['pdf'].path)}: the office's website "
            f"{str(profile['website'])[:80]!r} cannot be a link on the site (it holds spaces, "
            "quotes or markup) — correct website in profile.yaml and build again"
        ) from None
    return BuiltEdition(
        folder=folder,
        label=edition_label,
        published=dt.date.fromisoformat(str(edition["published"])),
        office=str(profile["office"]),
        website=str(profile["website"]),
        reportgen=str(provenance["reportgen"]),
        inputs={str(k): str(v) for k, v in dict(provenance["inputs"]).items()},
        files=files,
    )


def newest_build(builds: Path = DEFAULT_BUILDS) -> Path:
    """The build folder of the latest edition under build/ (the edition is then read from its files)."""
    candidates: list[tuple[EditionLabel, Path]] = []
    if builds.is_dir():
        for folder in builds.iterdir():
            with contextlib.suppress(ValueError):
                if folder.is_dir():
                    candidates.append((EditionLabel.parse(folder.name), folder))
    if not candidates:
        raise SiteError(
            f"there are no build folders in '{display_path(builds)}' — build the edition first "
            "with reportgen build, or give the build folder"
        )
    return max(candidates)[1]
