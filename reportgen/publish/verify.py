"""Checks a published site against its manifest: every missing, changed and unlisted file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportgen.bounded import MANIFEST_LIMIT, UnsafeFile, read_file
from reportgen.files import sha256_file
from reportgen.formats import FORMATS
from reportgen.problems import ReportgenError, display_path
from reportgen.publish.journal import JOURNAL, STAGING, inside, linked_paths
from reportgen.publish.lock import LOCK, reading_lock
from reportgen.publish.manifest import (
    FEED,
    INDEX,
    MANIFEST,
    Manifest,
    SiteError,
    SiteFile,
    read_manifest,
)
from reportgen.publish.pages import render_feed, render_index
from reportgen.render.readback import confirm, read_statement

# Files at the top of the site that publish writes and verify does not checksum.
SITE_FILES = frozenset({MANIFEST, INDEX, FEED, LOCK})


@dataclass(frozen=True, order=True)
class SiteProblem:
    """A file on the site that does not match manifest.json."""

    path: str  # relative to the site folder
    kind: Literal["missing", "changed", "unlisted", "interrupted", "linked", "unconfirmed"]
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} — {self.detail}"


def verify(site: Path, *, deep: bool = False) -> list[SiteProblem]:
    """Every way the site differs from its manifest: missing, changed, unlisted and linked files.

    manifest.json and .lock are not checksummed; index.html and feed.xml must be the pages the
    manifest makes. A link anywhere in the site is reported and not followed. Raises SiteError if
    the site has no readable manifest. `deep` also makes every file that passes again from the
    data it carries (reportgen.render.readback): one whose bytes differ is "changed" even if the
    manifest was made from it, and one made by another version is "unconfirmed".
    """
    manifest_path = site / MANIFEST
    if not site.is_dir():
        raise SiteError(f"there is no site folder '{display_path(site)}'")
    if not manifest_path.is_file():
        raise SiteError(
            f"{display_path(site)} has no manifest.json: it is not a site made by reportgen publish"
        )
    problems: list[SiteProblem] = []
    with reading_lock(site):
        manifest = read_manifest(site)
        links = linked_paths(site)
        problems.extend(
            SiteProblem(
                link,
                "linked",
                "a link to somewhere else, which publish and verify never follow — replace it "
                "with the real folder or file, or remove it",
            )
            for link in links
        )
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
            if not inside(site, site_file.path):
                continue  # reported as a link above; what it points to is not read
            problem = _check_file(site, site_file)
            if problem is None and deep:
                problem = _check_made_by_reportgen(site, site_file)
            if problem:
                problems.append(problem)
        problems.extend(_check_pages(site, manifest, links))
        for path in _site_files(site):
            if path not in listed and path not in SITE_FILES and path not in links:
                problems.append(SiteProblem(path, "unlisted", "not in manifest.json"))
    return sorted(problems)


def _check_pages(site: Path, manifest: Manifest, links: list[str]) -> Iterator[SiteProblem]:
    """index.html and feed.xml must be the pages the manifest makes: a stale page is reported."""
    for page, render in ((INDEX, render_index), (FEED, render_feed)):
        path = site / page
        if page in links:
            continue
        if not path.is_file():
            yield SiteProblem(page, "missing", "run reportgen publish again to remake it")
            continue
        try:
            same = read_file(path, MANIFEST_LIMIT, "site page") == render(manifest)
        except UnsafeFile:
            same = False
        if not same:
            yield SiteProblem(
                page,
                "changed",
                "it is not the page manifest.json makes (edited, or left from an interrupted "
                "publish) — run reportgen publish again to remake it",
            )


def describe_verify(site: Path, problems: list[SiteProblem]) -> str:
    """A line for each problem, then how many files were checked and what was found."""
    manifest = read_manifest(site)
    lines = [f"{display_path(site / p.path)}: {p.kind} — {p.detail}" for p in problems]
    count = len(manifest.files)
    checked = (
        f"Checked {count} file{'s' if count != 1 else ''} in {display_path(site)} against "
        "manifest.json"
    )
    if problems:
        lines.append(f"{checked}: {len(problems)} problem{'s' if len(problems) != 1 else ''}.")
    else:
        lines.append(f"{checked}: all present and unchanged.")
    return "\n".join(lines)


def _check_file(site: Path, site_file: SiteFile) -> SiteProblem | None:
    path = site / site_file.path
    if not path.is_file():
        return SiteProblem(site_file.path, "missing", "listed in manifest.json but not on the site")
    digest = sha256_file(path)
    if digest == site_file.sha256:
        return None
    size = path.stat().st_size
    sizes = f" ({size:,} bytes, listed as {site_file.size:,})" if size != site_file.size else ""
    return SiteProblem(
        site_file.path,
        "changed",
        f"its SHA-256 is {digest[:16]}…, but manifest.json lists {site_file.sha256[:16]}…{sizes}",
    )


def _check_made_by_reportgen(site: Path, site_file: SiteFile) -> SiteProblem | None:
    """Whether the file is what reportgen makes from the data it carries."""
    try:
        statement = read_statement(site / site_file.path, FORMATS[site_file.format])
    except ReportgenError as exc:
        return SiteProblem(site_file.path, "changed", f"it cannot be read back ({exc})")
    verdict = confirm(statement)
    if verdict == "changed":
        return SiteProblem(
            site_file.path,
            "changed",
            "this file was changed after reportgen made it: it is not what reportgen makes from "
            "the statement data it carries (it was altered before it was published)",
        )
    if verdict == "made by reportgen":
        return None
    why = (
        f"made by another reportgen version ({statement.embedded.reportgen})"
        if verdict == "other version"
        else "made with other templates than this project's"
    )
    return SiteProblem(site_file.path, "unconfirmed", f"{why}: cannot confirm it either way")


def _site_files(site: Path) -> Iterator[str]:
    """Every file in the site (forward-slash paths), leaving out the staging folder."""
    for root, folders, names in os.walk(site):
        here = Path(root)
        if here == site:
            folders[:] = [f for f in folders if f != STAGING]
        folders.sort()
        for name in sorted(names):
            yield (here / name).relative_to(site).as_posix()
