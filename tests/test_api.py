"""The Python API the command line is a layer over: one call per job, importable cheaply."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import reportgen


def test_importing_reportgen_loads_no_stage() -> None:
    script = (
        "import sys, reportgen\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('reportgen.') or m in "
        "('pydantic', 'yaml', 'matplotlib', 'docx', 'typst', 'jinja2'))\n"
        "print(loaded)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_one_call_per_job_from_validation_to_a_verified_site(sample_inputs: Path) -> None:
    q2, q4 = (
        sample_inputs / "inputs" / "2023-24-Q2.yaml",
        sample_inputs / "inputs" / "2024-25-Q4.yaml",
    )
    checked = reportgen.validate([q2, q4])
    assert (checked.problems, [str(s.label) for s in checked.statements]) == (
        [],
        ["2023-24 Q2", "2024-25 Q4"],
    )
    built = reportgen.build_statement(
        q4, out=sample_inputs / "build", formats=["html", "pdf", "docx"]
    )
    assert sorted(p.suffix for p in built.files if p.parent == built.folder) == [
        ".docx",
        ".html",
        ".pdf",
    ]
    assert reportgen.compare_editions(q4, built.folder).identical
    assert not reportgen.compare_editions(q2, built.folder).identical
    published = reportgen.publish_edition(built.folder, sample_inputs / "site")
    assert published.edition == "2024-25 Q4"
    assert reportgen.verify_site(sample_inputs / "site") == []
    started = reportgen.new_edition("2025-26 Q1", q4, sample_inputs / "inputs")
    assert started == sample_inputs / "inputs" / "2025-26-Q1.yaml"
    assert reportgen.json_schema("profile")["$id"].endswith("/profile.json")
