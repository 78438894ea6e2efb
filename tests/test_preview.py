"""`reportgen preview` in a real browser: a save updates the page, problems replace the statement until fixed."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reportgen.paths import packaged_templates_dir
from reportgen.preview import Preview, serve
from tests.conftest import Run

# Each step waits for the watcher to notice the save, rebuild the HTML and the page to reload.
WAIT_MS = 60_000


@pytest.fixture
def preview_address(sample_inputs: Path) -> Iterator[str]:
    preview = Preview(
        sample_inputs / "inputs" / "2024-25-Q4.yaml",
        inputs=sample_inputs / "inputs",
        templates=packaged_templates_dir(),
    )
    preview.refresh()
    server = serve(preview, 0)
    stop = threading.Event()
    threads = [
        threading.Thread(target=preview.watch, args=(stop.is_set, 0.05)),
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}),
    ]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        for thread in threads:
            thread.join(timeout=30)
        preview.close()


def test_the_page_follows_each_save_and_shows_problems_until_fixed(
    page: Page, preview_address: str, sample_inputs: Path
) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    written = edition.read_text(encoding="utf-8")
    page.goto(preview_address)
    body = page.locator("body")
    expect(body).to_contain_text("Operation Prosper in Walsall", timeout=WAIT_MS)

    edition.write_text(
        written.replace("Operation Prosper in Walsall", "Operation Prosper, in Walsall,"),
        encoding="utf-8",
    )
    expect(body).to_contain_text("Operation Prosper, in Walsall,", timeout=WAIT_MS)

    edition.write_text(written.replace("        value: 31\n", "        valeu: 31\n", 1))
    problems = page.locator("#problems li")
    expect(problems).to_have_text(
        [
            "inputs/2024-25-Q4.yaml:29 error: figure 'homicides': 'valeu' is not a field here "
            "— did you mean 'value'?"
        ],
        timeout=WAIT_MS,
    )
    expect(page.locator("h1")).to_have_text("Problems to fix")

    edition.write_text(written, encoding="utf-8")
    expect(body).to_contain_text("Operation Prosper in Walsall", timeout=WAIT_MS)
    expect(page.locator("#problems")).to_have_count(0)


def test_the_preview_serves_nothing_outside_the_statement(preview_address: str) -> None:
    with socket.create_connection(("127.0.0.1", int(preview_address.split(":")[2][:-1]))) as s:
        s.sendall(b"GET /../../inputs/profile.yaml HTTP/1.0\r\n\r\n")
        answer = s.recv(100)
    assert answer.startswith(b"HTTP/1.0 404")


def test_a_port_in_use_is_explained(run: Run, sample_inputs: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("preview", "--port", str(port))
    assert code == 1
    assert err == (
        f"Error: port {port} cannot be used (Address already in use); perhaps a preview is "
        f"already running — stop it, or choose another port with --port {port + 1}\n"
    )
