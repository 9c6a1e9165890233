"""Exports of a race: golden files for every format, and the JSON contract of DESIGN.md."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from helpers import GOLDEN, row, sample_detail

from raceview.export import FORMATS, clock, gap_label, race_title, render, to_json
from raceview.models import RaceDetail

#: Regenerate with RACEVIEW_UPDATE_GOLDEN=1 pytest tests/test_export.py, then review the diff.
UPDATE = os.environ.get("RACEVIEW_UPDATE_GOLDEN") == "1"
EXTENSIONS = {"text": "txt", "md": "md", "csv": "csv", "tsv": "tsv", "json": "json"}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_matches_golden(fmt: str) -> None:
    check_golden(f"stage.{EXTENSIONS[fmt]}", render(sample_detail(), fmt))  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["text", "md", "csv"])
def test_gc_export_matches_golden(fmt: str) -> None:
    text = render(sample_detail(), fmt, gc=True)  # type: ignore[arg-type]
    check_golden(f"stage-gc.{EXTENSIONS[fmt]}", text)


def test_every_format_is_covered() -> None:
    assert set(FORMATS) == set(EXTENSIONS)


def test_json_has_the_contract_keys() -> None:
    data = json.loads(render(sample_detail(), "json"))
    assert set(data) >= {"race", "results", "gc", "conflicts", "articles"}
    assert set(data["race"]) >= {
        "id", "name", "year", "stage", "date", "category",
        "distance_km", "start", "finish", "edition",
    }  # fmt: skip
    row_keys = {"pos", "rider", "team", "gap_s", "time_s", "status", "source"}
    for r in data["results"] + data["gc"]:
        assert set(r) >= row_keys
        if r["source"] is not None:
            assert set(r["source"]) >= {"article_id", "sentence"}
    for c in data["conflicts"]:
        assert set(c) >= {"field", "values", "chosen", "sources"}
    for a in data["articles"]:
        assert set(a) >= {"id", "title", "published", "url", "kind", "versions", "text"}
        assert isinstance(a["versions"], list)


def test_json_values_mean_what_the_contract_says() -> None:
    detail = sample_detail()
    data = to_json(detail)
    assert data["race"]["id"] == detail.race.id
    assert data["race"]["date"] == "2024-05-02"
    assert data["race"]["distance_km"] == 187.4
    winner, same, _, far, unknown, dnf = data["results"]
    assert (winner["pos"], winner["gap_s"], winner["time_s"]) == (1, 0, 14712)
    assert winner["source"]["article_id"] == 1
    assert winner["source"]["sentence"].startswith("José Ángel Peñalver won")
    assert same["gap_s"] == 0
    assert far["gap_s"] == 3723
    assert unknown["gap_s"] is None
    assert (dnf["pos"], dnf["status"]) == (None, "dnf")
    assert [g["rider"] for g in data["gc"]] == ["Lars Ødegård", "José Ángel Peñalver"]
    assert data["conflicts"] == [
        {"field": "distance_km", "values": ["187.4", "192.0"], "chosen": "187.4", "sources": [1, 2]}
    ]
    [article] = data["articles"]
    assert len(article["versions"]) == 2
    assert article["published"] == "2024-05-02"
    assert article["text"] == detail.articles[0].text


def test_json_with_no_gc_has_an_empty_list() -> None:
    data = to_json(sample_detail().model_copy(update={"gc": ()}))
    assert data["gc"] == []


def test_csv_and_tsv_parse_back_to_the_same_cells() -> None:
    detail = sample_detail()
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.reader(io.StringIO(render(detail, fmt)), delimiter=delimiter))  # type: ignore[arg-type]
        assert rows[0] == ["pos", "rider", "team", "gap", "gap_s", "time_s", "status"]
        assert [r[1] for r in rows[1:]] == [r.rider for r in detail.results]
        assert [r[2] for r in rows[1:]] == [r.team for r in detail.results]
        assert rows[2][2] == "Smith, Jones & Co Racing"


def test_markdown_escapes_pipes_in_cells() -> None:
    md = render(sample_detail(), "md")
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(sample_detail().results)
    for line in table:
        assert line.replace("\\|", "").count("|") == 5  # four cells, whatever the names hold


def test_export_strips_terminal_escapes_from_names() -> None:
    detail = sample_detail()
    evil = row(1, "Evil\x1b]52;c;aGk=\x07 Rider\x1b[2J", "Team\u202e X", gap_s=0)
    evil_race = detail.race.model_copy(update={"name": "Race\x1b]0;pwned\x07 Name"})
    evil_detail = RaceDetail(race=evil_race, results=(evil,))
    for fmt in ("text", "md", "csv", "tsv"):
        out = render(evil_detail, fmt)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Evil Rider" in out


def test_a_race_without_results_says_so() -> None:
    empty = RaceDetail(race=sample_detail().race)
    assert render(empty, "text").endswith("(no results known)\n")
    assert render(empty, "csv") == "pos,rider,team,gap,gap_s,time_s,status\n"


@pytest.mark.parametrize(
    ("seconds", "label"), [(0, "0:00"), (2, "0:02"), (65, "1:05"), (3723, "1:02:03")]
)
def test_clock(seconds: int, label: str) -> None:
    assert clock(seconds) == label


def test_gap_labels() -> None:
    assert gap_label(row(1, "A", None, gap_s=0, time_s=14712)) == "4:05:12"
    assert gap_label(row(1, "A", None)) == ""
    assert gap_label(row(2, "B", None, gap_s=0)) == "s.t."
    assert gap_label(row(3, "C", None, gap_s=13)) == "+0:13"
    assert gap_label(row(4, "D", None)) == ""
    assert gap_label(row(None, "E", None, status="dnf")) == "DNF"


def test_race_title() -> None:
    detail = sample_detail()
    assert race_title(detail) == "Vuelta a Ejemplo 2024, stage 3 (2024-05-02)"
    prologue = detail.race.model_copy(update={"stage": "prologue", "date": None})
    assert race_title(RaceDetail(race=prologue)) == "Vuelta a Ejemplo 2024, prologue"
