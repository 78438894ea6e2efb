"""Makes the end of every PDF stream unambiguous, so no validator misreads a stream's /Length.

Typst writes each stream as `stream\\n<data>\\nendstream`. When the data's last byte is a carriage
return (a deflated stream ends with its checksum, so about 1 stream in 256 does), the bytes before
`endstream` read `\\r\\n`, and PDF/A validators take the CR for part of the end-of-line marker
and report a /Length one byte too long. Writing `\\r\\n` as that stream's marker instead keeps the
data exactly as it was and leaves no doubt; the cross-reference table is shifted to match.
"""

from __future__ import annotations

import re

# An object holding a stream with a direct /Length: 'N G obj <<… /Length L …>>\nstream\n'.
_STREAM_OBJECT = re.compile(
    rb"\d+ \d+ obj\s*<<(?:(?!endobj).)*?/Length (\d+)[^\d](?:(?!endobj).)*?stream\n", re.S
)
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n(\r\n| \n| \r)")
_START_XREF = re.compile(rb"startxref\s+(\d+)")


def unambiguous_stream_ends(pdf: bytes) -> bytes:
    """`pdf` with a CR added to the end-of-line marker of every stream whose data ends in CR."""
    insertions: list[int] = []
    for found in _STREAM_OBJECT.finditer(pdf):
        end = found.end() + int(found.group(1))
        if pdf[end - 1 : end] == b"\r" and pdf[end : end + 10] == b"\nendstream":
            insertions.append(end)
    table = pdf.rfind(b"\nxref")
    if not insertions or table == -1:
        # No classic cross-reference table (a file with an xref stream): nothing can be shifted
        # safely, so the file is left as Typst wrote it.
        return pdf
    pieces, start = [], 0
    for position in insertions:
        pieces += [pdf[start:position], b"\r"]
        start = position
    pieces.append(pdf[start:])
    fixed = b"".join(pieces)
    table = fixed.rindex(b"\nxref")

    def shifted(offset: int) -> int:
        return offset + sum(1 for position in insertions if position < offset)

    def entry(match: re.Match[bytes]) -> bytes:
        return b"%010d %s n%s" % (shifted(int(match.group(1))), match.group(2), match.group(3))

    head, tail = fixed[:table], fixed[table:]
    tail = _XREF_ENTRY.sub(entry, tail)
    tail = _START_XREF.sub(lambda m: b"startxref\n%d" % shifted(int(m.group(1))), tail)
    return head + tail
