"""A drawn chart's SVG made fit to sit inside the web page: labelled, scalable, safe and small.

The SVG is reportgen's own drawing, but chart labels carry text from the edition, so the picture
is read as XML and written out again element by element: every text and attribute value is
escaped here, whatever the drawing library did. Only the SVG elements a chart is drawn with are
allowed; anything that could run or fetch something (``<script>``, ``<foreignObject>``, ``on…``
attributes, links outside the picture) is refused rather than passed on.

Inside one HTML page the ids of every chart share the page's namespace, and matplotlib numbers
them the same way in every picture (``DejaVuSans-30``, ``patch_1``). An id something in the
picture points to gets the figure's prefix; an id nothing points to is left out.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["web_svg"]

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
# What matplotlib draws a chart with. Text is either <text> or glyph outlines (<path> in <defs>,
# placed with <use>); <metadata> and <style> are taken out before writing.
_ELEMENTS = frozenset(
    {"svg", "g", "defs", "clipPath", "path", "use", "rect", "circle", "ellipse", "line"}
    | {"polyline", "polygon", "text", "tspan", "title", "desc", "metadata", "style"}
)
# Attributes holding lengths in points, rounded; a transform's scale factors are not lengths
# (0.015625 must stay as it is), so only its translations and rotations are.
_COORDINATES = frozenset({"d", "points", "x", "y", "width", "height", "x1", "y1", "x2", "y2"})
_MOVES = re.compile(r"\b(translate|rotate)\(([^)]*)\)")
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
# matplotlib writes one stylesheet: a rule for every element ("*{stroke-linejoin: round; …}").
_EVERY_ELEMENT = re.compile(r"\s*\*\s*\{([^{}]*)\}\s*")
_SPACE = re.compile(r"\s+")
# The spaces either side of a path command ("M 0 221.82 L 453.6 …") are not needed.
_COMMAND = re.compile(r" ?([MmLlHhVvCcSsQqTtAaZz]) ?")
# A number with a decimal point and no exponent, as matplotlib writes coordinates: 221.823984.
_NUMBER = re.compile(r"-?\d+\.\d+(?![\deE])")


def web_svg(svg: bytes, prefix: str, label: str) -> str:
    """`svg` as an ``<svg>`` element for an HTML page, named by `label` and scaled by its viewBox.

    Every id kept starts with `prefix`. Raises ``ValueError`` if the picture is not an SVG
    drawing of the kind reportgen makes.
    """
    from xml.etree.ElementTree import ParseError, fromstring

    # The XML parser leaves out the prolog, the DOCTYPE and the comments.
    try:
        root = fromstring(svg)
    except ParseError as exc:
        raise ValueError(f"the chart's SVG is not XML ({exc})") from None
    if root.tag != f"{_SVG}svg" or not root.get("viewBox"):
        raise ValueError("the chart's picture is not an SVG with a viewBox")
    targets = _targets(root)
    for name, value in root.attrib.items():
        _attribute(name, value, prefix, targets)  # checked like any other; the page sets its own
    # Stroke joins and caps are inherited, so the stylesheet's rule for every element is the same
    # as the declarations set once on the <svg>; a stylesheet in the page would style the page.
    inherited = "".join(_stylesheet(style) for style in root.iter(f"{_SVG}style"))
    head = {"viewBox": _spaced(root.get("viewBox", "")), "role": "img", "aria-label": label}
    if inherited:
        head["style"] = inherited
    attributes = "".join(f' {name}="{_quoted(value)}"' for name, value in head.items())
    inside = "".join(_element(child, prefix, targets) for child in root)
    return f"<svg{attributes}>{inside}</svg>"


def _targets(root: Element) -> set[str]:
    """The ids something in the picture points to."""
    found: set[str] = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in (f"{_XLINK}href", "href") and value.startswith("#"):
                found.add(value[1:])
            found.update(_REFERENCE.findall(value))
    return found


def _stylesheet(style: Element) -> str:
    match = _EVERY_ELEMENT.fullmatch(style.text or "")
    if match is None:
        raise ValueError(f"the chart's SVG has a stylesheet the page cannot take: {style.text!r}")
    return _declarations(match[1])


def _element(element: Element, prefix: str, targets: set[str]) -> str:
    tag = element.tag.removeprefix(_SVG)
    if tag not in _ELEMENTS:
        raise ValueError(f"the chart's SVG holds a <{tag}> element, which the page does not take")
    if tag in ("metadata", "style"):
        return ""
    attributes = "".join(
        f' {attribute}="{_quoted(written)}"'
        for attribute, written in (
            _attribute(name, value, prefix, targets) for name, value in element.attrib.items()
        )
        if attribute
    )
    inside = [_element(child, prefix, targets) for child in element]
    if tag in ("text", "tspan", "title", "desc"):
        inside = [
            _text(element.text),
            *(part + _text(child.tail) for part, child in zip(inside, element, strict=True)),
        ]
    content = "".join(inside)
    if tag == "g" and not attributes:
        # A group that sets nothing (matplotlib's groups are named by ids nothing points to)
        # draws exactly as its contents do.
        return content
    if tag == "defs" and not content:
        return ""
    return f"<{tag}{attributes}>{content}</{tag}>" if content else f"<{tag}{attributes}/>"


def _text(text: str | None) -> str:
    return escape(text, quote=False) if text else ""


def _quoted(value: str) -> str:
    """`value` for an attribute in double quotes."""
    return escape(value, quote=False).replace('"', "&quot;")


def _attribute(name: str, value: str, prefix: str, targets: set[str]) -> tuple[str, str]:
    """The attribute as the page writes it, or ``("", "")`` to leave it out."""
    if name.startswith(_XML):
        return "xml:" + name.removeprefix(_XML), value
    if name in (f"{_XLINK}href", "href"):
        if not value.startswith("#"):
            raise ValueError(f"the chart's SVG links outside itself: {value!r}")
        return "href", f"#{prefix}{value[1:]}"
    if name.startswith("{"):
        raise ValueError(f"the chart's SVG has an attribute the page does not take: {name}")
    if name.lower().startswith("on"):
        raise ValueError(f"the chart's SVG has an event handler: {name}")
    if name == "id":
        return ("id", prefix + value) if value in targets else ("", "")
    if name == "transform":
        return name, _MOVES.sub(lambda m: f"{m[1]}({_rounded(m[2])})", _spaced(value))
    if name in _COORDINATES:
        return name, _COMMAND.sub(r"\1", _rounded(value))
    written = _declarations(value) if name == "style" else value
    return name, _REFERENCE.sub(lambda m: f"url(#{prefix}{m[1]})", written)


def _spaced(value: str) -> str:
    return _SPACE.sub(" ", value).strip()


def _rounded(value: str) -> str:
    return _NUMBER.sub(_hundredths, _spaced(value))


def _hundredths(number: re.Match[str]) -> str:
    """A coordinate to a hundredth of a point: on screen, a hundredth of a pixel or less."""
    written = f"{float(number[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if written == "-0" else written


def _declarations(value: str) -> str:
    declarations = (d.strip() for d in value.split(";"))
    return ";".join(
        f"{name.strip()}:{setting.strip()}"
        for name, _, setting in (d.partition(":") for d in declarations if d)
    )
