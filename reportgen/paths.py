"""Where reportgen's own files are: each template from the project's templates/ folder, else the installed copy."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# A templates/ folder in the folder reportgen runs from (where staff edit the standard wording)
# overrides the installed copy file by file: a project folder holding only wording.yaml changes
# the wording and keeps the installed page, PDF and DOCX templates.
PROJECT_TEMPLATES = Path("templates")


def template_file(name: str) -> Path:
    """The template `name` ('wording.yaml', 'fonts'): the project's own copy if it has one."""
    project = PROJECT_TEMPLATES / name
    if project.exists():
        return project.resolve()
    return packaged_templates_dir() / name


def template_folders() -> tuple[Path, ...]:
    """The folders templates are looked up in, first match wins: the project's, then reportgen's."""
    packaged = packaged_templates_dir()
    if PROJECT_TEMPLATES.is_dir() and PROJECT_TEMPLATES.resolve() != packaged.resolve():
        return (PROJECT_TEMPLATES.resolve(), packaged)
    return (packaged,)


def packaged_templates_dir() -> Path:
    """reportgen's installed templates (the project's templates/ folder in a checkout)."""
    spec = importlib.util.find_spec("reportgen.templates")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("reportgen's templates are not installed; reinstall reportgen")
    return Path(next(iter(spec.submodule_search_locations)))
