"""Starts the next edition's input file from the previous one, with placeholders where staff must write."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from reportgen.dates import long_date
from reportgen.files import write_atomic
from reportgen.problems import InputProblems, ReportgenError
from reportgen.read.editions import EditionLabel, label_from_filename
from reportgen.read.load import PLACEHOLDER
from reportgen.read.source import read_yaml


class EditionExists(ReportgenError):
    """The edition file to be created is already there; it is never overwritten."""


def fill_in(what: str) -> str:
    return f"{PLACEHOLDER}: {what}]"


def new_edition(label: EditionLabel, previous: Path, inputs: Path) -> Path:
    """Write inputs/<label>.yaml from the previous edition and return its path."""
    target = inputs / f"{label.slug}.yaml"
    if target.exists():
        raise EditionExists(f"{target} already exists — edit it, or delete it first to start again")
    doc = read_yaml(previous)
    if doc.problems:
        raise InputProblems(doc.problems)
    if not isinstance(doc.data, dict):
        raise ReportgenError(f"{previous} does not look like an edition file")
    old_label = label_from_filename(previous)
    data = next_edition_data(doc.data, label)
    header = (
        f"# National Policing Priorities Statement — {label} (started from "
        f"{old_label or previous.name}).\n"
        "# Replace every [FILL IN …] before building: 'reportgen validate' lists those left.\n"
        "# Each figure's previous value has moved into its comparator.\n"
    )
    write_atomic(target, (header + dump(data)).encode("utf-8"))
    return target


def next_edition_data(previous: dict[str, Any], label: EditionLabel) -> dict[str, Any]:
    data = copy.deepcopy(previous)
    data["financial_year"] = label.financial_year
    data["quarter"] = label.quarter
    data["published"] = fill_in(
        f"publication date (YYYY-MM-DD), after {long_date(label.quarter_end)}"
    )
    # An edition-level period rolls forward once: it becomes the comparator period of every
    # figure that takes it, and those figures keep taking the new one.
    shared = data.get("period")
    if isinstance(shared, dict) and shared.get("label"):
        data["comparator_period"] = shared["label"]
        data["period"] = {
            "label": fill_in(f"the period most figures cover (last time: {shared['label']})")
        }
    for key, content in (data.get("priorities") or {}).items():
        if not isinstance(content, dict):
            continue
        content["narrative"] = [fill_in(f"how the force contributed to '{key}' in {label}")]
        for figure in content.get("figures") or []:
            if isinstance(figure, dict):
                if isinstance(shared, dict) and "period" not in figure:
                    _roll_forward_shared(figure)
                else:
                    _roll_forward(figure)
    return data


def _roll_forward_shared(figure: dict[str, Any]) -> None:
    """A figure that takes the edition's period: its value moves into the comparator, whose
    label is then the edition's comparator_period."""
    figure.pop("published_change", None)
    figure.pop("revision", None)
    if "not_available" in figure:
        return
    figure.pop("comparator", None)
    if figure.get("kind") != "change" and figure.get("value") is not None:
        figure["comparator"] = {"value": figure["value"]}
    figure["value"] = fill_in("the value for the new period")


def _roll_forward(figure: dict[str, Any]) -> None:
    """Move this edition's value into the comparator and leave a placeholder for the new one."""
    period = figure.get("period")
    old_period = period.get("label", "the previous period") if isinstance(period, dict) else None
    old_period = old_period or "the previous period"
    figure.pop("published_change", None)
    figure.pop("revision", None)  # a revision belongs to the edition that made it
    if "not_available" in figure:
        figure["period"] = {
            "label": fill_in("the period the figure would cover"),
            "end": fill_in("the period's last day, YYYY-MM-DD"),
        }
        return
    comparator: dict[str, Any] = {"label": old_period}
    if figure.get("kind") != "change" and figure.get("value") is not None:
        comparator["value"] = figure["value"]
    figure["comparator"] = comparator
    figure["value"] = fill_in(f"the value for the period after {old_period}")
    figure["period"] = {
        "label": fill_in(f"the period this value covers (last time: {old_period})"),
        "end": fill_in("the period's last day, YYYY-MM-DD"),
    }
    # Keep the field order staff know: value and period first, comparator after them.
    ordered: dict[str, Any] = {
        k: figure[k] for k in ("id", "kind", "label", "value", "period") if k in figure
    }
    ordered |= {k: v for k, v in figure.items() if k not in ordered}
    figure.clear()
    figure.update(ordered)


class _Dumper(yaml.SafeDumper):
    """Writes input files the way staff would: block style, multi-line text as | blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(date, _date)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
