"""The terminal reportgen writes to: UTF-8 whatever the console's code page, colour only where it shows."""

from __future__ import annotations

import io
import os
import re
import sys
from typing import TextIO


def utf8(stream: TextIO) -> TextIO:
    """The stream, set to write UTF-8.

    A Windows console redirected to a file or pipe encodes as the ANSI code page (cp1252), which
    has no minus sign, arrows or Welsh ŵ; statements and diffs use all three. UTF-8 is what every
    editor and `type` in a modern console read.
    """
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


# Characters a terminal acts on or reorders rather than shows: C0 and C1 controls (ESC starts
# the sequences that clear a screen or retitle a window), DEL, bidirectional overrides and
# isolates, and line or paragraph separators. Line feeds and tabs are layout, and are kept.
_UNSHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every character a terminal would act on shown as its code, like <U+001B>."""
    return _UNSHOWN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def supports_colour(stream: TextIO) -> bool:
    """True if ANSI colours written to `stream` will show as colours, not as escape codes.

    Colour is for a person at a terminal: never in a file or pipe, never when NO_COLOR is set
    (https://no-color.org), never on a 'dumb' terminal, and on Windows only once the console
    has agreed to interpret escape codes.
    """
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    try:
        if not stream.isatty():
            return False
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
    if sys.platform == "win32":
        return _enable_windows_escape_codes(stream)
    return True


def _enable_windows_escape_codes(stream: TextIO) -> bool:
    """Ask the Windows console to interpret ANSI escape codes (Windows 10 and later can)."""
    import ctypes
    import msvcrt

    enable_virtual_terminal_processing = 0x0004
    try:
        handle = msvcrt.get_osfhandle(stream.fileno())  # type: ignore[attr-defined,unused-ignore]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(
            kernel32.SetConsoleMode(handle, mode.value | enable_virtual_terminal_processing)
        )
    except (AttributeError, OSError, ValueError):
        return False
