"""Where reportgen's own files are: the templates folder, whether installed or run from a checkout."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    """The templates folder: the project's templates/ in a checkout, its installed copy otherwise."""
    spec = importlib.util.find_spec("reportgen.templates")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("reportgen's templates are not installed; reinstall reportgen")
    return Path(next(iter(spec.submodule_search_locations)))
