"""reportgen: the National Policing Priorities Statement, from structured inputs to DOCX, PDF and HTML.

The Python API, which the command line is a thin layer over::

    import reportgen

    checked = reportgen.validate([Path("inputs/2024-25-Q4.yaml")])
    built = reportgen.build_statement(Path("inputs/2024-25-Q4.yaml"), out=Path("build"))
    changes = reportgen.compare_editions(Path("inputs/2023-24-Q2.yaml"), built.folder)
    reportgen.publish_edition(built.folder, Path("site"))
    problems = reportgen.verify_site(Path("site"))

Each function imports its stage only when called, so ``import reportgen`` stays cheap. The
names differ from the sub-packages (``reportgen.build``, ``reportgen.diff``, ``reportgen.publish``)
because importing a sub-package would otherwise replace a function of the same name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from reportgen.build import BuildResult, Outcome
    from reportgen.check import Validation
    from reportgen.diff import Diff
    from reportgen.importing import Imported
    from reportgen.publish import PublishResult, SiteProblem
    from reportgen.read.editions import EditionLabel

# The one place the version is written: pyproject.toml reads it from here. A literal rather than
# importlib.metadata, which costs a cold build about 30 ms (it parses every installed package's
# metadata).
__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build_all",
    "build_statement",
    "compare_editions",
    "import_figures",
    "json_schema",
    "new_edition",
    "publish_edition",
    "validate",
    "verify_site",
]


def validate(paths: Sequence[Path], *, against: Path | None = None) -> Validation:
    """Check edition files (each with the profile.yaml beside it); every problem, and the
    statements that passed. Bad input is reported as problems, not raised.

    `against` is an earlier edition (an input file, a build folder or a built statement): a value
    it published that these editions revise without giving a reason is a warning too.
    """
    from reportgen.check import validate_editions

    result = validate_editions(list(paths))
    if against is not None:
        from reportgen.check.revisions import revision_warnings_against
        from reportgen.diff import open_statement

        _, earlier = open_statement(against)
        revised = revision_warnings_against(result.statements, earlier)
        result.problems = sorted({*result.problems, *revised})
    return result


def build_statement(
    edition: Path,
    *,
    out: Path = Path("build"),
    formats: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build one edition into ``out/<edition>/`` (every format unless `formats` names some);
    raises InputProblems if it does not validate."""
    from reportgen.formats import CACHE_FOLDER, FORMAT_NAMES
    from reportgen.render.chart_process import ChartProcess

    # Started before the build's own modules load, so that matplotlib loads beside them and
    # beside reading and composing the edition, when the build will draw.
    drawing = ChartProcess.for_cache(out / CACHE_FOLDER)
    from reportgen.build import build

    chosen = formats or FORMAT_NAMES
    if progress is None:
        return build(edition, out=out, formats=chosen, drawing=drawing)
    return build(edition, out=out, formats=chosen, progress=progress, drawing=drawing)


def build_all(
    inputs: Path = Path("inputs"),
    *,
    out: Path = Path("build"),
    formats: Sequence[str] | None = None,
) -> Iterator[Outcome]:
    """Build every edition in `inputs` on every core, yielding each outcome as it ends."""
    from reportgen.build import build_all as build_every_edition
    from reportgen.formats import FORMAT_NAMES

    return build_every_edition(inputs, out=out, formats=formats or FORMAT_NAMES)


def compare_editions(old: Path, new: Path) -> Diff:
    """What changed between two editions: each an input file, a build folder or a built file."""
    from reportgen.diff import compare_paths

    return compare_paths(old, new)


def publish_edition(
    build_dir: Path,
    site: Path,
    *,
    revise: str | None = None,
    date: dt.date | None = None,
    base_url: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> PublishResult:
    """Copy a built edition into the website archive; refuses to overwrite without `revise`.

    `date` is the publication (or revision) date recorded, today by default; `base_url` the
    website's address, for the feed's links.
    """
    from reportgen.publish import publish

    if progress is None:
        return publish(build_dir, site, revise=revise, date=date, base_url=base_url)
    return publish(build_dir, site, revise=revise, date=date, base_url=base_url, progress=progress)


def verify_site(site: Path, *, deep: bool = False) -> list[SiteProblem]:
    """Every file of a published site that is missing, changed or not in its manifest.

    `deep` also makes each current file again from the data it carries and compares bytes.
    """
    from reportgen.publish import verify

    return verify(site, deep=deep)


def new_edition(
    label: EditionLabel | str,
    previous: Path,
    inputs: Path = Path("inputs"),
    *,
    workbook: bool = False,
) -> Path:
    """Start the next edition's input file from `previous`; never overwrites a file. With
    `workbook` (or when `previous` has one) its figures go in a figures workbook beside it."""
    from reportgen.new import new_edition as start_edition
    from reportgen.read.editions import EditionLabel

    if isinstance(label, str):
        label = EditionLabel.parse(label)
    return start_edition(label, previous, inputs, workbook=workbook)


def import_figures(table: Path, edition: Path, *, update: bool = False) -> Imported:
    """Fill in an edition's figures, as its profile maps them to offences, from a Home Office
    police recorded crime open data table; a value typed that differs is kept unless `update`."""
    from reportgen.importing import import_figures as fill_in

    return fill_in(table, edition, update=update)


def json_schema(which: Literal["edition", "profile"] = "edition") -> dict[str, Any]:
    """The JSON Schema of an input file, for editors that check and autocomplete YAML."""
    from reportgen.read.schema import json_schema as schema_of

    return schema_of(which)
