"""Welsh and English text given in pairs ({en: …, cy: …}), and each language's view of an input file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reportgen.problems import DataPath, Problem
from reportgen.read.source import YamlDocument

ModelT = TypeVar("ModelT", bound=BaseModel)

ENGLISH = "en"
WELSH = "cy"
LANGUAGES = (ENGLISH, WELSH)
# The BCP 47 tag each output declares for a language: British English and Welsh as written in Wales.
TAGS = {ENGLISH: "en-GB", WELSH: "cy-GB"}

# The fields whose text a reader reads: each needs its Welsh when the profile asks for Welsh.
# Identifiers, dates, numbers, addresses and people's names read the same in both languages.
TRANSLATED_FIELDS = frozenset(
    {
        "office",
        "force",
        "area",
        "role",
        "police_and_crime_plan",
        "reporting_board",
        "title",
        "trend_title",
        "label",
        "source",
        "note",
        "reason",
        "restated",
        "population",
        "among",
        "comparator_period",
    }
)
# Fields holding a list or a mapping of texts, each of which is translated.
TRANSLATED_COLLECTIONS = frozenset({"narrative", "headings"})
# Text with a word in it needs its Welsh; '2024/25' or 'Q4 2024-25' reads the same in both.
_WORD = re.compile(r"[^\W\d_]{3,}")


def is_pair(value: Any) -> bool:
    """Whether a value is a text given in both languages: a mapping with only `en` and `cy`."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGUAGES)


def in_language(data: Any, language: str, key: str | int | None = None) -> Any:
    """The data as one language reads it: each pair replaced by its text in that language.

    A pair without that language keeps the other's text, so that the file still validates; a
    missing counterpart is reported from `missing_language`, and an edition with one is not built.
    A period's dates are read from its English label, the one the period grammar knows.
    """
    if is_pair(data):
        other = WELSH if language == ENGLISH else ENGLISH
        return data.get(language, data.get(other))
    if isinstance(data, dict):
        if key == "period" and language != ENGLISH:
            data = _with_dates(data)
        return {name: in_language(value, language, name) for name, value in data.items()}
    if isinstance(data, list):
        return [in_language(value, language) for value in data]
    return data


def _with_dates(period: dict[str, Any]) -> dict[str, Any]:
    """A period whose label is a pair, with the dates its English label names filled in."""
    from reportgen.read.periods import read_period

    label = period.get("label")
    english = label.get(ENGLISH) if isinstance(label, dict) else None
    read = read_period(english) if isinstance(english, str) else None
    if read is None or period.get("end") is not None:
        return period
    dates = {"end": read.end} | ({"start": read.start} if read.start is not None else {})
    return {**dates, **{k: v for k, v in period.items() if v is not None}}


def has_pairs(data: Any) -> bool:
    """Whether any text in the data is given in both languages."""
    if is_pair(data):
        return True
    if isinstance(data, dict):
        return any(has_pairs(value) for value in data.values())
    if isinstance(data, list):
        return any(has_pairs(value) for value in data)
    return False


def translated_texts(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, Any]]:
    """Every value in a translated position (a pair, or text that should be one), with its path."""
    if not isinstance(data, dict) or is_pair(data):
        return
    for key, value in data.items():
        here = (*path, key)
        if key in TRANSLATED_FIELDS and (isinstance(value, str) or is_pair(value)):
            yield here, value
        elif key in TRANSLATED_COLLECTIONS and isinstance(value, list | dict):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for index, item in items:
                if isinstance(item, str) or is_pair(item):
                    yield (*here, index), item
        elif isinstance(value, dict):
            yield from translated_texts(value, here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from translated_texts(item, (*here, index))


def missing_language(value: Any, language: str) -> bool:
    """Whether a translated text lacks its text in `language` (text without words needs none)."""
    if is_pair(value):
        text = value.get(language)
        return not (isinstance(text, str) and text.strip())
    return isinstance(value, str) and bool(_WORD.search(value)) and language != ENGLISH


def unwritten_in_welsh(data: Any) -> Iterator[DataPath]:
    """The figures reportgen cannot yet write in Welsh: ranks ('2nd highest of 43 forces') need
    Welsh ordinals, which it does not write."""
    priorities = data.get("priorities") if isinstance(data, dict) else None
    for key, content in (priorities or {}).items() if isinstance(priorities, dict) else ():
        figures = content.get("figures") if isinstance(content, dict) else None
        for index, figure in enumerate(figures if isinstance(figures, list) else []):
            if isinstance(figure, dict) and figure.get("kind") == "rank":
                yield ("priorities", key, "figures", index, "kind")


def welsh_view(
    doc: YamlDocument,
    paired: dict[str, Any],
    model: type[ModelT],
    wanted: bool,
    where: Callable[[Any, DataPath], str],
) -> ModelT | None:
    """The file's Welsh model when `wanted`; reports every text lacking its Welsh (or its English)."""
    languages = (ENGLISH, WELSH) if wanted else (ENGLISH,)
    for path, value in translated_texts(paired):
        for language in languages:
            if missing_language(value, language):
                doc.problems.append(_missing_counterpart(doc, path, language, where))
    if not wanted:
        return None
    for path in unwritten_in_welsh(paired):
        doc.problems.append(
            doc.problem(
                path,
                f"{where(doc.data, path)}: a rank cannot yet be written in Welsh",
                "give the position as a count, or publish this figure in the narrative in both "
                "languages (see docs/welsh.md)",
                code="no-welsh-rank",
            )
        )
    welsh = in_language(paired, WELSH)
    try:
        return model.model_validate(welsh)
    except ValidationError:
        return None  # what is wrong is wrong in English too, and reported there


def _missing_counterpart(
    doc: YamlDocument, path: DataPath, language: str, where: Callable[[Any, DataPath], str]
) -> Problem:
    place = where(doc.data, path)
    field = next((str(step) for step in reversed(path) if isinstance(step, str)), "text")
    name = f"{place}: '{field}'" if place else f"'{field}'"
    if language == WELSH:
        return doc.problem(
            path,
            f"{name} has no Welsh, and the profile publishes the statement in Welsh too",
            "write it as a pair, 'en:' with the English and 'cy:' with the Welsh on the lines "
            "under it (see docs/welsh.md)",
            code="no-welsh",
        )
    return doc.problem(
        path,
        f"{name} has Welsh but no English",
        "add 'en:' with the English beside the 'cy:' line (see docs/welsh.md)",
        code="no-english",
    )
