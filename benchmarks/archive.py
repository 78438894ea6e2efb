"""Generates an archive of valid quarterly editions from the shipped Q4 sample, for batch builds."""

from __future__ import annotations

import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.new import dump
from reportgen.read.editions import EditionLabel
from reportgen.read.source import read_yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "2024-25-Q4.yaml"
FIRST = EditionLabel(2021, 2)  # the first quarter with the 2021 priorities in force


def write_archive(folder: Path, count: int) -> list[Path]:
    """Write `count` consecutive editions (2021-22 Q2 onwards) and the profile into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "inputs" / "profile.yaml", folder / "profile.yaml")
    template = read_yaml(SAMPLE).data
    label = FIRST
    written = []
    for index in range(count):
        path = folder / f"{label.slug}.yaml"
        path.write_text(dump(_edition(template, label, index)), encoding="utf-8")
        written.append(path)
        label = label.next()
    return written


def _edition(template: dict[str, Any], label: EditionLabel, index: int) -> dict[str, Any]:
    """The sample moved to another quarter: every period ends with the quarter, values drift."""
    end = label.quarter_end
    period = {"label": f"12 months to {end:%B %Y}", "end": end}
    priorities: dict[str, Any] = {}
    for key, content in template["priorities"].items():
        figures = []
        for figure in content.get("figures", []):
            figure = {**figure, "period": dict(period)}
            value = figure.get("value")
            if isinstance(value, int) and figure["kind"] == "count":
                figure["value"] = round(value * (1 + 0.02 * (index % 7 - 3)))
            elif isinstance(value, Decimal) and figure["kind"] == "rate":
                figure["value"] = (value * Decimal(1 + 0.01 * (index % 5))).quantize(Decimal("0.1"))
            # A drifted value no longer matches the change the sample published.
            if (figure.get("comparator") or {}).get("value") is not None:
                figure.pop("published_change", None)
            figures.append(figure)
        priorities[key] = {**content, "figures": figures} if figures else dict(content)
    return {
        "financial_year": label.financial_year,
        "quarter": label.quarter,
        "published": end + timedelta(days=45),
        "priorities": priorities,
    }
