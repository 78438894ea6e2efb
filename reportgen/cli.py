"""The reportgen command line: a thin layer over the Python API that turns errors into messages."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reportgen import __version__, console
from reportgen.arguments import (
    build_folder,
    edition_file,
    site_folder,
    unknown_command,
    write_report,
)
from reportgen.cli_build import build_command, preview_command, print_problems
from reportgen.cli_import import add_import_command, import_command
from reportgen.problems import InputProblems, ReportgenError, Severity
from reportgen.read.editions import DEFAULT_INPUTS, EditionLabel, edition_files, newest_edition


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportgen",
        description="Build the National Policing Priorities Statement (paragraph 7A of the "
        "Specified Information Order, SI 2021/547) from the input files in inputs/.",
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check edition files and report every problem",
        description="Check edition files against the national priorities, their own arithmetic "
        "and the Order's content rules. Reports every problem at once as "
        "file:line:column: error|warning: what is wrong — how to fix it.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="edition files or folders (default: every edition in inputs/)",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument(
        "--against",
        type=Path,
        metavar="OLD",
        help="also compare with an earlier edition (its input file, build folder, or a PDF, DOCX "
        "or HTML made by reportgen) and warn about each revised value that gives no reason",
    )
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the input files",
        description="Print the JSON Schema of an edition file (or of profile.yaml), for editors "
        "that check and autocomplete YAML.",
    )
    schema.add_argument(
        "which", nargs="?", choices=("edition", "profile"), default="edition", help="which file"
    )

    build = commands.add_parser(
        "build",
        help="build the statement as DOCX, HTML and PDF",
        description="Validate an edition and build the statement from it, in build/<edition>/. "
        "Every file is written whole or not at all; an earlier build is never left damaged.",
    )
    build.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="the edition file (default: the newest edition in inputs/)",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        metavar="DIR",
        help="output folder (default: build)",
    )
    build.add_argument(
        "--format",
        dest="formats",
        default="docx,html,pdf",
        metavar="LIST",
        help="formats to build, comma-separated: docx, html, pdf (default: all three)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")
    mode = build.add_mutually_exclusive_group()
    mode.add_argument(
        "--all",
        action="store_true",
        help="build every edition in inputs/ (or in PATH, a folder), on every core",
    )
    mode.add_argument(
        "--watch",
        action="store_true",
        help="rebuild whenever an input or template changes (HTML first); Ctrl+C to stop",
    )

    new = commands.add_parser(
        "new",
        help="start the next edition from the previous one",
        description="Create inputs/<EDITION>.yaml from the previous edition: the same priorities "
        "and figures, each figure's value moved into its comparator, and [FILL IN …] placeholders "
        "where new values and narrative are needed. Never overwrites a file.",
    )
    new.add_argument(
        "edition", nargs="+", metavar="EDITION", help="the new edition, e.g. 2025-26 Q1"
    )
    new.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="PATH",
        help="the edition to start from (default: the newest in inputs/)",
    )
    new.add_argument(
        "--workbook",
        action="store_true",
        help="put the figures in a spreadsheet, inputs/<EDITION>-figures.xlsx, one row each",
    )
    preview = commands.add_parser(
        "preview",
        help="show the statement in your browser, updated on every save",
        description="Serve the HTML statement at http://127.0.0.1:PORT/ (this computer only) and "
        "reload the page whenever an input or template is saved. While the edition has problems "
        "the page lists them instead, and the statement returns once they are fixed.",
    )
    preview.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="EDITION",
        help="the edition file (default: the newest edition in inputs/)",
    )
    preview.add_argument(
        "--port", type=int, default=8000, metavar="N", help="the port to serve on (default: 8000)"
    )
    add_import_command(commands)
    _add_diff_command(commands)
    _add_publish_commands(commands)
    return parser


def _add_publish_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `publish` and `verify` commands."""
    command = commands.add_parser(
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

    check = commands.add_parser(
        "verify",
        help="check a published site against its manifest",
        description="Recompute the SHA-256 of every file listed in DIR/manifest.json and report "
        "missing, changed and unlisted files, one line each. Exit code 1 if there are any.",
    )
    check.add_argument("site", type=Path, metavar="DIR", help="the site folder")
    check.add_argument(
        "--deep",
        action="store_true",
        help="also make each published file again from the data it carries and compare bytes, "
        "to find a file changed before it was published (a few seconds an edition)",
    )


def _date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run reportgen; returns the exit code (0 ok, 1 problems in the input, 2 usage)."""
    out = stdout or console.utf8(sys.stdout)
    err = stderr or console.utf8(sys.stderr)
    parser = _parser()
    given = list(sys.argv[1:] if argv is None else argv)
    if not given:
        out.write(parser.format_help())
        return 0
    unknown = unknown_command(given[0])
    if unknown:
        err.write(unknown)
        return 2
    try:
        args = parser.parse_args(given)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if args.command == "validate":
            return _validate(args, out)
        if args.command == "build":
            return build_command(args, out)
        if args.command == "schema":
            return _schema(args, out)
        if args.command == "new":
            return _new(args, out)
        if args.command == "diff":
            return _diff(args, out)
        if args.command == "publish":
            return _publish(args, out)
        if args.command == "verify":
            return _verify(args, out)
        if args.command == "preview":
            return preview_command(args, out)
        if args.command == "import":
            return import_command(args, out)
    except InputProblems as exc:
        print_problems(exc.problems, out)
        return _failure(args.command)
    except ReportgenError as exc:
        print(f"Error: {exc}", file=err)
        return _failure(args.command)
    except KeyboardInterrupt:
        print("Interrupted: nothing was left half-written.", file=err)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence against a traceback
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        print(
            f"reportgen stopped on an internal error ({type(exc).__name__}: {exc}). Nothing "
            "half-written was left behind. Please report it with the input files; set "
            "REPORTGEN_DEBUG=1 to see the details.",
            file=err,
        )
        return 2
    parser.error(f"unknown command {args.command}")  # pragma: no cover - argparse enforces choices
    return 2  # pragma: no cover


def _failure(command: str) -> int:
    """The exit code for input that cannot be used: 1, except for diff, which follows diff(1)
    (0 the same, 1 different, 2 could not compare) so a script can tell the two apart."""
    return 2 if command == "diff" else 1


def _edition_paths(paths: list[Path]) -> list[Path]:
    if not paths:
        return edition_files(DEFAULT_INPUTS)
    found: list[Path] = []
    for path in paths:
        found.extend(edition_files(path) if path.is_dir() else [edition_file(path)])
    return found


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import validate

    paths = _edition_paths(args.paths)
    if not paths:
        raise ReportgenError("no edition files found — start one with 'reportgen new 2025-26 Q1'")
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise ReportgenError(f"there is no file '{missing[0]}'")
    result = validate(paths, against=args.against)
    failing = result.errors + (result.warnings if args.strict else [])
    if args.format == "json":
        report = {
            "files": [str(p) for p in paths],
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "problems": [p.as_dict() for p in result.problems],
        }
        out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return 1 if failing else 0
    print_problems(result.problems, out)
    editions = f"{len(paths)} edition{'s' if len(paths) != 1 else ''}"
    if not result.problems:
        out.write(f"Checked {editions}: no problems found.\n")
    else:
        out.write(
            f"Checked {editions}: {_count(len(result.errors), 'error')}, "
            f"{_count(len(result.warnings), 'warning')}.\n"
        )
    return 1 if failing else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import json_schema

    out.write(json.dumps(json_schema(args.which), indent=2, ensure_ascii=False) + "\n")
    return 0


def _new(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import new_edition

    try:
        label = EditionLabel.parse(" ".join(args.edition))
    except ValueError as exc:
        raise ReportgenError(f"{exc} — write the edition like 2025-26 Q1") from exc
    source = args.source or newest_edition(DEFAULT_INPUTS)
    target = new_edition(label, source, source.parent, workbook=args.workbook)
    out.write(f"Started {target} from {source}.\n")
    workbook = target.with_name(f"{label.slug}-figures.xlsx")
    if workbook.exists():
        out.write(f"Its figures are in {workbook}: type over the yellow cells.\n")
    out.write("Fill in every [FILL IN …] placeholder, then run: reportgen validate\n")
    return 0


# -- diff ------------------------------------------------------------------------------------------


def _add_diff_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser(
        "diff",
        help="show what changed between two editions",
        description="Show what changed between two editions of the statement, for auditors: "
        "figures (with the change in each), revised values for periods already published (with "
        "their reasons), applicability, the narrative as a word-level redline, and the charts' "
        "data. OLD and NEW may each be an edition's input file, a build folder, or a PDF, DOCX or "
        "HTML statement made by reportgen (read back from the source data embedded in it).",
    )
    where = "an input file (.yaml), a build folder, or a PDF, DOCX or HTML made by reportgen"
    diff.add_argument("old", type=Path, metavar="OLD", help=f"the earlier edition: {where}")
    diff.add_argument("new", type=Path, metavar="NEW", help=f"the later edition: {where}")
    diff.add_argument(
        "--format",
        choices=("text", "html", "json"),
        default="text",
        help="text for a terminal (the default), html for a standalone redline page, json for "
        "scripts (documented in docs/diff.md)",
    )
    diff.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (written whole) instead of printing it",
    )
    diff.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if the two editions differ, 0 if they do not",
    )


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    """`reportgen diff`: exit 0, or 1 with --check when the editions differ (errors exit 2)."""
    from reportgen import compare_editions
    from reportgen.diff import TEXT_WIDTH, render_html, render_json, render_text

    if args.format == "html" and args.output is None and out.isatty():
        raise ReportgenError(
            "an HTML report is a web page, not text for the terminal — add --output, e.g. "
            "--output changes.html, and open that file in a browser"
        )
    result = compare_editions(args.old, args.new)
    if args.format == "json":
        report = render_json(result)
    elif args.format == "html":
        report = render_html(result)
    else:
        colour = args.output is None and console.supports_colour(out)
        width = TEXT_WIDTH
        if colour:
            width = min(TEXT_WIDTH, shutil.get_terminal_size((TEXT_WIDTH, 24)).columns)
        report = render_text(result, colour=colour, width=width)
    if args.output is None:
        out.write(report)
    else:
        write_report(args.output, report)
        kind = {"html": "HTML", "json": "JSON"}.get(args.format, args.format)
        out.write(f"Wrote the {kind} report to {args.output}.\n")
    return 1 if args.check and not result.identical else 0


# -- publish and verify ------------------------------------------------------------------------


def _publish(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import publish_edition
    from reportgen.publish import describe_publish, newest_build

    def progress(line: str) -> None:
        if not args.quiet:
            out.write(line + "\n")
            out.flush()

    result = publish_edition(
        build_folder(args.build_dir) if args.build_dir else newest_build(),
        args.site,
        revise=args.revise,
        date=args.date,
        base_url=args.base_url,
        progress=progress,
    )
    progress(describe_publish(result))
    return 0


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import verify_site
    from reportgen.publish import describe_verify

    problems = verify_site(site_folder(args.site), deep=args.deep)
    out.write(describe_verify(args.site, problems) + "\n")
    # A file another version made cannot be confirmed either way: said, but not a failure.
    return 1 if any(p.kind != "unconfirmed" for p in problems) else 0


__all__ = ["Severity", "main"]
