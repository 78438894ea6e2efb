"""The `import` command: its arguments, and what it prints of the values it filled in or kept."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from reportgen.arguments import edition_file
from reportgen.read.editions import DEFAULT_INPUTS, newest_edition


def add_import_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "import",
        help="fill in figures from the Home Office police recorded crime open data tables",
        description="Sum the rows of a Home Office police recorded crime open data table (.ods, "
        ".xlsx or .csv) for the force and offences the profile's 'import:' section names, and "
        "fill in each figure's value and its comparator (the same period a year earlier), with "
        "the table's name, SHA-256 and the rows used. A value already typed that the table "
        "disagrees with is kept, with a warning, unless --update.",
    )
    command.add_argument("table", type=Path, metavar="TABLE", help="the open data table")
    command.add_argument(
        "edition",
        nargs="?",
        type=Path,
        metavar="EDITION",
        help="the edition file to fill in (default: the newest edition in inputs/)",
    )
    command.add_argument(
        "--update",
        action="store_true",
        help="replace values already typed that the table disagrees with (each change is listed)",
    )


def import_command(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import import_figures

    edition = edition_file(args.edition) if args.edition else newest_edition(DEFAULT_INPUTS)
    result = import_figures(args.table, edition, update=args.update)
    for change in result.changes:
        out.write(f"{change}\n")
    for warning in result.warnings:
        out.write(f"{warning}\n")
    written = " and ".join(str(p) for p in result.written) or "nothing"
    values = len(result.changes)
    out.write(
        f"Imported {values} value{'s' if values != 1 else ''} from {args.table.name} into "
        f"{written}.\n"
    )
    if any(w.code == "import-differs" for w in result.warnings):
        out.write("Values typed that differ from the table were kept: see the warnings above.\n")
    return 0
