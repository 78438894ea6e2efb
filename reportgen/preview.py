"""A live preview: the HTML statement served on 127.0.0.1, reloaded in the browser on every save."""

from __future__ import annotations

import contextlib
import html
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from reportgen.build import build, snapshot
from reportgen.formats import CACHE_FOLDER
from reportgen.problems import InputProblems, Problem, ReportgenError
from reportgen.read.editions import newest_edition
from reportgen.render.chart_cache import ChartCache

# How long the page's request for news waits before asking again (under browsers' timeouts).
WAIT_SECONDS = 20.0

# Added to every page served: it asks for the next version and reloads when it changes.
_RELOAD_SCRIPT = """<script>
(function () {
  var version = "%s";
  function ask() {
    fetch("/version?after=" + version, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== version) { location.reload(); } else { ask(); } })
      .catch(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
</script>
"""


class PortInUse(ReportgenError):
    """The port asked for is taken, often by a preview still running."""


class Preview:
    """Builds the HTML statement into a private folder whenever an input or template changes,
    and serves the latest: the statement, or the problems that stop it being built."""

    def __init__(
        self,
        edition: Path | None,
        *,
        inputs: Path,
        templates: Path,
        report: Callable[[list[Problem]], None] = lambda _: None,
        progress: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.edition = edition
        self.inputs = inputs
        self.templates = templates
        self.report = report
        self.progress = progress
        self.folder = Path(tempfile.mkdtemp(prefix="reportgen-preview-"))
        self.cache = ChartCache(self.folder / CACHE_FOLDER)
        self.version = 0
        self.page = ""
        self.built: Path | None = None
        self.changed = threading.Condition()
        self.seen: dict[Path, tuple[int, int]] | None = None

    def refresh(self) -> bool:
        """Rebuild if anything was saved since the last look; returns whether it did."""
        now = snapshot(self.inputs, self.templates)
        if now == self.seen:
            return False
        self.seen = now
        try:
            target = self.edition or newest_edition(self.inputs)
            result = build(target, out=self.folder, formats=["html"], cache=self.cache)
            page = result.files[0].read_text(encoding="utf-8")
            built: Path | None = result.folder
            if result.warnings:
                self.report(result.warnings)
            self.progress(f"Showing {target}.")
        except InputProblems as exc:
            page, built = problems_page(exc.problems), None
            self.report(exc.problems)
            self.progress("Showing the problems; the statement returns once they are fixed.")
        except ReportgenError as exc:
            page, built = problems_page([], str(exc)), None
            self.progress(f"Error: {exc}")
        with self.changed:
            self.page, self.built = page, built
            self.version += 1
            self.changed.notify_all()
        return True

    def close(self) -> None:
        """Remove the private build folder."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def watch(self, stop: Callable[[], bool], interval: float = 0.3) -> None:
        while not stop():
            self.refresh()
            time.sleep(interval)

    def wait_after(self, version: int, timeout: float = WAIT_SECONDS) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version

    def served_page(self) -> bytes:
        with self.changed:
            page, version = self.page, self.version
        script = _RELOAD_SCRIPT % version
        if "</body>" in page:
            page = page.replace("</body>", script + "</body>", 1)
        else:
            page += script
        return page.encode("utf-8")

    def file(self, name: str) -> bytes | None:
        """A chart or other file of the built statement, never anything outside its folder."""
        with self.changed:
            folder = self.built
        if folder is None:
            return None
        path = (folder / name.lstrip("/")).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            return None
        return path.read_bytes()


def problems_page(problems: list[Problem], error: str = "") -> str:
    """A page listing what stops the statement being built, each with file:line."""
    items = "".join(
        f'<li><span class="where">{html.escape(f"{p.file}, {p.cell}" if p.cell else f"{p.file}:{p.line}")}</span> '
        f'<span class="{p.severity}">{html.escape(str(p.severity))}</span>: '
        f"{html.escape(p.message)}{' — ' + html.escape(p.fix) if p.fix else ''}</li>\n"
        for p in problems
    )
    if error:
        items += f"<li>{html.escape(error)}</li>\n"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        "<title>Problems to fix – reportgen preview</title>\n<style>"
        "body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5}.where{font-family:monospace}.error{color:#b00020;font-weight:bold}"
        "</style>\n</head>\n<body>\n<main>\n<h1>Problems to fix</h1>\n"
        "<p>The statement cannot be shown until these are fixed. Save the file and this page "
        "updates by itself.</p>\n"
        f'<ul id="problems">\n{items}</ul>\n</main>\n</body>\n</html>\n'
    )


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 only: the preview is for the person at this computer."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/version":
                after = parse_qs(url.query).get("after", ["-1"])[0]
                current = preview.wait_after(int(after) if after.isdigit() else -1)
                self._send(str(current).encode(), "text/plain; charset=utf-8")
            elif url.path in ("/", "/index.html"):
                self._send(preview.served_page(), "text/html; charset=utf-8")
            else:
                data = preview.file(url.path)
                if data is None:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                kind = {".svg": "image/svg+xml", ".png": "image/png"}.get(
                    Path(url.path).suffix, "application/octet-stream"
                )
                self._send(data, kind)

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            # The browser may have closed or reloaded the page meanwhile: nothing to tell anyone.
            with contextlib.suppress(ConnectionError):
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Requests are not news to the person previewing."""

    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise PortInUse(
            f"port {port} cannot be used ({exc.strerror}); perhaps a preview is already running "
            f"— stop it, or choose another port with --port {port + 1}"
        ) from exc
    server.daemon_threads = True
    return server
