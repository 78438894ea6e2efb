"""Publishes built editions to a folder of static files (the site), and verifies a published site.

A publish never leaves the site half-changed. Under an exclusive lock on ``DIR/.lock`` it:

1. reads the three built files and checks they were made from the same input;
2. stages every new file (statements, manifest.json, index.html, feed.xml) in ``DIR/.publishing/``;
3. writes a journal there listing the renames that switch the staged files into place;
4. renames: the statements first, then manifest.json (the commit point), then index.html and
   feed.xml.

Before step 3 nothing outside ``.publishing/`` has changed, and the next publish deletes the
leftover. After it, the next publish reads the journal: if the staged manifest.json is still in
``.publishing/`` the publish had not committed, and its renames are undone; otherwise they are
finished. Every rename stays inside the site folder, so each one is atomic.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from reportgen.dates import file_size, long_date
from reportgen.files import write_atomic
from reportgen.problems import ReportgenError, display_path
from reportgen.publish.site import (
    FEED,
    FORMATS,
    INDEX,
    MANIFEST,
    REVISIONS,
    STATEMENTS,
    EditionRecord,
    Format,
    Manifest,
    Revision,
    SiteError,
    SiteFile,
    entry_id,
    feed_id,
    parse_manifest,
    render_feed,
    render_index,
)
from reportgen.read.editions import EditionLabel

__all__ = [
    "AlreadyPublished",
    "BuiltEdition",
    "PublishResult",
    "SiteError",
    "SiteProblem",
    "add_parser",
    "publish",
    "read_build",
    "recover",
    "run_publish",
    "run_verify",
    "verify",
]

LOCK = ".lock"
STAGING = ".publishing"
JOURNAL = "journal.json"
DEFAULT_BUILDS = Path("build")
FILE_STEM = "national-priorities-statement"  # as reportgen.build names the files
# Files at the top of the site that publish writes and verify does not checksum.
SITE_FILES = frozenset({MANIFEST, INDEX, FEED, LOCK})

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """Progress goes nowhere unless the caller asks for it."""


class AlreadyPublished(SiteError):
    """The edition is published with different files, and no revision reason was given."""


# --------------------------------------------------------------------------------------
# The build to publish
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltFile:
    format: Format
    path: Path
    data: bytes
    sha256: str
    provenance: dict[str, Any]


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
    files: dict[Format, BuiltFile]

    def site_name(self, fmt: Format) -> str:
        """The file's stable name on the site."""
        return f"{FILE_STEM}-{self.label.slug.lower()}.{fmt}"


def _read_source(fmt: Format, data: bytes) -> dict[str, Any]:
    if fmt == "pdf":
        from reportgen.render.pdf import read_source as read_pdf

        return read_pdf(data)
    if fmt == "docx":
        from reportgen.render.docx import read_source as read_docx

        return read_docx(data)
    from reportgen.render.html import read_source as read_html

    return read_html(data)


def read_build(folder: Path) -> BuiltEdition:
    """The edition built in `folder`, identified by the source data embedded in its files.

    Raises SiteError if a format is missing, or if the three files do not agree on the edition,
    its input, or how they were made.
    """
    where = display_path(folder)
    if not folder.is_dir():
        raise SiteError(
            f"there is no build folder '{where}' — build the edition first: reportgen build"
        )
    files: dict[Format, BuiltFile] = {}
    sources: dict[Format, dict[str, Any]] = {}
    for fmt in FORMATS:
        found = sorted(folder.glob(f"{FILE_STEM}-*.{fmt}"))
        if not found:
            raise SiteError(
                f"{where} has no {fmt.upper()} file — publish needs all three formats: "
                "reportgen build (without --format)"
            )
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise SiteError(f"{where} has more than one {fmt.upper()} file ({names}) — keep one")
        path = found[0]
        data = path.read_bytes()
        try:
            source = _read_source(fmt, data)
        except ReportgenError as exc:
            raise SiteError(f"{display_path(path)}: {exc}") from None
        except Exception as exc:  # a damaged file: the reader's own error, named
            raise SiteError(
                f"{display_path(path)} cannot be read ({type(exc).__name__}: {exc}) — rebuild it"
            ) from None
        sources[fmt] = source
        files[fmt] = BuiltFile(
            fmt, path, data, hashlib.sha256(data).hexdigest(), source.get("provenance", {})
        )
    return _agreed_edition(folder, files, sources)


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
    folder: Path, files: dict[Format, BuiltFile], sources: dict[Format, dict[str, Any]]
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


# --------------------------------------------------------------------------------------
# Publishing
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishResult:
    edition: str
    status: Literal["published", "revised", "unchanged"]
    site: Path
    folder: Path  # the edition's folder on the site
    files: tuple[SiteFile, ...]  # the edition's current files
    revision: Revision | None = None
    pages_updated: bool = False  # manifest.json, index.html and feed.xml were rewritten
    recovered: str | None = None  # what was done about an interrupted publish, if there was one


@dataclass(frozen=True)
class _Step:
    """One rename of the switch: `move` never overwrites; `replace` does (generated files only)."""

    op: Literal["move", "replace"]
    src: str
    dst: str


@dataclass
class _Plan:
    """What a publish changes: the new record, the files to stage, and the renames that switch them."""

    status: Literal["published", "revised", "unchanged"]
    record: EditionRecord
    files: list[SiteFile]  # every file the new manifest lists
    staged: dict[str, bytes] = field(default_factory=dict)  # path in .publishing/ -> bytes
    folders: list[str] = field(default_factory=list)  # empty folders to make in .publishing/
    steps: list[_Step] = field(default_factory=list)
    revision: Revision | None = None
    manifest: Manifest = field(default_factory=Manifest)


def publish(
    build_dir: Path,
    site: Path,
    *,
    revise: str | None = None,
    date: dt.date | None = None,
    base_url: str | None = None,
    progress: Progress = _quiet,
) -> PublishResult:
    """Publish the edition built in `build_dir` into the site folder `site`.

    An edition already on the site with identical files is left alone (status "unchanged"). With
    different files it is refused (AlreadyPublished) unless `revise` gives the reason for a
    revision: the published files are then kept under statements/<edition>/revisions/<n>/, and
    the revision is recorded with `date` (default: today). `base_url`, once given, is kept in the
    manifest and set as the feed's xml:base.
    """
    if date is not None and revise is None:
        raise SiteError("a date is the date of a revision: give --revise with it")
    reason = _reason(revise) if revise is not None else None
    base = _base_url(base_url) if base_url is not None else None
    progress(f"Reading {display_path(build_dir)}…")
    built = read_build(build_dir)
    site.mkdir(parents=True, exist_ok=True)
    with _lock(site, exclusive=True, progress=progress):
        recovered = _recover(site)
        if recovered:
            progress(recovered)
        manifest = _load_manifest(site)
        plan = _plan(site, manifest, built, reason, date or dt.date.today(), base)
        if plan.steps:
            progress(f"Publishing {built.label} to {display_path(site)}…")
            _stage(site, plan)
            _switch(site, plan.steps)
    folder = site / STATEMENTS / built.label.slug
    current = plan.manifest.current_files(str(built.label))
    return PublishResult(
        edition=str(built.label),
        status=plan.status,
        site=site,
        folder=folder,
        files=tuple(current[fmt] for fmt in FORMATS),
        revision=plan.revision,
        pages_updated=bool(plan.steps),
        recovered=recovered,
    )


def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise SiteError('--revise needs the reason for the revision, e.g. --revise "Corrected …"')
    return reason


def _base_url(text: str) -> str:
    url = text.strip()
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        raise SiteError(
            f"'{text}' is not a web address — give it like https://www.example.gov.uk/statements/"
        )
    return url if url.endswith("/") else url + "/"


def _load_manifest(site: Path) -> Manifest:
    path = site / MANIFEST
    if path.is_file():
        return parse_manifest(path.read_bytes(), display_path(path))
    unexpected = sorted(p.name for p in site.iterdir() if p.name not in (LOCK, STAGING))
    if unexpected:
        raise SiteError(
            f"{display_path(site)} has no manifest.json but is not empty ({', '.join(unexpected[:3])}"
            f"{', …' if len(unexpected) > 3 else ''}) — publish into an empty folder or an existing site"
        )
    return Manifest()


def _plan(
    site: Path,
    manifest: Manifest,
    built: BuiltEdition,
    reason: str | None,
    today: dt.date,
    base_url: str | None,
) -> _Plan:
    name = str(built.label)
    folder = f"{STATEMENTS}/{built.label.slug}"
    new_files = {
        fmt: SiteFile(
            path=f"{folder}/{built.site_name(fmt)}",
            format=fmt,
            size=len(built.files[fmt].data),
            sha256=built.files[fmt].sha256,
            edition=name,
            published=built.published,
            reportgen=built.reportgen,
            inputs=built.inputs,
        )
        for fmt in FORMATS
    }
    record = manifest.edition(name)
    if record is None:
        plan = _first_publication(site, manifest, built, new_files, reason)
    else:
        published = manifest.current_files(name)
        differing = [
            fmt
            for fmt in FORMATS
            if fmt not in published or published[fmt].sha256 != new_files[fmt].sha256
        ]
        if not differing:
            plan = _Plan("unchanged", record, list(manifest.files))
        elif reason is None:
            raise AlreadyPublished(_changed_message(site, built, published, differing))
        else:
            plan = _revision_plan(site, manifest, record, built, new_files, reason, today)
    plan.manifest = Manifest(
        feed_id=manifest.feed_id or feed_id(built.website),
        base_url=base_url if base_url is not None else manifest.base_url,
        editions=(*(r for r in manifest.editions if r.edition != name), plan.record),
        files=tuple(plan.files),
    ).normalised()
    manifest_bytes = plan.manifest.to_bytes()
    if manifest_bytes == manifest.normalised().to_bytes():
        return _Plan("unchanged", plan.record, plan.files, manifest=plan.manifest)
    # The generated pages: manifest.json first, as the commit point, then the pages made from it.
    for generated, content in (
        (MANIFEST, manifest_bytes),
        (INDEX, render_index(plan.manifest)),
        (FEED, render_feed(plan.manifest)),
    ):
        plan.staged[f"{STAGING}/{generated}"] = content
        plan.steps.append(_Step("replace", f"{STAGING}/{generated}", generated))
    return plan


def _first_publication(
    site: Path,
    manifest: Manifest,
    built: BuiltEdition,
    new_files: dict[Format, SiteFile],
    reason: str | None,
) -> _Plan:
    """A new edition: its folder is staged whole and renamed into statements/ in one step."""
    name = str(built.label)
    folder = f"{STATEMENTS}/{built.label.slug}"
    if reason is not None:
        raise SiteError(
            f"{name} is not published in {display_path(site)} yet, so there is nothing to "
            "revise — publish it without --revise"
        )
    if (site / folder).exists():
        raise SiteError(
            f"{display_path(site / folder)} exists but manifest.json does not list it — move it "
            "out of the site (reportgen verify lists what is unlisted), then publish again"
        )
    record = EditionRecord(
        edition=name,
        folder=folder,
        published=built.published,
        office=built.office,
        website=built.website,
        entry_id=entry_id(built.website, built.label),
    )
    plan = _Plan("published", record, [*manifest.files, *new_files.values()])
    for fmt, site_file in new_files.items():
        plan.staged[f"{STAGING}/{site_file.path}"] = built.files[fmt].data
    # On the first publish to a site, statements/ itself is renamed into place.
    top = STATEMENTS if not (site / STATEMENTS).exists() else folder
    plan.steps.append(_Step("move", f"{STAGING}/{top}", top))
    return plan


def _revision_plan(
    site: Path,
    manifest: Manifest,
    record: EditionRecord,
    built: BuiltEdition,
    new_files: dict[Format, SiteFile],
    reason: str,
    today: dt.date,
) -> _Plan:
    """A revision: the current files move to revisions/<n>/, the new ones take their names."""
    published = manifest.current_files(record.edition)
    revision = _revision(site, record, published, reason, today)
    record = replace(
        record,
        office=built.office,
        website=built.website,
        revisions=(*record.revisions, revision),
    )
    kept = [f for f in manifest.files if f not in published.values()]
    plan = _Plan("revised", record, kept, revision=revision)
    earlier = f"{STAGING}/{REVISIONS}/{revision.number}"
    plan.folders.append(earlier)
    for fmt in FORMATS:
        old = published[fmt]
        name = Path(old.path).name
        plan.files.append(
            replace(old, path=f"{revision.earlier_files}/{name}", superseded_by=revision.number)
        )
        plan.steps.append(_Step("move", old.path, f"{earlier}/{name}"))
    for fmt in FORMATS:
        staged = f"{STAGING}/new/{built.site_name(fmt)}"
        plan.staged[staged] = built.files[fmt].data
        plan.steps.append(_Step("move", staged, new_files[fmt].path))
        plan.files.append(new_files[fmt])
    if (site / record.folder / REVISIONS).exists():
        plan.steps.append(_Step("move", earlier, revision.earlier_files))
    else:
        plan.steps.append(_Step("move", f"{STAGING}/{REVISIONS}", f"{record.folder}/{REVISIONS}"))
    return plan


def _revision(
    site: Path,
    record: EditionRecord,
    published: dict[str, SiteFile],
    reason: str,
    day: dt.date,
) -> Revision:
    if day < record.updated:
        raise SiteError(
            f"the revision date {day.isoformat()} is before {record.edition} was last "
            f"{'revised' if record.revisions else 'published'} ({record.updated.isoformat()}) — "
            "give the date of the revision with --date YYYY-MM-DD"
        )
    for site_file in published.values():
        path = site / site_file.path
        if not path.is_file() or _sha256_file(path) != site_file.sha256:
            raise SiteError(
                f"{display_path(path)} is not the file that was published (reportgen verify "
                f"{display_path(site)} says more) — restore it before revising {record.edition}"
            )
    number = len(record.revisions) + 1
    earlier = f"{record.folder}/{REVISIONS}/{number}"
    if (site / earlier).exists():
        raise SiteError(
            f"{display_path(site / earlier)} exists but manifest.json does not list it — move it "
            "out of the site, then publish again"
        )
    return Revision(number=number, date=day, reason=reason, earlier_files=earlier)


def _changed_message(
    site: Path, built: BuiltEdition, published: dict[str, SiteFile], differing: list[Format]
) -> str:
    before = next(iter(published.values()), None)
    causes = []
    if before is not None:
        changed_inputs = sorted(
            name
            for name in set(before.inputs) | set(built.inputs)
            if before.inputs.get(name) != built.inputs.get(name)
        )
        if changed_inputs:
            causes.append(f"its input changed since it was published: {', '.join(changed_inputs)}")
        if before.reportgen != built.reportgen:
            causes.append(
                f"it was built with reportgen {built.reportgen}, the published files with "
                f"{before.reportgen}"
            )
    why = (
        f" ({'; '.join(causes)})" if causes else " (same input: the templates or reportgen changed)"
    )
    names = "\n".join(f"  {built.site_name(fmt)}" for fmt in differing)
    return (
        f"{built.label} is already published in {display_path(site)}, and these files differ from "
        f"the published ones{why}:\n{names}\n"
        "A published statement is never replaced silently. To publish this build as a revision, "
        "keeping the published files, say what changed and why:\n"
        f'  reportgen publish {display_path(built.folder)} --site {display_path(site)} --revise "…"'
    )


# --------------------------------------------------------------------------------------
# Staging and switching
# --------------------------------------------------------------------------------------


def _stage(site: Path, plan: _Plan) -> None:
    """Write every new file inside .publishing/; nothing else in the site changes."""
    staging = site / STAGING
    try:
        staging.mkdir()
        for folder in plan.folders:
            (site / folder).mkdir(parents=True)
        for path, content in plan.staged.items():
            _write_staged(site / path, content)
        write_atomic(
            staging / JOURNAL,
            json.dumps({"steps": [[s.op, s.src, s.dst] for s in plan.steps]}, indent=2).encode(
                "utf-8"
            ),
        )
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise SiteError(
                f"could not publish to {display_path(site)}: {exc.strerror or exc} — the site is "
                "unchanged"
            ) from exc
        raise


def _write_staged(path: Path, content: bytes) -> None:
    write_atomic(path, content)


def _switch(site: Path, steps: list[_Step]) -> None:
    """Apply the journalled renames; on failure before the commit, undo them."""
    done = 0
    try:
        for step in steps:
            _apply(site, step)
            done += 1
    except BaseException as exc:
        committed = any(s.dst == MANIFEST for s in steps[:done])
        if committed:
            raise SiteError(
                f"{display_path(site)} was updated, but writing its pages failed ({exc}) — run "
                "reportgen publish again to finish"
            ) from exc
        _roll_back(site, steps)
        shutil.rmtree(site / STAGING, ignore_errors=True)
        if isinstance(exc, OSError):
            raise SiteError(
                f"could not publish to {display_path(site)}: {exc.strerror or exc} — the site is "
                "unchanged"
            ) from exc
        raise
    shutil.rmtree(site / STAGING, ignore_errors=True)


def _apply(site: Path, step: _Step) -> None:
    src, dst = site / step.src, site / step.dst
    if step.op == "move":
        if dst.exists():
            raise FileExistsError(f"{dst} exists; publish moves nothing over an existing file")
        src.rename(dst)
    else:
        src.replace(dst)
    _sync_folder(dst.parent)
    if src.parent != dst.parent:
        _sync_folder(src.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: flush the folder's entry to disk (where the system allows it)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _roll_back(site: Path, steps: list[_Step]) -> None:
    for step in reversed(steps):
        if step.op == "move" and (site / step.dst).exists() and not (site / step.src).exists():
            (site / step.dst).rename(site / step.src)
            _sync_folder((site / step.src).parent)


def _roll_forward(site: Path, steps: list[_Step]) -> None:
    for step in steps:
        if (site / step.src).exists() and (step.op == "replace" or not (site / step.dst).exists()):
            _apply(site, step)


def recover(site: Path) -> str | None:
    """Undo a publish that was stopped before its commit, or finish one stopped after it.

    Returns what was done, or None if there was nothing to do. publish() does this first anyway.
    """
    if not (site / STAGING).exists():
        return None
    with _lock(site, exclusive=True):
        return _recover(site)


def _recover(site: Path) -> str | None:
    """Clear what an interrupted publish left: undo it before its commit, finish it after."""
    staging = site / STAGING
    if not staging.exists():
        return None
    journal = staging / JOURNAL
    message = "Removed the staging folder of an interrupted publish (the site was not changed)."
    if journal.is_file():
        steps = [_Step(op, src, dst) for op, src, dst in json.loads(journal.read_bytes())["steps"]]
        manifest_step = next(s for s in steps if s.dst == MANIFEST)
        if (site / manifest_step.src).exists():
            _roll_back(site, steps)
            message = "Undid an interrupted publish: the site is as it was before it."
        else:
            _roll_forward(site, steps)
            message = "Finished an interrupted publish."
    shutil.rmtree(staging)
    return message


@contextlib.contextmanager
def _lock(site: Path, *, exclusive: bool, progress: Progress = _quiet) -> Iterator[None]:
    """Hold DIR/.lock: exclusive while publishing, shared while verifying."""
    import fcntl

    path = site / LOCK
    stream: IO[bytes]
    if exclusive:
        stream = path.open("ab")
    elif path.is_file():
        stream = path.open("rb")
    else:  # a site never published into by this reportgen, or a read-only copy: nothing to wait for
        yield
        return
    with stream:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(stream.fileno(), mode | fcntl.LOCK_NB)
        except BlockingIOError:
            progress("Waiting for another publish to finish…")
            fcntl.flock(stream.fileno(), mode)
        try:
            yield
        finally:
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------
# Verifying
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SiteProblem:
    """A file on the site that does not match manifest.json."""

    path: str  # relative to the site folder
    kind: Literal["missing", "changed", "unlisted", "interrupted"]
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} — {self.detail}"


def verify(site: Path) -> list[SiteProblem]:
    """Every way the site differs from its manifest: missing, changed and unlisted files.

    manifest.json, index.html, feed.xml and .lock are not checksummed (the pages are made from the
    manifest at each publish); index.html and feed.xml must exist. Raises SiteError if the site has
    no readable manifest.
    """
    manifest_path = site / MANIFEST
    if not site.is_dir():
        raise SiteError(f"there is no site folder '{display_path(site)}'")
    if not manifest_path.is_file():
        raise SiteError(
            f"{display_path(site)} has no manifest.json: it is not a site made by reportgen publish"
        )
    problems: list[SiteProblem] = []
    with _lock(site, exclusive=False):
        manifest = parse_manifest(manifest_path.read_bytes(), display_path(manifest_path))
        if (site / STAGING / JOURNAL).is_file():
            problems.append(
                SiteProblem(
                    f"{STAGING}/{JOURNAL}",
                    "interrupted",
                    "a publish stopped part-way; run reportgen publish again, which first "
                    "undoes or finishes it",
                )
            )
        listed = {f.path: f for f in manifest.files}
        for site_file in sorted(manifest.files, key=lambda f: f.path):
            problem = _check_file(site, site_file)
            if problem:
                problems.append(problem)
        for page in (INDEX, FEED):
            if not (site / page).is_file():
                problems.append(
                    SiteProblem(page, "missing", "run reportgen publish again to remake it")
                )
        for path in _site_files(site):
            if path not in listed and path not in SITE_FILES:
                problems.append(SiteProblem(path, "unlisted", "not in manifest.json"))
    return sorted(problems)


def _check_file(site: Path, site_file: SiteFile) -> SiteProblem | None:
    path = site / site_file.path
    if not path.is_file():
        return SiteProblem(site_file.path, "missing", "listed in manifest.json but not on the site")
    digest = _sha256_file(path)
    if digest == site_file.sha256:
        return None
    size = path.stat().st_size
    sizes = f" ({size:,} bytes, listed as {site_file.size:,})" if size != site_file.size else ""
    return SiteProblem(
        site_file.path,
        "changed",
        f"its SHA-256 is {digest[:16]}…, but manifest.json lists {site_file.sha256[:16]}…{sizes}",
    )


def _site_files(site: Path) -> Iterator[str]:
    """Every file in the site (forward-slash paths), leaving out the staging folder."""
    for root, folders, names in os.walk(site):
        here = Path(root)
        if here == site:
            folders[:] = [f for f in folders if f != STAGING]
        folders.sort()
        for name in sorted(names):
            yield (here / name).relative_to(site).as_posix()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def add_parser(subcommands: Any) -> None:
    """Add the `publish` and `verify` commands to reportgen's subcommands."""
    command = subcommands.add_parser(
        "publish",
        help="copy a built edition into the published site folder",
        description="Copy an edition's PDF, DOCX and HTML into DIR/statements/<edition>/ and "
        "update DIR/index.html, DIR/feed.xml and DIR/manifest.json. The edition is read from the "
        "files themselves. A published edition is never overwritten: publishing it again with "
        "different files is refused unless --revise says why, and the earlier files are kept. "
        "A publish that fails or is stopped leaves the site as it was.",
    )
    command.add_argument(
        "build_dir",
        nargs="?",
        type=Path,
        metavar="BUILD_DIR",
        help="the build folder (default: the latest edition's folder in build/)",
    )
    command.add_argument(
        "--site", type=Path, required=True, metavar="DIR", help="the site folder (made if missing)"
    )
    command.add_argument(
        "--revise",
        metavar="REASON",
        help="publish changed files for an edition already published, keeping the earlier files; "
        "REASON is shown on the site",
    )
    command.add_argument(
        "--date",
        type=_date_argument,
        metavar="YYYY-MM-DD",
        help="the date of the revision (default: today)",
    )
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site is served from, set as the feed's xml:base and kept for later "
        "publishes (default: links relative to the feed)",
    )
    command.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")

    check = subcommands.add_parser(
        "verify",
        help="check a published site against its manifest",
        description="Recompute the SHA-256 of every file listed in DIR/manifest.json and report "
        "missing, changed and unlisted files, one line each. Exit code 1 if there are any.",
    )
    check.add_argument("site", type=Path, metavar="DIR", help="the site folder")


def _date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def run_publish(args: argparse.Namespace, stdout: TextIO) -> int:
    def progress(line: str) -> None:
        if not args.quiet:
            stdout.write(line + "\n")
            stdout.flush()

    result = publish(
        args.build_dir or newest_build(),
        args.site,
        revise=args.revise,
        date=args.date,
        base_url=args.base_url,
        progress=progress,
    )
    progress(describe(result))
    return 0


def describe(result: PublishResult) -> str:
    site = display_path(result.site)
    folder = display_path(result.folder)
    if result.status == "unchanged":
        text = f"{result.edition} is already published in {site}, unchanged."
        if result.pages_updated:
            text += f"\nUpdated {site}/manifest.json, index.html and feed.xml (the base URL)."
        return text
    if result.status == "revised" and result.revision:
        revision = result.revision
        lines = [
            f"Revised {result.edition} in {folder} (revision {revision.number}, "
            f"{long_date(revision.date)}):"
        ]
    else:
        lines = [f"Published {result.edition} in {folder}:"]
    lines += [f"  {Path(f.path).name} ({file_size(f.size)})" for f in result.files]
    if result.revision:
        kept = display_path(result.site / result.revision.earlier_files)
        lines.append(f"Reason: {result.revision.reason}")
        lines.append(f"The files it replaces are kept in {kept}/.")
    lines.append(f"Updated {site}/manifest.json, index.html and feed.xml.")
    return "\n".join(lines)


def run_verify(args: argparse.Namespace, stdout: TextIO) -> int:
    site: Path = args.site
    problems = verify(site)
    manifest = parse_manifest((site / MANIFEST).read_bytes())
    where = display_path(site)
    for problem in problems:
        stdout.write(f"{display_path(site / problem.path)}: {problem.kind} — {problem.detail}\n")
    count = len(manifest.files)
    checked = f"Checked {count} file{'s' if count != 1 else ''} in {where} against manifest.json"
    if problems:
        stdout.write(f"{checked}: {len(problems)} problem{'s' if len(problems) != 1 else ''}.\n")
        return 1
    stdout.write(f"{checked}: all present and unchanged.\n")
    return 0
