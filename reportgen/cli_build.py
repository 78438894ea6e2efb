"""The build and preview commands' output: progress, each problem and warning once, the batch summary."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reportgen.arguments import edition_file
from reportgen.problems import Problem, ReportgenError
from reportgen.read.editions import DEFAULT_INPUTS, newest_edition


def print_problems(problems: list[Problem], out: TextIO) -> None:
    for problem in problems:
        out.write(f"{problem}\n")


def build_command(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import build_statement
    from reportgen.formats import parse_formats

    formats = parse_formats(args.formats)

    def progress(line: str) -> None:
        if not args.quiet:
            out.write(line + "\n")
            out.flush()

    if args.all:
        return _build_all(args.path or DEFAULT_INPUTS, args.out, formats, args.quiet, out)
    if args.watch:
        return _watch(args, formats, progress, out)
    edition = edition_file(args.path) if args.path else newest_edition(DEFAULT_INPUTS)
    result = build_statement(edition, out=args.out, formats=formats, progress=progress)
    from reportgen.build import describe  # loaded by the build: importing it first would delay it

    for warning in result.warnings:
        out.write(f"{warning}\n")
    progress(describe(result))
    return 0


def _build_all(
    inputs: Path, folder: Path, formats: tuple[str, ...], quiet: bool, out: TextIO
) -> int:
    from reportgen import build_all
    from reportgen.read.editions import edition_files

    if not inputs.is_dir():
        raise ReportgenError(f"'{inputs}' is not a folder of editions")
    total = len(edition_files(inputs))
    if total == 0:
        raise ReportgenError(f"'{inputs}' has no edition files")
    bar = out.isatty() and not quiet
    failed, warned = [], []
    for done, outcome in enumerate(build_all(inputs, out=folder, formats=formats), start=1):
        if not outcome.ok:
            failed.append(outcome)
        elif outcome.result and outcome.result.warnings:
            warned.append(outcome)
        if bar:
            filled = round(30 * done / total)
            out.write(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} editions"
                f"{f' · {len(failed)} failed' if failed else ''}"
            )
            out.flush()
        elif not quiet:
            state = "built" if outcome.ok else "FAILED"
            out.write(f"{state}: {outcome.path}\n")
    if bar:
        out.write("\n")
    for outcome in sorted(warned, key=lambda o: o.path):
        out.write(f"\n{outcome.path} was built, with warnings:\n")
        print_problems(outcome.result.warnings if outcome.result else [], out)
    for outcome in sorted(failed, key=lambda o: o.path):
        out.write(f"\n{outcome.path} was not built:\n")
        for problem in outcome.problems:
            out.write(f"{problem}\n")
        if outcome.error:
            out.write(f"Error: {outcome.error}\n")
    if not quiet or failed:
        out.write(
            f"Built {total - len(failed)} of {total} editions into {folder}"
            f"{f'; {len(failed)} failed' if failed else ''}.\n"
        )
    return 1 if failed else 0


def _watch(
    args: argparse.Namespace,
    formats: tuple[str, ...],
    progress: Callable[[str], None],
    out: TextIO,
) -> int:
    from reportgen.build import watch
    from reportgen.paths import PROJECT_TEMPLATES

    inputs = args.path.parent if args.path else DEFAULT_INPUTS
    try:
        watch(
            args.path,
            inputs=inputs,
            templates=PROJECT_TEMPLATES,
            out=args.out,
            formats=formats,
            progress=progress,
            report=lambda problems: print_problems(problems, out),
        )
    except KeyboardInterrupt:
        out.write("Stopped watching.\n")
    return 0


def preview_command(args: argparse.Namespace, out: TextIO) -> int:
    """`reportgen preview`: serve until Ctrl+C, printing problems and warnings once per save."""
    import webbrowser

    from reportgen.paths import PROJECT_TEMPLATES
    from reportgen.preview import Preview, serve

    edition = edition_file(args.path) if args.path else None
    inputs = args.path.parent if args.path else DEFAULT_INPUTS
    if edition is None:
        newest_edition(inputs)  # says what to do when there is no edition yet

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    preview = Preview(
        edition,
        inputs=inputs,
        templates=PROJECT_TEMPLATES,
        report=lambda problems: print_problems(problems, out),
        progress=say,
    )
    try:
        server = serve(preview, args.port)
    except ReportgenError:
        preview.close()
        raise
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    stopping = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stopping.is_set,), daemon=True)
    watcher.start()
    say(f"Previewing at {address} — open it in your browser. Press Ctrl+C to stop.")
    if out.isatty():
        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("Stopped the preview.")
    finally:
        stopping.set()
        server.server_close()
        watcher.join(timeout=5)
        preview.close()
    return 0
