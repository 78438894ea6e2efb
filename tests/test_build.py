"""`reportgen build`: validates first, writes whole files only, never damages an earlier build."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from reportgen import build as build_module
from tests.conftest import Run, SampleBuild
from tests.processes import HASH_SEEDS, run_python

STEM = "national-priorities-statement-2024-25-q4"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _earlier_build(sample_build: SampleBuild, project: Path) -> Path:
    """A copy of the unchanged Q4 build in project/build/, as an earlier `reportgen build` left it."""
    return Path(shutil.copytree(sample_build.q4, project / "build" / "2024-25-Q4"))


def test_it_builds_the_newest_edition_into_build_by_default(run: Run, sample_inputs: Path) -> None:
    code, out, err = run("build", "--format", "docx")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:5] == [
        "Validating inputs/2024-25-Q4.yaml…",
        "Drawing 1 chart…",
        "Rendering DOCX…",
        "Writing to build/2024-25-Q4…",
        "Built 2024-25 Q4 in build/2024-25-Q4:",
    ]
    assert lines[5].startswith(f"  {STEM}.docx (")
    assert lines[6] == "  charts/ (1 chart as SVG and PNG)"
    assert (sample_inputs / "build" / "2024-25-Q4" / f"{STEM}.docx").is_file()


def test_quiet_prints_nothing(run: Run, sample_inputs: Path) -> None:
    assert run("build", "-q", "--format", "docx") == (0, "", "")


def test_it_writes_all_three_formats_and_every_chart(sample_build: SampleBuild) -> None:
    built = sample_build.q4
    names = sorted(p.name for p in built.iterdir() if p.is_file())
    assert names == [f"{STEM}.docx", f"{STEM}.html", f"{STEM}.pdf"]
    charts = sorted(p.name for p in (built / "charts").iterdir())
    assert charts == ["figure-1-serious-violence-1.png", "figure-1-serious-violence-1.svg"]
    assert not list(built.rglob("*.tmp"))


def test_invalid_input_is_refused_with_the_validate_messages(run: Run, sample_inputs: Path) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    edition.write_text(edition.read_text().replace("        value: 31\n", "        valeu: 31\n", 1))
    code, out, err = run("build", "--format", "docx")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "Validating inputs/2024-25-Q4.yaml…",
        "inputs/2024-25-Q4.yaml:29:9: error: figure 'homicides': 'valeu' is not a field here — "
        "did you mean 'value'?",
    ]
    assert not (sample_inputs / "build").exists()


def test_a_failed_render_leaves_the_earlier_build_untouched(
    sample_build: SampleBuild, sample_inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _earlier_build(sample_build, sample_inputs)
    before = _hashes(folder)
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    edition.write_text(edition.read_text().replace("Homicides recorded", "Homicides", 1))

    def broken(*_: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reportgen.render.docx.render_docx", broken)
    with pytest.raises(OSError, match="No space left"):
        build_module.build(edition, out=sample_inputs / "build", formats=["docx"])
    assert _hashes(folder) == before


def test_a_failed_write_leaves_no_partial_file(
    sample_build: SampleBuild, sample_inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    folder = _earlier_build(sample_build, sample_inputs)
    before = _hashes(folder)

    def full_disk(_: int) -> None:
        raise OSError(28, "No space left on device")

    from reportgen import files

    edition.write_text(edition.read_text().replace("Homicides recorded", "Homicides", 1))
    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(build_module.OutputError) as failure:
        build_module.build(edition, out=sample_inputs / "build", formats=["docx"])
    assert str(failure.value).startswith("could not write ")
    assert "(the disk is full) — free some space and build again." in str(failure.value)
    assert _hashes(folder) == before
    assert not [p for p in folder.rglob("*") if p.name.startswith(".")]


def test_an_output_folder_that_cannot_be_written_is_explained(
    run: Run, sample_inputs: Path
) -> None:
    (sample_inputs / "blocked").write_text("a file where the output folder should be")
    code, out, err = run("build", "-q", "--format", "html", "--out", "blocked")
    assert (code, out) == (1, "")
    assert err.startswith("Error: could not write blocked/2024-25-Q4")
    assert "check that you can write to the output folder, or choose another with --out" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_whole_files_only(
    sample_build: SampleBuild, sample_inputs: Path
) -> None:
    import signal
    import subprocess
    import sys

    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    folder = _earlier_build(sample_build, sample_inputs)
    before = _hashes(folder)
    edition.write_text(edition.read_text().replace("Homicides recorded", "Homicides", 1))
    # The child is killed outright (no clean-up code runs) just before its second rename.
    child = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from reportgen import build\n"
        "real, calls = Path.replace, []\n"
        "def replace(self, target):\n"
        "    if '2024-25-Q4' in str(target):\n"
        "        calls.append(target)\n"
        "    if len(calls) == 2:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(self, target)\n"
        "Path.replace = replace\n"
        "build.build(Path(sys.argv[1]), out=Path(sys.argv[2]), formats=['docx', 'html'])\n"
    )
    killed = subprocess.run(
        [sys.executable, "-c", child, str(edition), str(sample_inputs / "build")],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    after = _hashes(folder)
    # The leftover temporary file is hidden, and the next build clears it.
    leftovers = [name for name in after if Path(name).name.startswith(".")]
    assert len(leftovers) == 1
    build_module.build(edition, out=sample_inputs / "build", formats=["docx", "html"])
    assert not [p for p in folder.rglob(".*")]
    rebuilt = _hashes(folder)
    # Every earlier file is still there, each byte for byte either the earlier build's or the
    # new one's: the kill came between two files, never part-way through one.
    assert set(before) <= set(after)
    for name, earlier in before.items():
        assert after[name] in (earlier, rebuilt[name]), name
    assert any(after[n] == rebuilt[n] != before[n] for n in before), "the kill came too late"
    assert any(after[n] == before[n] != rebuilt[n] for n in before), "the kill came too early"


_BUILD_Q4 = (
    "import sys\n"
    "from pathlib import Path\n"
    "from reportgen.build import build\n"
    "build(Path(sys.argv[1]) / '2024-25-Q4.yaml', out=Path(sys.argv[2]))\n"
)


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path, sample_build: SampleBuild) -> None:
    """Built in two fresh processes with different hash seeds, and in this one: the same bytes."""
    folders = []
    for seed in HASH_SEEDS:
        out = tmp_path / f"seed-{seed}"
        run_python(_BUILD_Q4, str(sample_build.inputs), str(out), hash_seed=seed)
        folders.append(out / "2024-25-Q4")
    first, second = (_hashes(folder) for folder in folders)
    assert len(first) == 5  # three statements, one chart as SVG and PNG
    assert first == second
    assert first == _hashes(sample_build.q4)


def test_an_unknown_format_is_explained(run: Run, sample_inputs: Path) -> None:
    code, out, err = run("build", "--format", "docx,odt")
    assert (code, out) == (1, "")
    assert err == "Error: unknown format 'odt' — choose from docx, html, pdf\n"


def test_an_unchanged_rebuild_rewrites_nothing(sample_inputs: Path) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    build_module.build(edition, out=sample_inputs / "build", formats=["docx", "html"])
    folder = sample_inputs / "build" / "2024-25-Q4"
    stamps = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    build_module.build(edition, out=sample_inputs / "build", formats=["docx", "html"])
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == stamps


def test_stale_charts_from_an_earlier_build_are_removed(sample_inputs: Path) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    folder = sample_inputs / "build" / "2024-25-Q4" / "charts"
    folder.mkdir(parents=True)
    (folder / "figure-9-old-1.svg").write_text("<svg/>")
    build_module.build(edition, out=sample_inputs / "build", formats=["docx"])
    assert not (folder / "figure-9-old-1.svg").exists()


def test_a_project_templates_folder_holding_only_the_wording_builds_every_format(
    run: Run, sample_inputs: Path
) -> None:
    """The README tells staff to edit templates/wording.yaml: the other templates still come
    from reportgen's installed copy, file by file."""
    import io
    import zipfile

    from pypdf import PdfReader

    from reportgen.formats import FORMATS
    from reportgen.paths import packaged_templates_dir

    installed = packaged_templates_dir()
    wording = (installed / "wording.yaml").read_text(encoding="utf-8")
    (sample_inputs / "templates").mkdir()
    (sample_inputs / "templates" / "wording.yaml").write_text(
        wording.replace("introduction_heading: Introduction", "introduction_heading: Our duty"),
        encoding="utf-8",
    )
    assert run("build", "-q") == (0, "", "")
    folder = sample_inputs / "build" / "2024-25-Q4"
    html = (folder / f"{STEM}.html").read_bytes()
    assert b">Our duty</h2>" in html
    with zipfile.ZipFile(folder / f"{STEM}.docx") as docx:
        assert b">Our duty<" in docx.read("word/document.xml")
    pdf = PdfReader(io.BytesIO((folder / f"{STEM}.pdf").read_bytes()))
    assert "Our duty" in "".join(page.extract_text() for page in pdf.pages)
    provenance = FORMATS["html"].read_source(html)["provenance"]["templates"]
    project_copy = (sample_inputs / "templates" / "wording.yaml").read_bytes()
    assert provenance["wording.yaml"] == "sha256:" + hashlib.sha256(project_copy).hexdigest()
    for name in ("statement.html.j2", "statement.css", "statement.typ", "reference.docx"):
        expected = hashlib.sha256((installed / name).read_bytes()).hexdigest()
        assert provenance[name] == f"sha256:{expected}", name
