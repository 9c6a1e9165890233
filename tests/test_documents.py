"""The document layer: furniture out, captions apart, kinds, and which race a report is about."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from raceview.analysis.clean import read_plain
from raceview.analysis.facts import distance_km, edition, start_finish
from raceview.analysis.furniture import is_furniture, is_list_header, remove_furniture
from raceview.analysis.identify import classify_kind, identify_race
from raceview.analysis.pipeline import analyse
from raceview.analysis.text import sanitize
from raceview.models import RawDocument

STORY = (
    "Tadej Pogačar (UAE Team Emirates) won the Tour of Lombardy on Saturday, attacking on the "
    "final climb and finishing 31 seconds ahead of Andrea Bagioli."
)


def raw(text: str, content_type: str = "text/plain") -> RawDocument:
    body = text.encode()
    return RawDocument(
        body=body,
        origin="/tmp/doc.txt",
        content_type=content_type,
        fetched_at=dt.datetime(2024, 10, 13, tzinfo=dt.UTC),
        sha256=hashlib.sha256(body).hexdigest(),
    )


@pytest.mark.parametrize(
    "line",
    [
        "The latest race content, interviews and buying guides, direct to your inbox!",
        "Join now for unlimited access",
        "Thank you for reading 5 articles in the past 30 days",
        "Results powered by SomeData (opens in new tab)",
        "There was a problem. Please refresh the page and try again.",
        "Share this article",
        "Advertisement",
        "By Jane Rider, Cycling Correspondent",
        "Sport | Cycling",
        "Reporting by A. Writer; Editing by B. Editor",
        "Copyright 2024 The Agency. All rights reserved.",
        "Tagged: Paris-Roubaix, cobbles",
        "Unsubscribe | Manage preferences",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [STORY, "He signed up for the race only a week before the start."])
def test_story_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    "line", ["Latest on Velodaily", "Most Popular", "Related articles", "About Team Example"]
)
def test_list_headers_end_the_story(line: str) -> None:
    assert is_list_header(line)


def test_the_tail_after_a_list_header_or_bio_is_dropped_and_stubs_are_marked() -> None:
    cleaned = remove_furniture(
        [
            STORY,
            "Get our newsletter, direct to your inbox!",
            "The race came back together on the descent.",
            "More to follow.",
            "Sam is a staff writer who has covered professional cycling since 2012.",
            "A headline about another story entirely",
            "Latest on Velodaily",
            "Another unrelated headline",
        ]
    )
    assert cleaned.paragraphs == (STORY, "The race came back together on the descent.")
    assert cleaned.stub


def test_gallery_captions_are_kept_apart() -> None:
    doc = read_plain(
        " date 2024-10-12 Image 1 of 3 Pogačar attacks on the Colma (Image credit: A. Photographer)"
        " The peloton in Como (Image credit: A. Photographer)\n" + STORY + "\n"
    )
    assert doc.captions == ("Pogačar attacks on the Colma", "The peloton in Como")
    assert "Image credit" not in doc.text and "Pogačar attacks on the Colma" not in doc.text
    assert doc.published == dt.date(2024, 10, 12) and doc.dateline


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("GP Miguel Indurain: Izagirre again", "Gran Premio Miguel Indurain"),
        ("Itzulia Basque Country stage 2: a win for the home team", "Itzulia Basque Country"),
        ("Tour of the Basque Country stage 2: a win for the home team", "Itzulia Basque Country"),
        ("Vuelta al País Vasco stage 2: a win for the home team", "Itzulia Basque Country"),
        ("Ronde van Vlaanderen: a third win", "Tour of Flanders"),
        ("Milano-Sanremo: the sprint decides", "Milan-San Remo"),
    ],
)
def test_race_names_and_aliases(title: str, name: str) -> None:
    doc = read_plain(f" date 2024-04-02 {title}\nA standfirst line here\nX won on Tuesday.\n")
    race = identify_race(doc, "report", 2030)
    assert race is not None and race.name == name and race.year == 2024


@pytest.mark.parametrize(
    ("title", "stage"),
    [
        ("Tour de France stage 3: Girmay", "3"),
        ("Tour de France: the third stage goes to Girmay", "3"),
        ("Tour de France stage three: Girmay", "3"),
        ("Paris-Nice prologue: a surprise", "prologue"),
        ("Tour de Pologne stage 3b: a short time trial", "3b"),
        ("Giro d'Italia Women: Lippert takes the eighth and final stage", "8"),
    ],
)
def test_stages(title: str, stage: str) -> None:
    doc = read_plain(f" date 2024-07-01 {title}\nA standfirst line here\nX won on Monday.\n")
    race = identify_race(doc, "report", 2030)
    assert race is not None and race.stage == stage
    assert race.race_id.endswith(f"-stage-{stage}")


def test_an_unnumbered_day_of_a_stage_race_is_told_apart_by_its_date() -> None:
    """Reports often never say which stage: each day must still be its own race."""
    friday = read_plain(
        " date 2024-07-05 Tour de France: Evenepoel is fastest in the Burgundy time trial\n"
        "A standfirst line here\nEvenepoel won the time trial on Friday.\n"
    )
    sunday = read_plain(
        " date 2024-07-14 Tour de France: Pogačar climbs away at Plateau de Beille\n"
        "A standfirst line here\nPogačar won alone on Sunday.\n"
    )
    one_day = read_plain(
        " date 2024-10-12 Il Lombardia: Pogačar solos again\nA standfirst\nHe won on Saturday.\n"
    )
    first, second = identify_race(friday, "report"), identify_race(sunday, "report")
    assert first is not None and second is not None and first.stage is None
    assert first.race_id == "tour-de-france-2024-07-05"
    assert second.race_id == "tour-de-france-2024-07-14"
    classic = identify_race(one_day, "report")
    assert classic is not None and classic.race_id == "il-lombardia-2024"


def test_facts_from_prose() -> None:
    text = "The 32nd edition covered 203.2km from Estella and back to Estella, with 10km to race."
    assert distance_km(text) == 203.2
    assert distance_km("the hilly 125-mile race") == 201.2
    assert start_finish(text) == ("Estella", "Estella")
    assert edition(text) == 32


def test_womens_race_is_its_own_race() -> None:
    doc = read_plain(
        " date 2024-04-06 Paris-Roubaix: Kopecky wins the women's race\n"
        "The world champion in the velodrome\nLotte Kopecky won on Saturday.\n"
    )
    race = identify_race(doc, "report", 2030)
    assert race is not None and race.gender == "women" and race.name == "Paris-Roubaix Femmes"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Tour of Flanders preview: who will win?", "preview"),
        ("Gallery: the best images from Paris-Roubaix", "gallery"),
        ("LIVE: Milan-San Remo as it happened", "live"),
        ("Weekend round-up: Pogačar, Kopecky and Pedersen win", "roundup"),
        ("Pidcock leaves his team a year early", "news"),
        ("Pogačar wins Il Lombardia for a fourth time", "report"),
    ],
)
def test_kinds(title: str, kind: str) -> None:
    doc = read_plain(f" date 2024-10-12 {title}\nA standfirst line\nSome text about it here.\n")
    assert classify_kind(doc) == kind


def test_a_results_page_with_only_its_first_rows_is_a_results_page() -> None:
    doc = read_plain(
        " date 2023-03-18 Omloop van Nergens 2023 - Result\nOne-day race\n"
        "| Pos | Rider | Team | Gap |\n|---:|---|---|---:|\n"
        "| 1 | Arne Voorbeeld | Team Alpha | — |\n| 2 | Bert Proef | Team Beta | +0:04 |\n"
        "| 3 | Carl Test | Team Gamma | +0:04 |\n| 4 | Dirk Schets | Team Delta | +0:09 |\n"
        "Positions 5-120 to follow.\n"
    )
    assert classify_kind(doc) == "results"


def test_mentions_of_other_races_never_become_races() -> None:
    a = analyse(
        raw(
            " date 2023-04-01 GP Miguel Indurain: Izagirre wins\nA local win\n"
            "Ion Izagirre (Cofidis) won the Gran Premio Miguel Indurain on Saturday. It is a "
            "warm-up for the Itzulia Basque Country, which begins on Monday. He also won in 2016.\n"
        )
    )
    assert a.race is not None and a.race.name == "Gran Premio Miguel Indurain"
    assert [(r.pos, r.rider) for r in a.results] == [(1, "Ion Izagirre")]


def test_escape_sequences_and_bidi_controls_are_stripped_at_ingestion() -> None:
    hostile = "Pogačar\x1b]52;c;cGF3bmVk\x07 wins\x1b[2J \u202eevil\u202c\x9b31m"
    assert sanitize(hostile) == "Pogačar wins evil"
    a = analyse(raw(f" date 2024-10-12 {hostile}\nstand\x1b]0;pwned\x07first\n{STORY}\n"))
    assert "\x1b" not in a.title + a.standfirst + a.text and "\u202e" not in a.title
