"""The one Jinja2 set-up shared by every page reportgen writes: autoescaped, strict, cached."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


@functools.cache
def environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """Templates from `folders`, the first that has a name winning. Autoescape is on for everything, so input text never becomes
    markup, and an undefined name is an error rather than an empty string."""
    import jinja2  # only when a page is written

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A template saved while `build --watch` runs is read again at the next build.
        auto_reload=True,
    )
