"""Welsh left behind: texts whose English changed between two editions while their Welsh did not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.read.languages import translated_texts
from reportgen.read.load import where
from reportgen.statement import Statement

__all__ = ["untranslated_changes"]


def untranslated_changes(old: Statement, new: Statement) -> Iterator[str]:
    """A warning for each text of the new edition (or its profile) whose English differs from the
    old edition's while its Welsh is word for word the same: the Welsh may no longer say what the
    English says. Nothing when either edition has no Welsh."""
    if old.welsh is None or new.welsh is None:
        return
    for part, english, welsh in (
        ("the edition", _edition(old, new), _edition(old.welsh, new.welsh)),
        ("the profile", _profile(old, new), _profile(old.welsh, new.welsh)),
    ):
        (old_en, new_en), (old_cy, new_cy) = english, welsh
        for path, text in translated_texts(new_en):
            before = _get(old_en, path)
            if before is None or before == text or _get(old_cy, path) != _get(new_cy, path):
                continue
            place = where(new_en, path)
            field = next((str(s) for s in reversed(path) if isinstance(s, str)), "text")
            if field == "narrative":
                name = place
            else:
                name = f"{place}: '{field}'" if place else f"'{field}' in {part}"
            yield (
                f"{name}: the English changed and the Welsh did not — check that the Welsh "
                "still says the same"
            )


def _edition(old: Statement, new: Statement) -> tuple[dict[str, Any], dict[str, Any]]:
    return old.edition.model_dump(mode="json"), new.edition.model_dump(mode="json")


def _profile(old: Statement, new: Statement) -> tuple[dict[str, Any], dict[str, Any]]:
    return old.profile.model_dump(mode="json"), new.profile.model_dump(mode="json")


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data
