"""Write templates/fonts/metrics.json, the advance widths the DOCX table layout measures text with.

Run from the repository root after changing a font: python tools/make_font_metrics.py
A test fails while the file disagrees with the fonts beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    # Lets the script run from a checkout where the package is not installed.
    sys.path.insert(0, str(REPO_ROOT))

from reportgen.render.docx_tables import FONT_FILES, METRICS_FILE, font_metrics  # noqa: E402

FONTS = REPO_ROOT / "templates" / "fonts"


def metrics() -> str:
    """The file's text: one entry per face the tables are set in, in a stable order."""
    faces = {name: font_metrics(FONTS / name) for name in sorted(FONT_FILES.values())}
    return json.dumps(faces, indent=0, sort_keys=True, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    (FONTS / METRICS_FILE).write_text(metrics(), encoding="utf-8", newline="\n")
    print(f"wrote {FONTS / METRICS_FILE}")
