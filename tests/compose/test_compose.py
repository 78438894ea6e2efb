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
        "knife and sharp instrument offences, 165 per 100,000 people, was the 2nd highest of 43 forces"
        in violence
    )


# Every figure seed 004 states, as the statement prints it, in the section it belongs to.
SEED_004 = {
    PRIORITY_HEADINGS[0]: ["31", "a reduction of 14", "9"],
    PRIORITY_HEADINGS[1]: [
        "11,241",
        "9.6%",
        "12.6%",
        "2nd highest of 43 forces",
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


def test_a_figure_that_is_not_available_says_why(q4: Document) -> None:
    section = _sections(q4)[PRIORITY_HEADINGS[1]]
    (table,) = [b for b in section if isinstance(b, Table) and b.purpose == "figures"]
    row = next(r for r in table.rows if r[0].text.startswith("Hospital admissions"))
    assert row[2].text == "Not available"
    note = section[section.index(table) + 1]
    assert isinstance(note, Paragraph) and note.style == "note"
    assert _text(note) == (
        "Hospital admissions of under-25s for assault with a sharp object: not available. The "
        "national measure is not yet published at police force area level, so knife and sharp "
        "instrument offences are reported in its place."
    )
    notes = _all_text(_sections(q4)["Sources and notes"])
    assert (
        "Hospital admissions of under-25s for assault with a sharp object: Knife and sharp "
        "instrument offences is reported in its place." in notes
    )


def test_key_figures_tables_show_value_comparator_and_change(q4: Document) -> None:
    section = _sections(q4)[PRIORITY_HEADINGS[0]]
    (table,) = [b for b in section if isinstance(b, Table)]
    assert table.header == ("Measure", "Period", "Value", "Compared with", "Change", "Source")
    assert [c.text for c in table.rows[0]] == [
        "Homicides recorded",
        "2024/25",
        "31",
        "45 (2023/24)",
        "−14 (−31.1%)",
        "West Midlands Police recorded crime",
    ]


def test_charts_follow_the_edition_choices_and_the_figures(q4: Document) -> None:
    charts = {c.spec.id: c for c in q4.charts}
    assert [c.number for c in q4.charts] == list(range(1, len(q4.charts) + 1))
    homicide = charts["homicide-1"]
    assert homicide.spec.title == "Homicides recorded fell by 14 in 2024/25"
    assert [s.name for s in homicide.spec.series] == ["2023/24", "2024/25"]
    violence = charts["serious-violence-1"]
    assert violence.spec.categories == (
        "Violence with injury offences (2024/25)",
        "Serious youth violence offences (2024/25)",
        "Knife and sharp instrument offences (calendar year 2024)",
        "Gun crime offences (calendar year 2024)",
    )
    assert violence.spec.series[0].labels == ("−9.6%", "−12.6%", "−13.1%", "−12.5%")


def test_trends_are_drawn_across_editions_from_the_same_source(q4: Document) -> None:
    trends = [c for c in q4.charts if c.spec.kind == "line"]
    assert [c.spec.title for c in trends] == [
        "Knife and sharp instrument offences per 100,000 people fell from 177.9 to 165",
        "Neighbourhood crimes recorded fell from 66,850 to 48,938",
    ]
    # Homicides are 37 (DCPP) in one edition and 31 (force data) in the next: different sources,
    # so no trend is drawn between them.
    assert not any("Homicides" in c.spec.title for c in trends)


def test_each_chart_comes_with_alt_text_and_a_table_of_exactly_its_values(q4: Document) -> None:
    for chart in q4.charts:
        plotted = {label for series in chart.spec.series for label in series.labels}
        cells = {cell.text for row in chart.data.rows for cell in row[1:]}
        assert plotted == cells
        for label in plotted:
            assert label in chart.alt
        assert chart.caption == f"Figure {chart.number}: {chart.spec.title}"


def test_a_priority_can_opt_out_of_charts(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    text = edition.read_text()
    text = text.replace(
        "    chart:\n      figures: [violence-with-injury, serious-youth-violence, knife-offences, gun-crime]\n",
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


def test_narrative_text_is_carried_exactly_as_written(tmp_path: Path) -> None:
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    hostile = "<script>x</script> {{ 1 + 1 }} {% if %} #set $ @ & “quotes” £ – ŵŷ"
    text = edition.read_text().replace(
        "      - >-\n        The appointment is intended",
        f"      - '{hostile}'\n      - >-\n        The appointment is intended",
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
