"""Property-based tests: cleaning, gaps, tables, extraction, feeds and exports never crash, and
their invariants hold on generated and hostile input (see docs/RELIABILITY.md)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import re
import time
from pathlib import Path

import pytest
from helpers import raw, sample_detail
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from raceview.analysis.gaps import find_gaps, parse_time_cell
from raceview.analysis.pipeline import analyse
from raceview.analysis.reconcile import reconcile
from raceview.analysis.tables import text_table_claims
from raceview.analysis.text import UndecodableError, safe_text, sanitize
from raceview.export import FORMATS, render, to_json
from raceview.models import ResultRow
from raceview.sources.feeds import NotAFeed, parse_feed
from raceview.store.documents import AnalysedDocument

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Anything that could act on a terminal: C0 but tab and newline, DEL, C1, bidi controls.
HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PAYLOADS = [
    "\x1b]52;c;cHduZWQ=\x07", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[31m", "\x9b2J",
    "\x9d0;pwned\x9c", "\u202e", "\u2066", "[@click=app.quit]", "[/", "[/]", "\x00", "\r",
]  # fmt: skip
RIDERS = [
    "Tadej Pogačar", "Jonas Vingegaard", "Remco Evenepoel", "Ion Izagirre", "Sergio Higuita",
    "Mattias Skjelmose", "Andreas Kron", "Mathieu van der Poel", "Wout van Aert",
    "Biniam Girmay", "Jasper Philipsen", "Lotte Kopecky", "Demi Vollering", "Kévin Vauquelin",
]  # fmt: skip
TEAMS = ["UAE Team Emirates", "Visma-Lease a Bike", "Soudal Quick-Step", "Cofidis", "Lotto Dstny"]
RACES = ["Tour de France", "Paris-Roubaix", "Giro d'Italia", "Tour of Flanders", "Milan-San Remo"]
GAP_WORDS = [
    "s.t.", "same time", "at 13 seconds", "two seconds behind", "+0:13", "0:00:13", "1'05\"",
    "a minute and five seconds", ",,", "at 1:03", "+2", "a bike length", "", "DNF",
]  # fmt: skip

hostile_text = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(PAYLOADS)), max_size=8).map(
    "".join
)


# --- cleaning ---------------------------------------------------------------------------------


@FAST
@given(hostile_text)
def test_sanitize_leaves_nothing_that_acts_on_a_terminal(text: str) -> None:
    out = sanitize(text)
    assert not HOSTILE.search(out)
    assert sanitize(out) == out  # idempotent


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_sanitize_keeps_ordinary_text(text: str) -> None:
    assert sanitize(text) == text


@FAST
@given(
    st.binary(max_size=2000), st.sampled_from(["", "text/html; charset=utf-16", "x; charset=no"])
)
def test_any_bytes_decode_to_safe_text_or_a_clear_error(body: bytes, ctype: str) -> None:
    try:
        text = safe_text(body, ctype)
    except UndecodableError:
        return
    assert not HOSTILE.search(text)


# --- gaps ---------------------------------------------------------------------------------------


@FAST
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(GAP_WORDS)).map(" ".join)))
def test_find_gaps_spans_are_ordered_disjoint_and_non_negative(text: str) -> None:
    gaps = find_gaps(text)
    assert [g.start for g in gaps] == sorted(g.start for g in gaps)
    for a, b in itertools.pairwise(gaps):
        assert a.end <= b.start
    for g in gaps:
        assert 0 <= g.start < g.end <= len(text)
        assert g.seconds is None or g.seconds >= 0


@FAST
@given(st.one_of(st.text(max_size=40), st.sampled_from(GAP_WORDS)))
def test_parse_time_cell_never_raises(cell: str) -> None:
    gap = parse_time_cell(cell)
    assert gap is None or gap.seconds is None or gap.seconds >= 0


@FAST
@given(st.integers(0, 59), st.integers(0, 59), st.integers(0, 9))
def test_clock_cells_read_back_exactly(m: int, s: int, h: int) -> None:
    gap = parse_time_cell(f"+{m}:{s:02d}")
    assert gap is not None and gap.kind == "gap" and gap.seconds == m * 60 + s
    timed = parse_time_cell(f"{h + 1}:{m:02d}:{s:02d}")
    assert timed is not None and timed.seconds == (h + 1) * 3600 + m * 60 + s


# --- tables -------------------------------------------------------------------------------------


@st.composite
def table_lines(draw: st.DrawFn) -> list[tuple[int, str]]:
    """Results-table paragraphs: numbered lines, tab rows, Markdown rows, noise."""
    n = draw(st.integers(1, 12))
    style = draw(st.sampled_from(["dot", "tab", "pipe", "paren"]))
    riders = draw(st.lists(st.sampled_from(RIDERS), min_size=n, max_size=n, unique=True))
    lines = [draw(st.sampled_from(["Result", "Stage 3 result", "General classification", ""]))]
    if style in ("tab", "pipe"):
        lines.append(
            "Pos\tRider\tTeam\tTime" if style == "tab" else "| Pos | Rider | Team | Time |"
        )
    for i, rider in enumerate(riders, 1):
        pos = draw(st.one_of(st.just(i), st.integers(0, 999)))
        team = draw(st.sampled_from(TEAMS))
        gap = draw(st.one_of(st.sampled_from(GAP_WORDS), st.text(max_size=8)))
        line = {
            "dot": f"{pos}. {rider} ({team}) {gap}",
            "tab": f"{pos}\t{rider}\t{team}\t{gap}",
            "pipe": f"| {pos} | {rider} | {team} | {gap} |",
            "paren": f"{pos}) {rider}, {team}, {gap}",
        }[style]
        lines.append(line)
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(hostile_text))
    out, offset = [], 0
    for line in lines:
        out.append((offset, line))
        offset += len(line) + 2
    return out


@FAST
@given(table_lines())
def test_table_claims_never_raise_and_stay_in_bounds(paras: list[tuple[int, str]]) -> None:
    claims = text_table_claims(paras)
    end = paras[-1][0] + len(paras[-1][1])
    for c in claims:
        assert c.method == "table"
        assert 0 <= c.start <= c.end <= end
        assert c.pos is None or c.pos >= 0
        assert c.gap_s is None or c.gap_s >= 0, c
        assert c.time_s is None or c.time_s >= 0


@FAST
@given(st.lists(hostile_text, max_size=12))
def test_table_claims_on_noise(lines: list[str]) -> None:
    text_table_claims([(i * 100, line) for i, line in enumerate(lines)])


# --- extraction ---------------------------------------------------------------------------------


@st.composite
def documents(draw: st.DrawFn) -> tuple[bytes, str]:
    """A report: title, standfirst, prose with gaps, maybe a results list; plain or HTML."""
    race = draw(st.sampled_from(RACES))
    year = draw(st.sampled_from([2023, 2024, 1999, 2030]))
    riders = draw(st.lists(st.sampled_from(RIDERS), min_size=1, max_size=10, unique=True))
    title = f"{riders[0]} wins {race} {year}" + draw(st.sampled_from(["", " stage 3", ""]))
    prose = [f"{riders[0]} ({draw(st.sampled_from(TEAMS))}) won the {race} on Sunday."]
    for i, rider in enumerate(riders[1:], 2):
        ref = draw(st.sampled_from(riders))
        prose.append(f"{rider} was {i}th {draw(st.sampled_from(GAP_WORDS))} behind {ref}.")
    if draw(st.booleans()):
        prose.append(draw(hostile_text))
    table = []
    if draw(st.booleans()):
        order = draw(st.permutations(range(1, len(riders) + 1)))
        for pos, rider in zip(order, riders, strict=True):
            table.append(f"{pos}. {rider} {draw(st.sampled_from(GAP_WORDS))}")
    if draw(st.booleans()):
        paras = "".join(f"<p>{p}</p>" for p in [*prose, *table])
        page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}"
        return (page + "</article></body></html>").encode(), "text/html"
    lines = [" date 2024-07-21 " + title, "The standfirst.", *prose, "", "Result", *table]
    return "\n".join(lines).encode(), "text/plain"


def check_rows(rows: tuple[ResultRow, ...]) -> None:
    """Unique positions; gaps >= 0 or None (or flagged); order violations carry a warning."""
    positions = [r.pos for r in rows if r.pos is not None]
    assert len(positions) == len(set(positions)), positions
    previous: int | None = None
    for r in rows:
        assert not HOSTILE.search(r.rider + (r.team or ""))
        if r.status != "finished" or r.gap_s is None:
            continue
        assert r.gap_s >= 0, r
        if previous is not None and r.gap_s < previous:
            assert r.warnings, f"{r.rider} is ahead of a rider placed before them, unflagged"
        previous = r.gap_s


@SLOW
@given(documents())
def test_analyse_and_reconcile_generated_reports(doc: tuple[bytes, str]) -> None:
    body, ctype = doc
    analysis = analyse(raw(body, content_type=ctype))
    for text in (analysis.title, analysis.standfirst, analysis.text):
        assert not HOSTILE.search(text)
    check_rows(analysis.results)
    check_rows(analysis.gc)
    rec = reconcile([AnalysedDocument(1, "/a.txt", "a" * 64, raw(b"x").fetched_at, analysis)])
    if analysis.race is None:
        assert rec is None
        return
    assert rec is not None and rec.race.id == analysis.race.race_id
    check_rows(rec.results)


@SLOW
@given(st.binary(max_size=3000), st.sampled_from(["text/plain", "text/html", "text/markdown"]))
def test_analyse_never_raises_on_random_bytes(body: bytes, ctype: str) -> None:
    try:
        analysis = analyse(raw(body, content_type=ctype))
    except UndecodableError:
        return
    assert not HOSTILE.search(analysis.title + analysis.text)


FUZZ = Path(__file__).parent / "fixtures" / "fuzz"


@pytest.mark.parametrize(
    "name", ["negative-gap.txt", "negative-gap-table.txt", "negative-gap-gc.txt"]
)
def test_negative_gaps_found_by_the_fuzzer_stay_fixed(name: str) -> None:
    analysis = analyse(raw((FUZZ / name).read_bytes()))
    assert analysis.results or analysis.gc
    assert all(r.gap_s is None or r.gap_s >= 0 for r in (*analysis.results, *analysis.gc))


def test_the_slow_input_found_by_the_fuzzer_stays_fast() -> None:
    body = (FUZZ / "slow-tag-soup.md").read_bytes()
    started = time.perf_counter()
    analyse(raw(body, content_type="text/markdown"))
    assert time.perf_counter() - started < 2.0  # was 5-8 s (quadratic sentence splitting)


# --- feeds --------------------------------------------------------------------------------------


def _xml(text: str) -> str:
    # XML 1.0 cannot carry most C0 characters even escaped: feeds smuggle them as raw bytes.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@FAST
@given(
    st.lists(st.tuples(hostile_text, st.sampled_from(
        ["https://x.org/a", "file:///etc/passwd", "javascript:alert(1)", "", "/relative", "ftp://x"]
    )), max_size=6),
    hostile_text,
)  # fmt: skip
def test_generated_feeds_parse_to_clean_items(items: list[tuple[str, str]], title: str) -> None:
    entries = "".join(
        f"<item><title>{_xml(t)}</title><link>{_xml(link)}</link><guid>{n}</guid></item>"
        for n, (t, link) in enumerate(items)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{_xml(title)}</title>'
    body += f"{entries}</channel></rss>"
    feed = parse_feed(body.encode("utf-8", "surrogatepass"), {}, "https://feed.example/rss")
    assert not HOSTILE.search(feed.title)
    for item in feed.items:
        assert not HOSTILE.search(item.title)
        if item.link and not item.link.startswith(("http://", "https://")):
            assert item.refused


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_are_a_feed_or_not_a_feed(body: bytes) -> None:
    with contextlib.suppress(NotAFeed):
        parse_feed(body, {"content-type": "application/rss+xml"}, "https://feed.example/rss")


# --- exports ------------------------------------------------------------------------------------


@st.composite
def details(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    base = sample_detail()
    rows = []
    n = draw(st.integers(0, 8))
    for i in range(n):
        rows.append(
            ResultRow(
                pos=draw(st.one_of(st.none(), st.just(i + 1))),
                rider=draw(hostile_text) or "X",
                team=draw(st.one_of(st.none(), hostile_text)),
                gap_s=draw(st.one_of(st.none(), st.integers(0, 10**7))),
                time_s=draw(st.one_of(st.none(), st.integers(0, 10**7))),
                status=draw(st.sampled_from(["finished", "dnf", "dns", "dsq", "otl"])),
            )
        )
    race = base.race.model_copy(
        update={
            "name": draw(hostile_text) or "Race",
            "stage": draw(st.one_of(st.none(), hostile_text.filter(bool))),
            "date": draw(st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))),
        }
    )
    article = base.articles[0].model_copy(
        update={"title": draw(hostile_text), "text": draw(hostile_text)}
    )
    return base.model_copy(
        update={"race": race, "results": tuple(rows), "gc": tuple(rows[:2]), "articles": (article,)}
    )


CONTRACT = {"race", "results", "gc", "conflicts", "articles"}
ROW_KEYS = {"pos", "rider", "team", "gap_s", "time_s", "status", "source"}


@FAST
@given(details())
def test_every_export_format_renders_safely(detail) -> None:  # type: ignore[no-untyped-def]
    for fmt in FORMATS:
        for gc in (False, True):
            out = render(detail, fmt, gc=gc)
            assert not HOSTILE.search(out), (fmt, out)
    data = json.loads(render(detail, "json"))
    assert data == json.loads(json.dumps(to_json(detail)))  # escaped, never altered
    assert set(data) >= CONTRACT
    assert {"id", "name", "year", "stage", "date", "category", "distance_km", "start", "finish",
            "edition"} <= set(data["race"])  # fmt: skip
    for row in data["results"] + data["gc"]:
        assert set(row) >= ROW_KEYS
    assert len(data["results"]) == len(detail.results)
    for fmt, delim in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.reader(io.StringIO(render(detail, fmt)), delimiter=delim))
        assert len(rows) == 1 + len(detail.results)
        assert all(len(r) == 7 for r in rows)


@FAST
@given(details())
def test_json_export_rows_survive_a_round_trip(detail) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(detail, "json"))
    for row, model in zip(data["results"], detail.results, strict=True):
        assume(model.rider)
        assert row["rider"] == model.rider and row["gap_s"] == model.gap_s
