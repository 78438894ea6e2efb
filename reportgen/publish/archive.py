"""Publishes a built edition into the site: decides what changes, then has it switched in.

An edition not yet on the site is published; one already there with identical files is left
alone; one there with different files is a revision, refused unless a reason is given, and the
files it replaces are kept. The whole publish holds the site's lock (reportgen.publish.lock) and
is switched in all or nothing (reportgen.publish.journal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from reportgen.dates import file_size, long_date
from reportgen.files import sha256_file
from reportgen.problems import display_path
from reportgen.publish.built import BuiltEdition, read_build
from reportgen.publish.journal import (
    STAGING,
    Changes,
    Step,
    apply_changes,
    linked_paths,
    recover_locked,
)
from reportgen.publish.lock import LOCK, Progress, quiet, site_lock
from reportgen.publish.manifest import (
    FEED,
    INDEX,
    MANIFEST,
    REASON_LIMIT,
    REVISIONS,
    SITE_FORMATS,
    STATEMENTS,
    EditionRecord,
    Manifest,
    Revision,
    SiteError,
    SiteFile,
    entry_id,
    feed_id,
    plain_text,
    read_manifest,
    web_address,
)
from reportgen.publish.pages import render_feed, render_index


class AlreadyPublished(SiteError):
    """The edition is published with different files, and no revision reason was given."""


@dataclass(frozen=True)
class PublishResult:
    """What a publish did: the edition, whether it was new, revised or already there, its files."""

    edition: str
    status: Literal["published", "revised", "unchanged"]
    site: Path
    folder: Path  # the edition's folder on the site
    files: tuple[SiteFile, ...]  # the edition's current files
    revision: Revision | None = None
    pages_updated: bool = False  # manifest.json, index.html and feed.xml were rewritten
    recovered: str | None = None  # what was done about an interrupted publish, if there was one


@dataclass
class _Plan:
    """What a publish changes: the new record, the files to stage, and the renames that switch them."""

    status: Literal["published", "revised", "unchanged"]
    record: EditionRecord
    files: list[SiteFile]  # every file the new manifest lists
    changes: Changes = field(default_factory=Changes)
    revision: Revision | None = None
    manifest: Manifest = field(default_factory=Manifest)


def publish(
    build_dir: Path,
    site: Path,
    *,
    revise: str | None = None,
    date: dt.date | None = None,
    base_url: str | None = None,
    progress: Progress = quiet,
    confirm: bool = True,
) -> PublishResult:
    """Publish the edition built in `build_dir` into the site folder `site`.

    An edition already on the site with identical files is left alone (status "unchanged"). With
    different files it is refused (AlreadyPublished) unless `revise` gives the reason for a
    revision: the published files are then kept under statements/<edition>/revisions/<n>/, and
    the revision is recorded with `date` (default: today). `base_url`, once given, is kept in the
    manifest and set as the feed's xml:base. With `confirm` (always, from the command line), each
    file is first made again from the data it carries and must be byte-identical: a file changed
    after reportgen made it is refused.
    """
    if date is not None and revise is None:
        raise SiteError("a date is the date of a revision: give --revise with it")
    reason = _reason(revise) if revise is not None else None
    base = _base_url(base_url) if base_url is not None else None
    progress(f"Reading {display_path(build_dir)}…")
    built = read_build(build_dir, confirm=confirm, progress=progress)
    site.mkdir(parents=True, exist_ok=True)
    _refuse_links(site)
    with site_lock(site, progress=progress):
        _refuse_links(site)  # again, now no publish can be part-way
        recovered = recover_locked(site)
        if recovered:
            progress(recovered)
        manifest = _load_manifest(site)
        plan = _plan(site, manifest, built, reason, date or dt.date.today(), base)
        if plan.changes.steps:
            progress(f"Publishing {built.label} to {display_path(site)}…")
            apply_changes(site, plan.changes)
    folder = site / STATEMENTS / built.label.slug
    current = plan.manifest.current_files(str(built.label))
    return PublishResult(
        edition=str(built.label),
        status=plan.status,
        site=site,
        folder=folder,
        files=tuple(current[slot] for slot in sorted(current, key=_listed_order)),
        revision=plan.revision,
        pages_updated=bool(plan.changes.steps),
        recovered=recovered,
    )


def _reason(text: str) -> str:
    if any("\ud800" <= c <= "\udfff" for c in text):
        # Bytes the terminal passed that are not UTF-8 arrive as lone surrogates.
        raise SiteError(
            "the reason given with --revise is not readable text (it holds bytes that are not "
            "UTF-8) — type it again, or set your terminal to UTF-8"
        )
    reason = " ".join(text.split())
    if not reason:
        raise SiteError('--revise needs the reason for the revision, e.g. --revise "Corrected …"')
    try:
        return plain_text(reason, "the reason given with --revise", REASON_LIMIT)
    except ValueError as exc:
        raise SiteError(
            f"{exc} — give a reason of one or two plain sentences, as readers of the site see it"
        ) from None


def _base_url(text: str) -> str:
    url = text.strip()
    url = url if url.endswith("/") else url + "/"
    try:
        return web_address(url)
    except ValueError:
        raise SiteError(
            f"{text[:80]!r} is not a web address — give it like "
            "https://www.example.gov.uk/statements/ (letters, digits and . - _ ~ / only)"
        ) from None


def _refuse_links(site: Path) -> None:
    links = linked_paths(site)
    if links:
        names = ", ".join(links[:3]) + (", …" if len(links) > 3 else "")
        raise SiteError(
            f"{display_path(site)} holds links to other places ({names}); publish never follows "
            "a link, since it could write outside the site — replace each with the real folder "
            "or file, or remove it (reportgen verify lists them)"
        )


def _load_manifest(site: Path) -> Manifest:
    path = site / MANIFEST
    if path.is_file():
        return read_manifest(site)
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
        slot: SiteFile(
            path=f"{folder}/{built.site_name(slot)}",
            format=file.format,
            size=len(file.data),
            sha256=file.sha256,
            edition=name,
            published=built.published,
            reportgen=built.reportgen,
            inputs=built.inputs,
            language=file.language,
        )
        for slot, file in built.files.items()
    }
    record = manifest.edition(name)
    if record is None:
        plan = _first_publication(site, manifest, built, new_files, reason)
    else:
        published = manifest.current_files(name)
        differing = [
            slot
            for slot in sorted(set(new_files) | set(published), key=_listed_order)
            if slot not in published
            or slot not in new_files
            or published[slot].sha256 != new_files[slot].sha256
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
    pages = {
        MANIFEST: plan.manifest.to_bytes(),
        INDEX: render_index(plan.manifest),
        FEED: render_feed(plan.manifest),
    }
    if pages[MANIFEST] == manifest.normalised().to_bytes() and all(
        _holds(site / name, content) for name, content in pages.items() if name != MANIFEST
    ):
        return _Plan("unchanged", plan.record, plan.files, manifest=plan.manifest)
    # The generated pages: manifest.json first, as the commit point, then the pages made from it.
    # They are rewritten whenever one differs, so a page left stale by hand is remade.
    for generated, content in pages.items():
        plan.changes.staged[f"{STAGING}/{generated}"] = content
        plan.changes.steps.append(Step("replace", f"{STAGING}/{generated}", generated))
    return plan


def _holds(path: Path, content: bytes) -> bool:
    """True if the site's page is exactly `content` (a page of another size is not read)."""
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _first_publication(
    site: Path,
    manifest: Manifest,
    built: BuiltEdition,
    new_files: dict[str, SiteFile],
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
        plan.changes.staged[f"{STAGING}/{site_file.path}"] = built.files[fmt].data
    # On the first publish to a site, statements/ itself is renamed into place.
    top = STATEMENTS if not (site / STATEMENTS).exists() else folder
    plan.changes.steps.append(Step("move", f"{STAGING}/{top}", top))
    return plan


def _revision_plan(
    site: Path,
    manifest: Manifest,
    record: EditionRecord,
    built: BuiltEdition,
    new_files: dict[str, SiteFile],
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
    plan.changes.folders.append(earlier)
    for old in published.values():
        name = Path(old.path).name
        plan.files.append(
            replace(old, path=f"{revision.earlier_files}/{name}", superseded_by=revision.number)
        )
        plan.changes.steps.append(Step("move", old.path, f"{earlier}/{name}"))
    for slot, site_file in new_files.items():
        staged = f"{STAGING}/new/{built.site_name(slot)}"
        plan.changes.staged[staged] = built.files[slot].data
        plan.changes.steps.append(Step("move", staged, site_file.path))
        plan.files.append(site_file)
    if (site / record.folder / REVISIONS).exists():
        plan.changes.steps.append(Step("move", earlier, revision.earlier_files))
    else:
        plan.changes.steps.append(
            Step("move", f"{STAGING}/{REVISIONS}", f"{record.folder}/{REVISIONS}")
        )
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
        if not path.is_file() or sha256_file(path) != site_file.sha256:
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


def _listed_order(slot: str) -> tuple[int, str]:
    """The edition's files in the site's order of formats, each English file before its Welsh."""
    fmt = slot.partition("-")[0]
    return (SITE_FORMATS.index(fmt), slot) if fmt in SITE_FORMATS else (len(SITE_FORMATS), slot)


def _changed_message(
    site: Path, built: BuiltEdition, published: dict[str, SiteFile], differing: list[str]
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
    names = "\n".join(f"  {built.site_name(slot)}" for slot in differing)
    return (
        f"{built.label} is already published in {display_path(site)}, and these files differ from "
        f"the published ones{why}:\n{names}\n"
        "A published statement is never replaced silently. To publish this build as a revision, "
        "keeping the published files, say what changed and why:\n"
        f'  reportgen publish {display_path(built.folder)} --site {display_path(site)} --revise "…"'
    )


def describe_publish(result: PublishResult) -> str:
    """What a publish did, in words: the edition, its files and sizes, and any revision."""
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
