"""The quick paths of table reading give the claims the plain reading gave.

`plain_table_claims` is `text_table_claims` as it was before its fast paths (headerless rows
read by `_numbered_row`, the label, header and inline-list prechecks, claims built by
position), written with the module's unchanged helpers. Both read hypothesis' tables, the
corpus and generated reports.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import tables
from raceview.analysis.claims import Claim, Which
from raceview.analysis.clean import read_document
from raceview.analysis.prose import iter_paragraphs
from raceview.analysis.tables import _Row, _Table, text_table_claims
from raceview.sources.files import read_file, walk

ROOT = Path(__file__).resolve().parent.parent

# --- the plain reading -------------------------------------------------------------------------


def plain_table_claims(paragraphs: list[tuple[int, str]], label: str = "") -> list[Claim]:
    """`text_table_claims` without its fast paths."""
    claims: list[Claim] = []
    table = _Table()
    order = 10_000
    for offset, para in [*paragraphs, (-1, "")]:
        labelled = tables._LABELLED_LIST.match(para)
        if labelled:
            claims, order = _plain_flush(table, claims, order)
            start = labelled.end(1) + 1
            items = para[start:].lstrip()
            cells_ = tables._cells(items)
            rows = (
                []
                if cells_ is not None and tables._is_rule(cells_)
                else _plain_rows_of(items, offset + len(para) - len(items), {}, cells_)
            )
            claims, order = _plain_flush(_Table(label=labelled.group(1), rows=rows), claims, order)
            table, label = _Table(), ""
            continue
        cells = tables._cells(para)
        numbered = bool(cells and cells[0].isdigit())
        if not numbered and cells is not None and tables._is_rule(cells):
            continue
        columns = None if numbered else _plain_header(para, cells)
        if columns is not None:
            claims, order = _plain_flush(table, claims, order)
            table = _Table(label=label, columns=columns)
            continue
        rows = _plain_rows_of(para, offset, table.columns, cells)
        if rows:
            if not table.rows and not table.label:
                table.label = label
            table.rows += rows
            continue
        if offset >= 0 and para.strip() in ("...", "…") and table.rows:
            continue
        claims, order = _plain_flush(table, claims, order)
        table = _Table()
        label = para if len(para) < 120 else ""
    return claims


def _plain_flush(table: _Table, claims: list[Claim], order: int) -> tuple[list[Claim], int]:
    if table.rows and all(r.pos is None and r.status == "finished" for r in table.rows):
        for i, row in enumerate(table.rows, 1):
            row.pos = i
    if table.rows:
        claims = claims + _plain_claims(table.rows, tables._which(table.label), order)
        order += len(table.rows)
    return claims, order


def _plain_header(para: str, cells: list[str] | None) -> dict[str, int] | None:
    cells = cells or para.split()
    if len(cells) < 3 or len(cells) > 10 or cells[0].isdigit():
        return None
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for name, pattern in tables._HEADER.items():
            if name not in columns and pattern.match(cell):
                columns[name] = i
    return columns if "rider" in columns and len(columns) >= 2 else None


def _plain_rows_of(
    para: str, offset: int, columns: dict[str, int], cells: list[str] | None
) -> list[_Row]:
    if cells is not None:
        row = tables._cells_row(cells, para, offset, columns)
        return [row] if row is not None else []
    bullet = tables._BULLET.match(para)
    if bullet:
        row = tables._parse_row("0 " + bullet.group(1), offset)
        if (
            row is not None
            and (row.cell is not None or row.team is not None)
            and len(row.rider.split()) >= 2
            and ":" not in bullet.group(1)[: bullet.group(1).find(row.rider) + 1]
        ):
            row.pos = None
            row.line = para
            return [row]
        return []
    items = list(tables._INLINE_ITEM.finditer(para))
    if len(items) >= 2 and items[0].start() == 0:
        ends = [m.start() for m in items[1:]] + [len(para)]
        spans = [(m.start(1), end) for m, end in zip(items, ends, strict=True)]
        rows = [tables._parse_row(para[s:e].rstrip(" ,;"), offset + s) for s, e in spans]
        return [r for r in rows if r is not None]
    row = tables._parse_row(para, offset)
    return [row] if row is not None else []


def _plain_claims(rows: list[_Row], which: Which | None, order: int) -> list[Claim]:
    placed = [r for r in rows if r.pos is not None]
    if which is None or len(placed) < 2 or placed[0].pos not in (1, 2):
        return []
    rows = tables._drop_cut_off(rows)
    base = tables._winner_time(placed)
    absolute = base > 0
    timed = any(r.cell is not None for r in rows)
    claims: list[Claim] = []
    previous: int | None = 0
    for i, row in enumerate(rows):
        cell = row.cell
        gap: int | None
        if row.status != "finished":
            gap = None
        elif i == 0:
            gap = 0
        elif not timed:
            gap = None
        elif cell is None or cell.kind == "same":
            gap = previous
        elif cell.seconds is None:
            gap = None
        elif absolute and cell.seconds >= base:
            gap = cell.seconds - base
        elif absolute and cell.seconds >= base * 0.5:
            gap = None
        else:
            gap = cell.seconds
        claims.append(
            Claim(
                which=which,
                rider=row.rider,
                method="table",
                sentence=row.line,
                start=row.start,
                end=row.end,
                order=order + i,
                pos=row.pos if row.status == "finished" else None,
                gap_s=gap,
                time_s=cell.seconds if absolute and cell and cell.kind != "same" else None,
                status=row.status,  # type: ignore[arg-type]
                team=row.team,
                nationality=row.nationality,
            )
        )
        if gap is not None:
            previous = gap
    return claims


# --- generated tables --------------------------------------------------------------------------

POSITIONS = ["1", "2", "3", "01", "007", "12", "999", "1000", "1.", "DNF", "dns", "AB", "",
             "²", "٣", "3rd", "#", " 4 ", "x"]  # fmt: skip
CELLS = [
    "Tadej Pogačar", "POGAČAR Tadej", "Wout van Aert", "Jonas Vingegaard Hansen", "T. Pidcock",
    "Pogačar", "Tadej Pogačar SLO", "Tadej Pogačar (Slo) UAE Team Emirates", "Lidl-Trek",
    "Mads Pedersen, Denmark, Lidl-Trek", "UAE Team Emirates", "Team Visma Lease a Bike",
    "Visma", "Ineos Grenadiers", "SLO", "BEL", "Den", "NED", "FRA", "USA", "ITA", "XYZ", "",
    "3:35:08", "+0:00", "+0:13", "0:13", "s.t.", "st", ",,", "-", "=", "+1'05\"", "at 12s",
    "1h02'03\"", "DNF", "DNS", "OTL", "hd", "nc", "12", "1:5", "4:12:09.5", "Belgium",
    "Great Britain", "Tour de France", "Stage 3", "The Rider", "A B C D E F", "Geraint Thomas",
    "Egan Bernal", "Team", "Rider", "Time", "Pos", "x", "ab", "99 km", "+ 2:03",
]  # fmt: skip
HEADERS = [
    "Pos\tRider\tTeam\tTime", "Rank\tName\tNat\tTeam\tGap", "#\tRider\tTime", "Pos Rider Team Time",
    "| Pos | Rider | Team | Time |", "|---|---|---|---|", "Bib\tRider (nat)\tTeam\tResult",
    "Place Rider Team Time a b c d e f g", "Pos Rider Team Time a b c d e f",
]  # fmt: skip
OTHER_LINES = [
    "Results", "Stage 3 result", "General classification", "Points classification",
    "Top three: 1. Tadej Pogačar, 2. Jonas Vingegaard", "1. Tadej Pogačar (UAE) 4:12:09",
    "2. Jonas Vingegaard at 12s", "- Wout van Aert (Visma) +0:13", "...", "…", "",
    "1. A B, 2. C D, 3. E F", "DNF Adam Yates (UAE)", "Tadej Pogačar won the stage.",
    "Result: 1) Tadej Pogačar, 2) Mads Pedersen", "12\tA", "\t", "1\t\t\t",
]  # fmt: skip


@st.composite
def table_row(draw: st.DrawFn) -> str:
    """A tab-separated or Markdown row of mostly table-like cells."""
    n = draw(st.integers(1, 6))
    cells = [draw(st.sampled_from(POSITIONS) | st.text(alphabet="0123456789. ", max_size=4))]
    cells += draw(
        st.lists(st.sampled_from(CELLS) | st.text(max_size=6), min_size=n - 1, max_size=n - 1)
    )
    if draw(st.booleans()):
        cells = [draw(st.sampled_from(["", " ", "  "])) + c for c in cells]
    if draw(st.integers(0, 5)) == 0:
        return "| " + " | ".join(cells) + " |"
    return "\t".join(cells)


@st.composite
def table_paragraphs(draw: st.DrawFn) -> tuple[list[tuple[int, str]], str]:
    """Paragraphs of tables, headers, labels and other lines, with offsets; a label."""
    lines = draw(
        st.lists(
            table_row() | st.sampled_from(HEADERS) | st.sampled_from(OTHER_LINES),
            max_size=30,
        )
    )
    out, offset = [], 0
    for line in lines:
        out.append((offset, line))
        offset += len(line) + 2
    return out, draw(st.sampled_from(["", "Results", "General classification after stage 4"]))


@settings(max_examples=1500, deadline=None)
@given(table_paragraphs())
def test_generated_tables_give_the_plain_claims(case: tuple[list[tuple[int, str]], str]) -> None:
    paragraphs, label = case
    assert text_table_claims(paragraphs, label) == plain_table_claims(paragraphs, label)


@settings(max_examples=3000, deadline=None)
@given(table_row(), st.integers(0, 10_000))
def test_a_headerless_row_reads_as_the_plain_row(line: str, offset: int) -> None:
    cells = tables._cells(line)
    if cells is not None and cells[0].isdigit():
        fast = tables._numbered_row(cells, line, offset)
        assert fast == tables._cells_row(cells, line, offset, {})


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \t\n:1.)", max_size=40))
def test_the_prechecks_pass_every_line_the_patterns_take(text: str) -> None:
    if tables._LABELLED_LIST.match(text):
        assert ":" in text[:62]
    assert tables._header(text, None) == _plain_header(text, None)
    items = list(tables._INLINE_ITEM.finditer(text))
    if items and items[0].start() == 0:
        assert tables._INLINE_ITEM.match(text)


def test_claims_are_built_in_the_field_order_of_claim() -> None:
    assert [f.name for f in fields(Claim)][: len(tables.CLAIM_FIELDS)] == tables.CLAIM_FIELDS


# --- the corpus and generated reports ----------------------------------------------------------


def _documents() -> list[list[tuple[int, str]]]:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus_eval import cases
    from imports import write_reports

    raws = [c.raw() for c in cases()]
    with tempfile.TemporaryDirectory() as tmp:
        for kind, count, seed in (("text", 120, 1), ("text", 40, 7), ("html", 30, 2)):
            folder = Path(tmp) / f"{kind}-{seed}"
            write_reports(folder, count, kind, seed, mkdir=True)
            raws += [read_file(c.path) for c in sorted(walk(folder), key=lambda c: c.path)]
    return [list(iter_paragraphs(read_document(raw).text)) for raw in raws]


@pytest.fixture(scope="module")
def documents() -> list[list[tuple[int, str]]]:
    return _documents()


def test_the_corpus_and_reports_give_the_plain_claims(
    documents: list[list[tuple[int, str]]],
) -> None:
    tabled = 0
    for paragraphs in documents:
        fast = text_table_claims(paragraphs, "Results")
        assert fast == plain_table_claims(paragraphs, "Results")
        tabled += bool(fast)
    assert tabled > 100  # the reports' tables were read


def test_every_headerless_row_reads_as_the_plain_row(
    documents: list[list[tuple[int, str]]],
) -> None:
    rows = 0
    for paragraphs in documents:
        for offset, para in paragraphs:
            cells = tables._cells(para)
            if cells is not None and cells[0].isdigit():
                fast = tables._numbered_row(cells, para, offset)
                assert fast == tables._cells_row(cells, para, offset, {})
                rows += 1
    assert rows > 1000
