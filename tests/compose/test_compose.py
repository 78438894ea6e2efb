"""The composed tree: order, numbering, wording, figures and charts, decided once for every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.check import validate_editions
from reportgen.compose import WordingError, compose, load_wording
from reportgen.compose.document import Chart, Document, Heading, ItemList, Paragraph, Table
from reportgen.paths import packaged_templates_dir
from reportgen.read.model import Edition
from reportgen.statement import Statement
from tests.conftest import INPUTS

PRIORITY_HEADINGS = [
    "Reduce murder and other homicides",
    "Reduce serious violence",
    "Disrupt drug supply and county lines",
    "Reduce neighbourhood crime",
    "Improve victim satisfaction, with a focus on victims of domestic abuse",
    "Tackle fraud and cybercrime",
]


def _statements(folder: Path = INPUTS) -> list[Statement]:
    result = validate_editions(sorted(folder.glob("20*.yaml")))
    assert result.errors == []
    return result.statements


@pytest.fixture(scope="module")
def q4() -> Document:
    q2, q4 = _statements()
    return compose(q4, [q2])


def _text(block: Paragraph) -> str:
    return "".join(span.text for span in block.inlines)


def _sections(document: Document) -> dict[str, list[object]]:
    sections: dict[str, list[object]] = {}
    current = ""
    for block in document.blocks:
        if isinstance(block, Heading):
            current = block.text
            sections[current] = []
        else:
            sections.setdefault(current, []).append(block)
    return sections


def _all_text(blocks: list[object]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(_text(block))
        elif isinstance(block, ItemList):
            parts += ["".join(s.text for s in item) for item in block.items]
        elif isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row]
        elif isinstance(block, Chart):
            parts.append(block.alt)
    return "\n".join(parts)


def test_it_sets_out_the_statement_in_the_established_order(q4: Document) -> None:
    headings = [(b.level, b.text) for b in q4.blocks if isinstance(b, Heading)]
    assert headings == [
        (1, "National Policing Priorities Statement"),
        (2, "Introduction"),
        (2, "National Policing Priorities"),
        *[(2, h) for h in PRIORITY_HEADINGS],
        (2, "Reporting frequency"),
        (2, "Sources and notes"),
    ]
    assert q4.letterhead is not None
    assert ["".join(s.text for s in line) for line in q4.letterhead.contact] == [
        "Please ask for: Arron Cullen",
        "Telephone: 0121 626 6060",
        "Email: wmpcc@west-midlands.pnn.police.uk",
    ]
    assert "".join(s.text for s in q4.letterhead.office) == (
        "Office of the West Midlands Police and Crime Commissioner"
    )
    front = [_text(b) for b in q4.blocks[:3] if isinstance(b, Paragraph)]
    assert front == ["2024-25 Q4 Update", "Published 30 June 2025"]


def test_paragraphs_are_numbered_consecutively_through_the_statement(q4: Document) -> None:
    numbers = [b.number for b in q4.blocks if isinstance(b, Paragraph) and b.number is not None]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == 20


def test_numbering_can_be_turned_off_in_the_profile(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    profile = tmp_path / "inputs" / "profile.yaml"
    profile.write_text(
        profile.read_text().replace("numbered_paragraphs: true", "numbered_paragraphs: false")
    )
    q2, q4 = _statements(tmp_path / "inputs")
    document = compose(q4, [q2])
    assert all(b.number is None for b in document.blocks if isinstance(b, Paragraph))


def test_the_introduction_cites_the_order_correctly_and_names_the_plan(q4: Document) -> None:
    introduction = _all_text(_sections(q4)["Introduction"])
    assert "paragraph 7A of Part 1 of the Schedule" in introduction
    assert "Elected Local Policing Bodies (Specified Information) Order 2011" in introduction
    assert (
        "Elected Local Policing Bodies (Specified Information) (Amendment) Order 2021 "
        "(SI 2021/547), which came into force on 31 May 2021" in introduction
    )
    assert "Police and Crime Plan 2021–2025" in introduction


def test_the_priorities_are_listed_and_assessed_with_reasons(q4: Document) -> None:
    section = _sections(q4)["National Policing Priorities"]
    (listing,) = [b for b in section if isinstance(b, ItemList)]
    assert listing.ordered
    assert ["".join(s.text for s in item) for item in listing.items] == PRIORITY_HEADINGS
    (table,) = [b for b in section if isinstance(b, Table)]
    assert table.caption == "Applicability of the national priorities in the West Midlands"
    assert table.header == ("Priority", "Assessment", "Reason")
    assert [row[0].text for row in table.rows] == PRIORITY_HEADINGS
    assert all(row[1].text == "Applicable" and len(row[2].text) > 40 for row in table.rows)


def test_narrative_references_take_their_numbers_from_the_figures(q4: Document) -> None:
    homicide = _all_text(_sections(q4)[PRIORITY_HEADINGS[0]])
    assert (
        "West Midlands Police recorded 31 homicides in 2024/25, a reduction of 14 (31.1%) on "
        "2023/24." in homicide
    )
    violence = _all_text(_sections(q4)[PRIORITY_HEADINGS[1]])
    assert (
        "knife and sharp instrument offences, 165 per 100,000 people, was the second-highest of 43 forces"
        in violence
    )


# Every figure seed 004 states, as the statement prints it, in the section it belongs to.
SEED_004 = {
    PRIORITY_HEADINGS[0]: ["31", "a reduction of 14", "9"],
    PRIORITY_HEADINGS[1]: [
        "11,241",
        "9.6%",
        "12.6%",
        "second-highest of 43 forces",
        "165 per 100,000",
        "4,577",
        "13.1%",
        "12.5%",
        "13",
    ],
    PRIORITY_HEADINGS[2]: ["9.5%", "15.8%", "14.7%", "8", "more than 60", "15"],
    PRIORITY_HEADINGS[3]: ["48,938", "17.3%", "13.9%", "20.6%", "21.9%", "150"],
    PRIORITY_HEADINGS[5]: ["15,065", "83.0%", "17.0%", "5.1%", "more than 4,500"],
}


@pytest.mark.parametrize("heading", list(SEED_004))
def test_every_figure_of_seed_004_appears_in_its_section(q4: Document, heading: str) -> None:
    text = _all_text(_sections(q4)[heading])
    for figure in SEED_004[heading]:
        assert figure in text, figure


def test_a_figure_that_is_not_available_says_why_once_under_sources_and_notes(
    q4: Document,
) -> None:
    section = _sections(q4)[PRIORITY_HEADINGS[1]]
    (table,) = [b for b in section if isinstance(b, Table) and b.purpose == "figures"]
    row = next(r for r in table.rows if r[0].text.startswith("Hospital admissions"))
    assert row[2].text == "Not available"
    assert not any(isinstance(b, Paragraph) and b.style == "note" for b in section)
    (notes,) = [b for b in _sections(q4)["Sources and notes"] if isinstance(b, ItemList)]
    assert ["".join(s.text for s in item) for item in notes.items] == [
        "Hospital admissions of under-25s for assault with a sharp object: not available. The "
        "national measure is not yet published at police force area level. This statement "
        "reports knife and sharp instrument offences in its place.",
        "Where the key figures give a change but not the earlier figure, the change is the one "
        "the source published.",
    ]


def test_key_figures_tables_show_value_comparator_and_change(q4: Document) -> None:
    section = _sections(q4)[PRIORITY_HEADINGS[0]]
    (table,) = [b for b in section if isinstance(b, Table)]
    # Both figures come from one source: it is said once, under the table, not in a column.
    assert table.header == ("Measure", "Period", "Value", "Compared with", "Change")
    assert [c.text for c in table.rows[0]] == [
        "Homicides recorded",
        "2024/25",
        "31",
        "45 (2023/24)",
        "−14 (−31.1%)",
    ]
    note = section[section.index(table) + 1]
    assert isinstance(note, Paragraph) and note.style == "note"
    assert _text(note) == "Source: West Midlands Police recorded crime."
    # The measure's names are the longest text: its column is the widest.
    assert table.widths[0] == max(table.widths)
    assert abs(sum(table.widths) - 1) < 0.005


def test_key_figures_tables_leave_out_columns_empty_in_every_row() -> None:
    q2, _ = _statements()
    sections = _sections(compose(q2))
    tables = {
        heading: next(b for b in blocks if isinstance(b, Table) and b.purpose == "figures")
        for heading, blocks in sections.items()
        if any(isinstance(b, Table) and b.purpose == "figures" for b in blocks)
    }
    assert tables[PRIORITY_HEADINGS[0]].header == ("Measure", "Period", "Value")
    assert tables[PRIORITY_HEADINGS[1]].header == ("Measure", "Period", "Value", "Source")
    assert tables[PRIORITY_HEADINGS[3]].header == (
        "Measure",
        "Period",
        "Value",
        "Compared with",
        "Change",
        "Source",
    )
    for table in tables.values():
        assert len(table.numeric) == len(table.widths) == len(table.header)
        assert abs(sum(table.widths) - 1) < 0.005
        for column in range(1, len(table.header)):
            assert any(row[column].text != "–" for row in table.rows), table.header[column]


def test_the_sources_list_names_only_sources_of_a_reported_figure(q4: Document) -> None:
    (sources,) = [b for b in _sections(q4)["Sources and notes"] if isinstance(b, Table)]
    names = [row[0].text for row in sources.rows]
    # The hospital admissions figure is not available: its source reports nothing here.
    assert "NHS Hospital Episode Statistics" not in names
    assert names == [
        "Action Fraud dashboard",
        "Digital Crime and Performance Pack (HMICFRS)",
        "Office of the Police and Crime Commissioner",
        "West Midlands Police",
        "West Midlands Police recorded crime",
        "West Midlands Violence Reduction Partnership",
    ]


def test_only_charts_a_table_cannot_replace_survive_in_the_samples(q4: Document) -> None:
    """Q4: the serious violence comparison the edition names. Homicide, drugs and neighbourhood
    crime had charts restating their tables, and two "trends" joined two points a year apart (one
    across a change of source); none survives. Q2: the homicide shares the edition names."""
    assert [c.spec.id for c in q4.charts] == ["serious-violence-1"]
    q2, _ = _statements()
    assert [c.spec.id for c in compose(q2).charts] == ["homicide-1"]


def test_charts_follow_the_edition_choices_and_the_figures(q4: Document) -> None:
    (violence,) = q4.charts
    assert violence.number == 1
    # The headline staff set in the edition.
    assert violence.spec.title == (
        "Violence with injury, serious youth violence, knife crime and gun crime all fell"
    )
    assert violence.spec.categories == (
        "Violence with injury offences (2024/25)",
        "Serious youth violence offences (2024/25)",
        "Knife and sharp instrument offences (calendar year 2024)",
        "Gun crime offences (calendar year 2024)",
    )
    assert violence.spec.series[0].labels == ("−9.6%", "−12.6%", "−13.1%", "−12.5%")
    assert violence.order == ("caption", "image", "source", "data")


def test_a_generated_headline_names_both_periods(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    text = edition.read_text()
    text = text.replace(
        "      title: Violence with injury, serious youth violence, knife crime and gun crime all "
        "fell\n",
        "",
    )
    text = text.replace(
        "  drugs:\n",
        "  drugs:\n    chart:\n      figures: [drug-offences, drug-possession, drug-trafficking]\n",
    )
    edition.write_text(text)
    q2, q4 = _statements(tmp_path / "inputs")
    titles = [c.spec.title for c in compose(q4, [q2]).charts]
    assert titles == [
        "Violence with injury offences and three other measures fell compared with their "
        "earlier periods",
        "Drug offences and drug possession offences fell from 2023/24 to 2024/25, but drug "
        "trafficking offences rose",
    ]


def test_the_samples_draw_no_trend_from_two_points_a_year_apart(q4: Document) -> None:
    # Neighbourhood crime is 66,850 in the year ending March 2023 (Q2) and 48,938 in 2024/25
    # (Q4): 2023/24 is skipped. The knife crime rates are per 100,000 "population" and "people",
    # in periods ending March 2023 and September 2024. Homicides come from two sources.
    assert not [c for c in q4.charts if c.spec.kind == "line"]


def test_each_chart_comes_with_short_alt_text_and_a_table_of_exactly_its_values(
    q4: Document,
) -> None:
    for chart in q4.charts:
        plotted = {label for series in chart.spec.series for label in series.labels}
        cells = {cell.text for row in chart.data.rows for cell in row[1:]}
        assert plotted == cells
        assert chart.caption == f"Figure {chart.number}: {chart.spec.title}"
    (violence,) = q4.charts
    assert violence.alt == (
        "Bar chart of percentage change on each measure's earlier period, West Midlands Police. "
        "Violence with injury, serious youth violence, knife crime and gun crime all fell. "
        "The data table after the chart gives the values."
    )
    assert violence.data.caption == (
        "Data for figure 1: percentage change on each measure's earlier period, West Midlands "
        "Police"
    )


def test_a_priority_can_opt_out_of_charts(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    text = edition.read_text()
    text = text.replace(
        "    chart:\n      figures: [violence-with-injury, serious-youth-violence, knife-offences, gun-crime]\n"
        "      title: Violence with injury, serious youth violence, knife crime and gun crime all "
        "fell\n",
        "    chart: false\n",
    )
    edition.write_text(text)
    q2, q4 = _statements(tmp_path / "inputs")
    ids = [c.spec.id for c in compose(q4, [q2]).charts]
    assert not any(i.startswith("serious-violence") for i in ids)


def test_the_embedded_input_is_the_validated_input(q4: Document) -> None:
    _, statement = _statements()
    assert Edition.model_validate(q4.source_data["edition"]) == statement.edition
    json.dumps(q4.as_data())  # the whole tree is plain data
    assert set(q4.provenance["inputs"]) == {"2024-25-Q4.yaml", "profile.yaml"}
    assert all(h.startswith("sha256:") for h in q4.provenance["inputs"].values())
    assert list(q4.provenance["history"]) == ["2023-24-Q2.yaml"]


def test_narrative_text_is_carried_exactly_as_written(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    hostile = "<script>x</script> {{ 1 + 1 }} {% if %} #set $ @ & “quotes” £ – ŵŷ"
    # Braces meant as text are escaped (\{ \}); unescaped, they are reported as references.
    escaped = hostile.replace("{", "\\{").replace("}", "\\}")
    text = edition.read_text().replace(
        "      - >-\n        The appointment is intended",
        f"      - '{escaped}'\n      - >-\n        The appointment is intended",
    )
    edition.write_text(text)
    q2, q4 = _statements(tmp_path / "inputs")
    document = compose(q4, [q2])
    assert any(isinstance(b, Paragraph) and _text(b) == hostile for b in document.blocks)


def test_wording_that_names_an_unknown_value_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    wording = (packaged_templates_dir() / "wording.yaml").read_text()
    (folder / "wording.yaml").write_text(
        wording.replace("{force} contributes", "{forse} contributes")
    )
    _, q4 = _statements()
    with pytest.raises(
        WordingError, match=r"'introduction' uses \{forse\}, which reportgen does not fill in"
    ):
        compose(q4, [], load_wording(folder))


def test_composition_is_deterministic() -> None:
    q2, q4 = _statements()
    assert compose(q4, [q2]) == compose(q4, [q2])


def test_the_project_folders_own_wording_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(packaged_templates_dir(), tmp_path / "templates")
    wording = tmp_path / "templates" / "wording.yaml"
    wording.write_text(
        wording.read_text().replace(
            "introduction_heading: Introduction", "introduction_heading: About this statement"
        )
    )
    monkeypatch.chdir(tmp_path)
    _, q4 = _statements()
    document = compose(q4)
    assert Heading(2, "About this statement", "introduction") in document.blocks
    assert document.provenance["templates"]["wording.yaml"].startswith("sha256:")


def test_a_revised_figure_is_flagged_with_its_reason(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    edition.write_text(
        edition.read_text().replace(
            "        published_change: {absolute: -14}\n",
            "        published_change: {absolute: -14}\n"
            "        revision: {reason: Two deaths were reclassified as homicides.}\n",
        )
    )
    q2, q4 = _statements(tmp_path / "inputs")
    notes = _all_text(_sections(compose(q4, [q2]))["Sources and notes"])
    assert (
        "Homicides recorded: the figure for 2024/25 is revised from the one first published. "
        "Two deaths were reclassified as homicides." in notes
    )


def test_page_furniture_words_come_from_the_wording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(packaged_templates_dir(), tmp_path / "templates")
    wording = tmp_path / "templates" / "wording.yaml"
    text = wording.read_text().replace(
        'page_number: "Page {page} of {pages}"', 'page_number: "Tudalen {page} o {pages}"'
    )
    wording.write_text(
        text.replace("skip_link: Skip to main content", "skip_link: Neidio i'r prif gynnwys")
    )
    monkeypatch.chdir(tmp_path)
    _, q4 = _statements()
    furniture = compose(q4).furniture
    assert (furniture.page_before, furniture.page_between, furniture.page_after) == (
        "Tudalen ",
        " o ",
        "",
    )
    assert furniture.skip_link == "Neidio i'r prif gynnwys"
    assert furniture.running_header == "Office of the West Midlands Police and Crime Commissioner"
    assert furniture.running_footer == compose(q4).metadata.title
    tables = [b for b in compose(q4).blocks if isinstance(b, Table)]
    assert tables[0].description == "Columns: Priority, Assessment, Reason."


def test_two_charts_never_share_a_headline(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    text = edition.read_text()
    # The same measure charted in two priorities would get the same generated headline.
    text = text.replace(
        "  drugs:\n",
        "  drugs:\n    chart:\n      figures: [drug-offences]\n",
    )
    text = text.replace(
        "        source: Office of the Police and Crime Commissioner\n",
        "        source: Office of the Police and Crime Commissioner\n"
        "      - id: drug-offences-again\n"
        "        kind: change\n"
        "        label: Drug offences\n"
        "        value: -9.5\n"
        "        period: {label: 2024/25, end: 2025-03-31}\n"
        "        comparator: {label: 2023/24}\n"
        "        source: West Midlands Police recorded crime\n"
        "    chart:\n"
        "      figures: [drug-offences-again]\n",
    )
    edition.write_text(text)
    q2, q4 = _statements(tmp_path / "inputs")
    titles = [c.spec.title for c in compose(q4, [q2]).charts]
    assert titles[1:] == [
        "Drug offences fell from 2023/24 to 2024/25",
        "Drug offences fell from 2023/24 to 2024/25 (Tackle fraud and cybercrime)",
    ]


def test_a_charts_source_line_is_worded_as_under_a_table(q4: Document) -> None:
    (chart,) = q4.charts
    assert chart.source == "Source: West Midlands Police recorded crime."


def test_key_figure_cells_start_with_a_capital_as_the_rest_of_the_table(q4: Document) -> None:
    from reportgen.compose.document import Table

    tables = [b for b in q4.blocks if isinstance(b, Table) and b.purpose == "figures"]
    cells = [cell.text for table in tables for row in table.rows for cell in row]
    assert "Calendar year 2024" in cells and "Calendar year 2023" in cells
    assert not [text for text in cells if text[:1].islower()]


def test_a_measure_not_available_comes_last_in_its_table() -> None:
    """The Q4 edition lists the unavailable NHS measure first; its table opens with a figure."""
    _, q4 = _statements()
    first = next(iter(q4.priorities["serious-violence"].figures))
    assert first.not_available is not None
    sections = _sections(compose(q4))
    table = next(
        b for b in sections[PRIORITY_HEADINGS[1]] if isinstance(b, Table) and b.purpose == "figures"
    )
    assert table.rows[-1][0].text == first.label
    assert all(row[2].text != "Not available" for row in table.rows[:-1])
