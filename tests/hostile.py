"""Hostile and doctored copies of built statements, for the tests and benchmarks/hostile_files.py.

Each maker takes the folder of a real build and writes one file reportgen must refuse (or compare
within its limits), returning its path. The bombs inflate to 256 MiB: far past reportgen's 8 MiB
cap on embedded data, yet quick to make.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

STEM = "national-priorities-statement-2024-25-q4"
BOMB = 256 * 1024 * 1024
SOURCE_SCRIPT = re.compile(
    rb'(<script type="application/json" id="statement-source">)(.*?)(</script>)', re.S
)


def _zeros_deflated(size: int) -> bytes:
    packer = zlib.compressobj(9)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def _html_source(page: bytes) -> dict:  # type: ignore[type-arg]
    found = SOURCE_SCRIPT.search(page)
    assert found, "the page has no embedded statement source"
    return dict(json.loads(found.group(2)))


def _with_html_source(page: bytes, source: object) -> bytes:
    text = json.dumps(source, ensure_ascii=True).replace("</", "<\\/").encode()
    return SOURCE_SCRIPT.sub(lambda m: m.group(1) + text + m.group(3), page, count=1)


def pdf_attachment_bomb(build: Path, out: Path) -> Path:
    """The PDF with its attached input replaced by 256 MiB of zeros, deflated to about 256 KB."""
    import pikepdf

    with pikepdf.open(build / f"{STEM}.pdf") as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        for index in range(0, len(names), 2):
            if str(names[index]) == "statement-input.json":
                stream = names[index + 1].EF.F
                stream.write(_zeros_deflated(BOMB), filter=pikepdf.Name.FlateDecode)
        path = out / f"{STEM}.pdf"
        pdf.save(path)
    return path


def docx_part_bomb(build: Path, out: Path) -> Path:
    """The DOCX with a custom XML part that inflates to 256 MiB."""
    path = out / f"{STEM}.docx"
    with zipfile.ZipFile(build / f"{STEM}.docx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if not item.filename.startswith("customXml/item"):
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        bomb = zipfile.ZipInfo("customXml/item9.xml")
        bomb.compress_type = zipfile.ZIP_DEFLATED
        with target.open(bomb, "w") as part:
            block = bytes(1 << 20)
            for _ in range(BOMB >> 20):
                part.write(block)
    return path


def docx_unknown_compression(build: Path, out: Path) -> Path:
    """The DOCX with its custom XML parts marked as compressed by Deflate64 (method 9)."""
    data = bytearray((build / f"{STEM}.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        for item in package.infolist():
            if item.filename.startswith("customXml/item"):
                struct.pack_into("<H", data, item.header_offset + 8, 9)
    # The central directory's copy of the method too, for every entry of those parts.
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):
        start = match.start()
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        name = bytes(data[start + 46 : start + 46 + name_length])
        if name.startswith(b"customXml/item"):
            struct.pack_into("<H", data, start + 10, 9)
    path = out / f"{STEM}.docx"
    path.write_bytes(bytes(data))
    return path


def docx_corrupt_document(build: Path, out: Path) -> Path:
    """The DOCX with word/document.xml replaced by damaged XML; its embedded data intact."""
    path = out / f"{STEM}.docx"
    with zipfile.ZipFile(build / f"{STEM}.docx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content, zipfile.ZIP_DEFLATED)
    return path


def pdf_encrypted(build: Path, out: Path) -> Path:
    import pikepdf

    path = out / f"{STEM}.pdf"
    with pikepdf.open(build / f"{STEM}.pdf") as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    return path


def pdf_one_page_left(build: Path, out: Path) -> Path:
    """The PDF with every page but the first deleted; its attachments intact."""
    import pikepdf

    path = out / f"{STEM}.pdf"
    with pikepdf.open(build / f"{STEM}.pdf") as pdf:
        del pdf.pages[1:]
        pdf.save(path, deterministic_id=True)
    return path


def html_changed_number(build: Path, out: Path) -> Path:
    """The web page with a figure in its visible text changed; its embedded data intact."""
    page = (build / f"{STEM}.html").read_bytes()
    body_start = page.index(b"<main")
    found = re.compile(rb">([0-9][0-9,]*[0-9])<").search(page, body_start)
    assert found, "the page shows no number"
    path = out / f"{STEM}.html"
    path.write_bytes(page[: found.start(1)] + b"99,999" + page[found.end(1) :])
    return path


def html_truncated(build: Path, out: Path) -> Path:
    page = (build / f"{STEM}.html").read_bytes()
    path = out / f"{STEM}.html"
    path.write_bytes(page[: SOURCE_SCRIPT.search(page).end() + 200])  # type: ignore[union-attr]
    return path


def html_escape_sequence(build: Path, out: Path) -> Path:
    """Narrative that clears the screen and prints a forged verdict, in the embedded data."""
    page = (build / f"{STEM}.html").read_bytes()
    source = _html_source(page)
    priorities = source["input"]["edition"]["priorities"]
    first = next(iter(priorities.values()))
    first["narrative"][0] = "\x1b[2J\x1b[HALL FIGURES VERIFIED OK\x1b[8m " + first["narrative"][0]
    path = out / f"{STEM}.html"
    path.write_bytes(_with_html_source(page, source))
    return path


def html_bidi_override(build: Path, out: Path) -> Path:
    page = (build / f"{STEM}.html").read_bytes()
    source = _html_source(page)
    source["input"]["profile"]["office"] = "Office \u202eevil\u202c"
    path = out / f"{STEM}.html"
    path.write_bytes(_with_html_source(page, source))
    return path


def html_deep_json(build: Path, out: Path) -> Path:
    page = (build / f"{STEM}.html").read_bytes()
    deep = b'{"input": ' + b"[" * 200_000 + b"]" * 200_000 + b', "provenance": {}}'
    path = out / f"{STEM}.html"
    path.write_bytes(SOURCE_SCRIPT.sub(lambda m: m.group(1) + deep + m.group(3), page, count=1))
    return path


def html_invalid_quarter(build: Path, out: Path) -> Path:
    page = (build / f"{STEM}.html").read_bytes()
    source = _html_source(page)
    source["input"]["edition"]["quarter"] = 7
    path = out / f"{STEM}.html"
    path.write_bytes(_with_html_source(page, source))
    return path


def html_huge(build: Path, out: Path) -> Path:
    """A 525 MB page, as a sparse file: larger than any statement, and never read."""
    path = out / f"{STEM}.html"
    with path.open("wb") as stream:
        stream.write((build / f"{STEM}.html").read_bytes())
        stream.truncate(525 * 1000 * 1000)
    return path


def pdf_named_pipe(build: Path, out: Path) -> Path:
    """A named pipe called .pdf: reading it would wait for ever for a writer."""
    import os

    path = out / f"{STEM}.pdf"
    os.mkfifo(path)  # type: ignore[attr-defined,unused-ignore]
    return path


def long_narrative(build: Path, out: Path, words: int = 120_000, seed: int = 1) -> Path:
    """A page whose first narrative is `words` words long (about 1.5 MB of HTML)."""
    import random

    page = (build / f"{STEM}.html").read_bytes()
    source = _html_source(page)
    chooser = random.Random(seed)
    vocabulary = ["police", "crime", "victims", "the", "of", "and", "county", "lines", "Walsall"]
    text = " ".join(
        chooser.choice(vocabulary) + ("." if n % 17 == 16 else "") for n in range(words)
    )
    first = next(iter(source["input"]["edition"]["priorities"].values()))
    first["narrative"] = [text]
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{STEM}.html"
    path.write_bytes(_with_html_source(page, source))
    return path


Maker = Callable[[Path, Path], Path]
# name -> (maker, what the user must be told: a phrase of the message)
HOSTILE: dict[str, tuple[Maker, str]] = {
    "pdf-attachment-bomb": (pdf_attachment_bomb, "inflates to more than 8,388,608 bytes"),
    "docx-part-bomb": (docx_part_bomb, "is 268,435,456 bytes (8,388,608 at most)"),
    "docx-unknown-compression": (docx_unknown_compression, "uses a compression Word does not use"),
    "docx-corrupt-document": (
        docx_corrupt_document,
        "this file was changed after reportgen made it",
    ),
    "pdf-encrypted": (pdf_encrypted, "is encrypted (protected with a password)"),
    "pdf-one-page-left": (pdf_one_page_left, "this file was changed after reportgen made it"),
    "html-changed-number": (html_changed_number, "this file was changed after reportgen made it"),
    "html-truncated": (html_truncated, "this file was changed after reportgen made it"),
    "html-escape-sequence": (html_escape_sequence, "invisible control character (U+001B"),
    "html-bidi-override": (html_bidi_override, "reverses the order text is shown in"),
    "html-deep-json": (html_deep_json, "nests more than 64 levels deep"),
    "html-invalid-quarter": (html_invalid_quarter, "quarter"),
    "html-huge": (html_huge, "larger than any HTML statement"),
}
if sys.platform != "win32":
    HOSTILE["pdf-named-pipe"] = (pdf_named_pipe, "is not a regular file")


def make(name: str, build: Path, out: Path) -> Path:
    """Write hostile file `name` into the empty folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    return HOSTILE[name][0](build, out)


def copy_build(build: Path, out: Path) -> Path:
    """A copy of a build folder to doctor."""
    shutil.copytree(build, out)
    return out
