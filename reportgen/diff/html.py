"""The comparison of two editions as one standalone, accessible redline page (``reportgen diff --format html``).

Every value is escaped by Jinja2's autoescaping: narrative, labels and file names are printed
exactly as written, never read as markup. Deleted words are ``<del>`` and inserted words ``<ins>``;
each is struck through or underlined as well as coloured, and opens with visually hidden words
("deleted:", "inserted:") because most screen readers do not announce the elements themselves.
"""

from __future__ import annotations

import functools
import string
from typing import TYPE_CHECKING

from markupsafe import Markup

from reportgen.dates import long_date
from reportgen.diff.changes import ARROW, Diff, field_name
from reportgen.diff.sources import Source
from reportgen.formats import FORMATS
from reportgen.render import house

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html"]

# The house colours and typefaces, the redline's included (reportgen.render.house).
_CSS = string.Template(
    """
:root { color: $ink; background: $paper; }
body { font-family: $document_font, "$open_document_font", Helvetica, sans-serif; font-size: 1rem;
  line-height: 1.5; margin: 0; }
.page-width { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.45rem; margin: 2.25rem 0 0.5rem; padding-top: 0.75rem;
  border-top: 2px solid $rule; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
p { margin: 0.4rem 0 0.8rem; max-width: 45em; }
a { color: $link; }
a:focus, [tabindex]:focus { outline: 3px solid $focus; outline-offset: 0; background: $focus;
  color: $ink; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { position: static; display: inline-block; padding: 0.5rem; }
.summary { font-size: 1.15rem; font-weight: bold; }
.status { color: $web_secondary_ink; }
.none { color: $web_secondary_ink; }
.table-region { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.4rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem 0.4rem 0;
  border-bottom: 1px solid $rule; }
thead th { border-bottom: 2px solid $ink; }
.hash { font-family: "Liberation Mono", Consolas, monospace; font-size: 0.85rem;
  overflow-wrap: anywhere; }
.redline { white-space: pre-line; border-left: 4px solid $rule; padding-left: 0.75rem; }
ul.hashes { list-style: none; margin: 0; padding: 0; }
tbody.figure tr:not(:last-child) td { border-bottom-color: $faint_rule; }
del { color: $deleted_ink; background: $deleted_paper; text-decoration: line-through; }
ins { color: $inserted_ink; background: $inserted_paper; text-decoration: underline; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0;
  padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); border: 0;
  white-space: nowrap; }
ul.figures { padding-left: 1.25rem; }
@media print { .skip-link { display: none; } h2 { break-after: avoid; } }
"""
)

_TEMPLATE = """\
{%- macro segments(items) -%}
{%- for s in items -%}
{%- if not loop.first %} {% endif -%}
{%- if s.op == "delete" -%}<del><span class="visually-hidden">deleted: </span>{{ s.text }}</del>
{%- elif s.op == "insert" -%}<ins><span class="visually-hidden">inserted: </span>{{ s.text }}</ins>
{%- else -%}{{ s.text }}{%- endif -%}
{%- endfor -%}
{%- endmacro -%}
{%- macro opt(value) -%}{% if value is none %}<span class="none">none</span>{% else %}{{ value }}{% endif %}{%- endmacro -%}
{%- macro region(label) -%}<div class="table-region" role="region" aria-label="{{ label }}" tabindex="0">{%- endmacro -%}
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – {{ statement_title }}</title>
<style>{{ css }}</style>
</head>
<body>
<a class="skip-link" href="#main">{{ skip_link }}</a>
<main id="main" class="page-width">
<h1>{{ title }}</h1>
<p class="summary">{{ summary.line }}</p>
<p>Deleted words are <del><span class="visually-hidden">deleted: </span>struck through</del> and
inserted words <ins><span class="visually-hidden">inserted: </span>underlined</ins>. Values are
printed as the statement prints them; changes are computed as the statement computes them.</p>

<h2 id="sources">The two editions compared</h2>
{{ region("The two editions compared") }}
<table>
<caption>Where each edition was read from</caption>
<thead><tr><th scope="col">Detail</th><th scope="col">Old</th><th scope="col">New</th></tr></thead>
<tbody>
<tr><th scope="row">File</th><td>{{ old.path }}</td><td>{{ new.path }}</td></tr>
<tr><th scope="row">What it is</th><td>{{ made(old) }}</td><td>{{ made(new) }}</td></tr>
<tr><th scope="row">Edition</th><td>{{ old.edition }}</td><td>{{ new.edition }}</td></tr>
<tr><th scope="row">Published</th><td>{{ long_date(old.published) }}</td><td>{{ long_date(new.published) }}</td></tr>
<tr><th scope="row">SHA-256 of the file</th><td class="hash">{{ old.sha256 }}</td><td class="hash">{{ new.sha256 }}</td></tr>
<tr><th scope="row">SHA-256 of its input files</th>{% for side in (old, new) %}<td>{% if side.inputs %}<ul class="hashes">{% for name, digest in side.inputs.items() %}<li>{{ name }}: <span class="hash">{{ digest }}</span></li>{% endfor %}</ul>{% else %}{{ opt(none) }}{% endif %}</td>{% endfor %}</tr>
<tr><th scope="row">SHA-256 of the earlier editions read for trends</th>{% for side in (old, new) %}<td>{% if side.history %}<ul class="hashes">{% for name, digest in side.history.items() %}<li>{{ name }}: <span class="hash">{{ digest }}</span></li>{% endfor %}</ul>{% else %}{{ opt(none) }}{% endif %}</td>{% endfor %}</tr>
</tbody>
</table>
</div>
<p>For a statement reportgen built, the input files' hashes are those recorded in it when it was built; for an input file, they are of the file and the profile beside it now.</p>
{% if diff.details %}

<h2 id="details">Statement details</h2>
{{ region("Statement details") }}
<table>
<caption>Details of the statement that changed</caption>
<thead><tr><th scope="col">Detail</th><th scope="col">Old</th><th scope="col">New</th></tr></thead>
<tbody>
{% for change in diff.details %}
<tr><th scope="row">{{ field_name(change.field) }}</th><td>{{ opt(change.old) }}</td><td>{{ opt(change.new) }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% endif %}

<h2 id="revisions">Revisions</h2>
<p>Values for periods that the {{ old.edition }} edition already published, now different.</p>
{% if diff.revisions %}
{{ region("Revisions") }}
<table>
<caption>Revised values, with the reason given</caption>
<thead><tr><th scope="col">Figure</th><th scope="col">Period</th><th scope="col">Published in {{ old.edition }}</th><th scope="col">Now</th><th scope="col">Change</th><th scope="col">Reason</th></tr></thead>
<tbody>
{% for r in diff.revisions %}
<tr><th scope="row">{{ r.label }} <span class="status">({{ r.figure }})</span></th><td>{{ r.period }}</td><td>{{ r.old.text }} <span class="status">(as its {{ r.old_as }})</span></td><td>{{ r.new.text }} <span class="status">(as its {{ r.new_as }})</span></td><td>{{ r.change.text if r.change else "–" }}</td><td>{{ r.reason or "None given" }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% else %}
<p class="none">No values were revised.</p>
{% endif %}
{% for p in diff.priorities %}

<h2 id="priority-{{ p.id }}">{{ loop.index }}. {{ p.heading }}</h2>
<p class="status">{{ status_text[p.status] }}</p>
{% if p.heading_change %}
<p>Heading: {{ p.heading_change.old }} {{ arrow }} {{ p.heading_change.new }}</p>
{% endif %}
{% if p.applicability %}
{% set a = p.applicability %}
<h3>Applicability</h3>
<p>{{ verdict(a.old_applicable) }}{% if a.old_applicable != a.new_applicable %} {{ arrow }} {{ verdict(a.new_applicable) }}{% endif %}. Reason:</p>
<p class="redline">{{ segments(a.reason) }}</p>
{% endif %}
{% if p.figures_changed %}
<h3>Figures changed</h3>
{{ region("Figures changed: " ~ p.heading) }}
<table>
<caption>Figures changed: {{ p.heading }}</caption>
<thead><tr><th scope="col">Figure</th><th scope="col">What changed</th><th scope="col">Old</th><th scope="col">New</th><th scope="col">Change</th></tr></thead>
{% for f in p.figures_changed %}
<tbody class="figure">
{% set rows = (1 if f.value else 0) + f.fields | length %}
{% if f.value %}
<tr><th scope="rowgroup" rowspan="{{ rows }}">{{ f.label }} <span class="status">({{ f.id }})</span></th><td>value</td><td>{{ f.value.old.text }}</td><td>{{ f.value.new.text }}</td><td>{% if f.value.not_comparable %}Not comparable: {{ f.value.not_comparable }}{% else %}{{ f.value.change.text if f.value.change else "–" }}{% endif %}</td></tr>
{% endif %}
{% for c in f.fields %}
<tr>{% if loop.first and not f.value %}<th scope="rowgroup" rowspan="{{ rows }}">{{ f.label }} <span class="status">({{ f.id }})</span></th>{% endif %}<td>{{ field_name(c.field) }}</td><td>{{ opt(c.old) }}</td><td>{{ opt(c.new) }}</td><td>–</td></tr>
{% endfor %}
</tbody>
{% endfor %}
</table>
</div>
{% endif %}
{% for name, figures in (("added", p.figures_added), ("removed", p.figures_removed)) if figures %}
<h3>Figures {{ name }}</h3>
{{ region("Figures " ~ name ~ ": " ~ p.heading) }}
<table>
<caption>Figures {{ name }}: {{ p.heading }}</caption>
<thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Period</th><th scope="col">Kind</th><th scope="col">Source</th></tr></thead>
<tbody>
{% for f in figures %}
<tr><th scope="row">{{ f.label }} <span class="status">({{ f.id }})</span></th><td>{{ f.value.text }}</td><td>{{ f.period }}</td><td>{{ f.kind }}</td><td>{{ opt(f.source) }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% endfor %}
{% if p.narrative %}
<h3>Narrative</h3>
{% for b in p.narrative %}
<h4>Narrative block {{ b.block }} ({{ b.status }}{% if b.formatting_only %}: emphasis or a link changed, not the words{% endif %})</h4>
<p class="redline">{{ segments(b.redline) }}</p>
{% endfor %}
{% endif %}
{% if p.charts %}
<h3>Charts</h3>
{% for c in p.charts %}
<h4>Chart {{ c.id }} ({{ c.status }}): {{ c.title }}</h4>
{% if c.title_change %}
<p>Title: {{ c.title_change.old }} {{ arrow }} {{ c.title_change.new }}</p>
{% endif %}
{% if c.cells %}
{{ region("Data of chart " ~ c.id) }}
<table>
<caption>{% if c.status == "changed" %}Data of chart {{ c.id }} that changed{% else %}Data of chart {{ c.id }} ({{ c.status }}){% endif %}</caption>
<thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Old</th><th scope="col">New</th></tr></thead>
<tbody>
{% for cell in c.cells %}
<tr><th scope="row">{{ cell.row }}</th><td>{{ cell.column }}</td><td>{{ opt(cell.old) }}</td><td>{{ opt(cell.new) }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% endif %}
{% endfor %}
{% endif %}
{% endfor %}
</main>
</body>
</html>
"""

_STATUS = {
    "unchanged": "No changes.",
    "changed": "Changed.",
    "added": "Added: only the new edition covers this priority.",
    "removed": "Removed: only the old edition covers this priority.",
}


def render_html(result: Diff) -> str:
    """The comparison as a standalone HTML page (UTF-8 text, no external resources)."""
    from reportgen.compose import load_wording

    old, new = result.old, result.new
    wording = load_wording()
    return _template().render(
        title=f"Changes from the {old.edition} to the {new.edition} statement",
        statement_title=wording("title"),
        skip_link=wording("skip_link"),
        # The stylesheet is reportgen's own constant text: escaping it would break its quotes.
        css=Markup(_CSS.substitute(house.template_values())),
        diff=result,
        old=old,
        new=new,
        summary=result.summary,
        status_text=_STATUS,
        arrow=ARROW,
        long_date=long_date,
        made=_made,
        verdict=_verdict,
        field_name=field_name,
    )


def _made(source: Source) -> str:
    if source.made_by is None:
        return "Edition input file"
    return f"{FORMATS[source.format].title} made by reportgen {source.made_by}"


def _verdict(value: bool | None) -> str:
    return "Not covered" if value is None else "Applicable" if value else "Not applicable"


@functools.cache
def _template() -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"diff.html": _TEMPLATE}),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("diff.html")
