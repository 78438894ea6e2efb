"""Where reportgen's own files are: the templates folder, whether installed or run from a checkout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The project folder's own templates/ (where staff edit the standard wording) wins over the
# installed copy, so an edit takes effect without reinstalling reportgen.
PROJECT_TEMPLATES = Path("templates")
MARKER = "wording.yaml"


def templates_dir() -> Path:
    """The templates folder: ./templates when it holds the wording, else reportgen's own copy."""
    if (PROJECT_TEMPLATES / MARKER).is_file():
        return PROJECT_TEMPLATES.resolve()
    return packaged_templates_dir()


def packaged_templates_dir() -> Path:
    spec = importlib.util.find_spec("reportgen.templates")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("reportgen's templates are not installed; reinstall reportgen")
    return Path(next(iter(spec.submodule_search_locations)))
