"""Claims from results tables in the text: numbered lines, wire lists, and tab-separated rows
(how the cleaner renders an HTML table, and how results databases export theirs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from raceview.analysis import catalogue
from raceview.analysis.claims import Claim, Which
from raceview.analysis.gaps import Gap, find_gaps, parse_time_cell
from raceview.analysis.mentions import looks_like_name
from raceview.analysis.prefilter import prefiltered
from raceview.analysis.rider_cells import RiderCell, rider_team

_I = re.IGNORECASE
_ROW = re.compile(r"^\s*(?:[-*•·]\s*)?(\d{1,3})(?:st|nd|rd|th)?\s*(?:[.):]|\s)\s*(\S.*)$")
_STATUS_ROW = re.compile(
    r"^\s*(DNF|DNS|DSQ|OTL|AB|HD|did not finish|did not start|disqualified|abandoned"
    r"|finished outside the time limit|outside the time limit)\b(?:\s*\([^)]*\))?[\s.:]*"
    r"(?:no\.\s*)?(?:\d{1,3}\s+)?(\S.*)$",
    _I,
)
_LABELLED_LIST = re.compile(r"^([A-Z][^:\n]{1,60}):\s+(?=1[.)]\s)")
_BULLET = re.compile(r"^\s*[-*•·–]\s+(?!\d{1,3}(?:st|nd|rd|th)?[.):\s])(\S.*)$")
_INLINE_ITEM = re.compile(r"(?:^|[,;]\s+)(\d{1,3})[.)]\s+")
_GC_LABEL = re.compile(
    r"\b(?:general classification|gc|overall|standings|classement g[ée]n[ée]ral)\b", _I
)
_SKIP_LABEL = prefiltered(
    r"\b(?:before|prior to|going into|heading into|entering|points|mountains?|kom|king of the"
    r" mountains|queen of the mountains|qom|youth|young rider|best young|teams? classification"
    r"|team classification|sprints? classification|combativ\w*|start ?list|odds|favourites"
    r"|previous winners|past winners|roll of honour|palmar[eè]s|intermediate|bonus)\b",
    _I,
)
_RULE_CELL = re.compile(r":?-{2,}:?")  # a Markdown table's rule cell
_POSITION_CELL = re.compile(r"\d{1,3}\.?")
_STATUS_CELL = re.compile(r"^\s*(dnf|dns|dsq|otl|ab|abd|hd|nc)\s*$", _I)
_HEADER = {
    "pos": re.compile(r"^(?:pos\.?|position|rank|rnk|#|place|pl\.?|rk)$", _I),
    "bib": re.compile(r"^(?:bib|no\.?|dossard|number)$", _I),
    "rider": re.compile(r"^(?:rider|name|riders?|cyclist|athlete|coureur)(?: \(nat\))?$", _I),
    "nat": re.compile(r"^(?:nat\.?|nation|nationality|country|ctry)$", _I),
    "team": re.compile(r"^(?:team|équipe|squad)$", _I),
    "time": re.compile(
        r"^(?:time|gap|result|temps|tijd|diff\.?|behind|\+|time/gap|time / gap)$", _I
    ),
}
_AP_SECONDS = re.compile(r"(?:^|[\s,])(:\d{2})\.?$")
_TRAILING = re.compile(r"\s*(?:behind|back|down|adrift|later)?[\s.]*$", _I)


@dataclass(slots=True)
class _Row:
    pos: int | None
    rider: str
    team: str | None
    nationality: str | None
    cell: Gap | None
    status: str
    line: str
    start: int
    end: int
    cut: bool = False  # the line looks cut off mid-way


@dataclass
class _Table:
    label: str = ""
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[_Row] = field(default_factory=list)


def text_table_claims(paragraphs: list[tuple[int, str]], label: str = "") -> list[Claim]:
    """Claims from every run of result-table lines, labelled by the line before the run."""
    claims: list[Claim] = []
    table = _Table()
    order = 10_000
    for offset, para in [*paragraphs, (-1, "")]:
        if "\t" in para and not table.columns:
            row_cells = [c.strip() for c in para.split("\t")]
            if row_cells[0].isdigit():  # a headerless data row: no label, rule nor header
                row = _numbered_row(row_cells, para, offset)
                if row is not None:
                    if not table.rows and not table.label:
                        table.label = label
                    table.rows.append(row)
                    continue
                claims, order = _flush(table, claims, order)
                table = _Table()
                label = para if len(para) < 120 else ""
                continue
        # a label's colon comes within 62 characters: most lines are not tried
        labelled = _LABELLED_LIST.match(para) if ":" in para[:62] else None
        if labelled:
            claims, order = _flush(table, claims, order)
            start = labelled.end(1) + 1
            items = para[start:].lstrip()
            rows = _list_rows(items, offset + len(para) - len(items))
            claims, order = _flush(_Table(label=labelled.group(1), rows=rows), claims, order)
            table, label = _Table(), ""
            continue
        cells = _cells(para)
        numbered = bool(cells and cells[0].isdigit())  # a data row: not a rule nor a header
        if not numbered and cells is not None and _is_rule(cells):
            continue  # a Markdown table's rule line
        columns = None if numbered else _header(para, cells)
        if columns is not None:
            claims, order = _flush(table, claims, order)
            table = _Table(label=label, columns=columns)
            continue
        rows = _rows_of(para, offset, table.columns, cells)
        if rows:
            if not table.rows and not table.label:
                table.label = label
            table.rows += rows
            continue
        if offset >= 0 and para.strip() in ("...", "…") and table.rows:
            continue
        claims, order = _flush(table, claims, order)
        table = _Table()
        label = para if len(para) < 120 else ""
    return claims


def _flush(table: _Table, claims: list[Claim], order: int) -> tuple[list[Claim], int]:
    if table.rows and all(r.pos is None and r.status == "finished" for r in table.rows):
        for i, row in enumerate(table.rows, 1):  # a bulleted list in finishing order
            row.pos = i
    if table.rows:
        claims = claims + _table_claims(table.rows, _which(table.label), order)
        order += len(table.rows)
    return claims, order


def _cells(para: str) -> list[str] | None:
    """The cells of a tab-separated or Markdown pipe row; None for other lines."""
    if "\t" in para:
        return [c.strip() for c in para.split("\t")]
    stripped = para.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [c.strip() for c in stripped[1:-1].split("|")]
    return None


def _is_rule(cells: list[str]) -> bool:
    """Whether a row of cells is a Markdown table's rule line (or empty)."""
    return all(_RULE_CELL.fullmatch(c) or not c for c in cells)


def _header(para: str, cells: list[str] | None) -> dict[str, int] | None:
    """Column positions of a header row ('Pos<TAB>Rider<TAB>Team<TAB>Time' or spaced), given
    the line's cells (`_cells`)."""
    cells = cells or para.split(maxsplit=10)  # eleven words are too many already
    if len(cells) < 3 or len(cells) > 10 or cells[0].isdigit():
        return None  # a data row starts with its position
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for name, pattern in _HEADER.items():
            if name not in columns and pattern.match(cell):
                columns[name] = i
    return columns if "rider" in columns and len(columns) >= 2 else None


def _list_rows(items: str, offset: int) -> list[_Row]:
    """The rows of a labelled list's items ('Top three: 1. X, 2. Y')."""
    cells = _cells(items)
    return [] if cells is not None and _is_rule(cells) else _rows_of(items, offset, {}, cells)


def _rows_of(
    para: str, offset: int, columns: dict[str, int], cells: list[str] | None
) -> list[_Row]:
    """The rows a line holds, given its cells (`_cells`; not a rule line)."""
    if cells is not None:
        row = _cells_row(cells, para, offset, columns)
        return [row] if row is not None else []
    bullet = _BULLET.match(para)
    if bullet:
        row = _parse_row("0 " + bullet.group(1), offset)
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
    items = list(_INLINE_ITEM.finditer(para)) if _INLINE_ITEM.match(para) else []
    if len(items) >= 2 and items[0].start() == 0:
        ends = [m.start() for m in items[1:]] + [len(para)]
        spans = [(m.start(1), end) for m, end in zip(items, ends, strict=True)]
        rows = [_parse_row(para[s:e].rstrip(" ,;"), offset + s) for s, e in spans]
        return [r for r in rows if r is not None]
    row = _parse_row(para, offset)
    return [row] if row is not None else []


def _parse_row(line: str, offset: int) -> _Row | None:
    """'1 Tadej Pogačar (Slo) UAE Team Emirates 4:12:09', '2. X, Denmark, Team, :26.'."""
    status = "finished"
    match = _ROW.match(line)
    pos: int | None
    if match:
        pos, rest = int(match.group(1)), match.group(2)
    else:
        status_match = _STATUS_ROW.match(line)
        if not status_match:
            return None
        status, pos, rest = _status_word(status_match.group(1)), None, status_match.group(2)
    if len(line) > 220:
        return None
    rest = re.sub(r"^\d{1,3}\s+(?=[^\d\s])", "", rest)  # a bib number after the position
    cell: Gap | None = None
    cut = False
    name_part = rest
    trailing_status = re.search(r"[\s,]+(DNF|DNS|DSQ|OTL)\.?\s*$", rest)
    if trailing_status:
        status = _status_word(trailing_status.group(1))
        name_part = rest[: trailing_status.start()]
    else:
        cell, name_part, cut = _time_at_end(rest)
    rider, team, nat = rider_team(name_part.strip(" ,;|-–—\t"))
    if rider is None or not looks_like_name(rider.split()):
        return None
    return _Row(pos, rider, team, nat, cell, status, line, offset, offset + len(line), cut)


def _time_at_end(rest: str) -> tuple[Gap | None, str, bool]:
    """The time, gap or same-time mark a row ends with; the text before it; whether cut off."""
    body = _TRAILING.sub("", rest) if re.search(r"\d", rest[-20:]) else rest.rstrip(" .")
    same = re.search(r"(?:\s|,|^)(s\.\s?t\.?|st|,,|same time|''|\")\s*\.?$", body, _I)
    if same:
        return Gap(0, 0, None, "same"), body[: same.start()], False
    ap = _AP_SECONDS.search(body)
    if ap:  # AP style ':26' for 26 seconds
        return Gap(0, 0, int(ap.group(1)[1:]), "gap"), body[: ap.start()], False
    gaps = [g for g in find_gaps(body) if g.kind != "vague"]
    if gaps and body[gaps[-1].end :].strip(" .,;") == "":
        g = gaps[-1]
        head = body[: g.start].rstrip()
        if re.search(r"(?:\bat|\+)$", head):
            head = re.sub(r"(?:\bat|\+)$", "", head).rstrip()
            g = Gap(g.start, g.end, g.seconds, "gap")
        return g, head, False
    cut = bool(re.search(r"\d[:'.]\d?$|\d$", body.rstrip()))
    return None, re.sub(r"[\s,]+[\d:'.]+$", "", body), cut


def _cells_row(cells: list[str], line: str, offset: int, columns: dict[str, int]) -> _Row | None:
    """A tab-separated row, read by its header's columns or by what each cell looks like.

    `cells` come stripped (`_cells`)."""
    if not cells:
        return None
    named = _named_cells(cells, columns)
    pos_cell = named.get("pos")
    if pos_cell is None:
        pos_cell = cells[0]
    status = "finished"
    pos: int | None = None
    if _STATUS_CELL.match(pos_cell):
        status = _status_word(pos_cell)
    elif _POSITION_CELL.fullmatch(pos_cell):
        pos = int(pos_cell.rstrip("."))
    else:
        return None
    rider_text = named.get("rider") or _first_name_like(cells)
    if not rider_text:
        return None
    rider, team, nat = rider_team(rider_text)
    if rider is None:
        return None
    nat = named.get("nat") or nat
    team = named.get("team") or team
    if not nat or not team:  # then the other cells say what they look like
        others = [c for c in cells[1:] if c and c != rider_text and c != pos_cell]
        nat = nat or _first_nation_code(others)
        team = team or _first_team_like(others)
    time_text = named.get("time")
    if time_text is None:
        time_text = cells[-1] if len(cells) > 2 and cells[-1] not in (rider_text, team) else ""
    if _STATUS_CELL.match(time_text):
        status = _status_word(time_text)
    gap = parse_time_cell(time_text) if status == "finished" else None
    cut = bool(time_text) and gap is None
    return _Row(pos, rider, team, nat, gap, status, line, offset, offset + len(line), cut)


def _numbered_row(cells: list[str], line: str, offset: int) -> _Row | None:
    """`_cells_row` of a headerless row whose first cell is all digits: the same row, read
    with one cached look-up a cell (tests/test_tables_fast.py checks the two agree)."""
    pos_cell = cells[0]
    if len(pos_cell) > 3 or not pos_cell.isascii():
        return _cells_row(cells, line, offset, {})
    count = len(cells)
    i = 1
    while i < count:  # the first cell that reads as a name is the rider's
        read = _name_cell_reading(cells[i])
        if read is not None:
            break
        i += 1
    else:
        return None
    rider, team, nat = read
    if rider is None:
        return None
    rider_text = cells[i]
    if not nat or not team:  # then the other cells say what they look like
        nation_cell: str | None = None
        team_cell: str | None = None
        for cell in cells[1:]:
            if not cell or cell in (rider_text, pos_cell):
                continue
            role = _cell_role(cell)
            if role == _NATION:
                if nation_cell is None:
                    nation_cell = cell
            elif role == _TEAM and team_cell is None:
                team_cell = cell
        nat = nat or nation_cell
        team = team or team_cell
    time_text = cells[-1]
    if count > 2 and time_text != rider_text and time_text != team:
        status, gap, cut = _time_cell(time_text)
    else:
        status, gap, cut = _time_cell("")
    return _Row(int(pos_cell), rider, team, nat, gap, status, line, offset, offset + len(line), cut)


_NATION = "nation"
_TEAM = "team"


@lru_cache(maxsize=4096)
def _name_cell_reading(text: str) -> RiderCell | None:
    """The rider cell's reading (`rider_team`) when the cell looks like a name, else None."""
    return rider_team(text) if _name_like_cell(text) else None


@lru_cache(maxsize=4096)
def _cell_role(text: str) -> str | None:
    """What a cell that is not the rider's looks like: a nation's code, a team, or neither."""
    if _is_nation_code(text):
        return _NATION
    return _TEAM if _team_like_cell(text) else None


@lru_cache(maxsize=4096)
def _time_cell(text: str) -> tuple[str, Gap | None, bool]:
    """A placed row's status, time cell and cut-off mark, from its last cell."""
    status = _status_word(text) if _STATUS_CELL.match(text) else "finished"
    gap = parse_time_cell(text) if status == "finished" else None
    return status, gap, bool(text) and gap is None


def _named_cells(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    """The row's cells under its header's columns, by column name (those the row reaches)."""
    if not columns:
        return {}
    return {name: cells[i] for name, i in columns.items() if i < len(cells)}


def _first_name_like(cells: list[str]) -> str | None:
    for cell in cells[1:]:
        if _name_like_cell(cell):
            return cell
    return None


def _first_nation_code(cells: list[str]) -> str | None:
    for cell in cells:
        if _is_nation_code(cell):
            return cell
    return None


def _first_team_like(cells: list[str]) -> str | None:
    for cell in cells:
        if not _is_nation_code(cell) and _team_like_cell(cell):
            return cell
    return None


@lru_cache(maxsize=4096)
def _name_like_cell(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and not re.search(r"\d", text) and not catalogue.find_team(text)


@lru_cache(maxsize=4096)
def _team_like_cell(text: str) -> bool:
    return (
        bool(re.search(r"[A-Za-z]{2}", text))
        and not parse_time_cell(text)
        and not _STATUS_CELL.match(text)
    )


@lru_cache(maxsize=4096)
def _is_nation_code(text: str) -> bool:
    return len(text) <= 3 and text.isalpha() and catalogue.find_country(text) is not None


def _which(label: str) -> Which | None:
    if _SKIP_LABEL.search(label):
        return None
    if _GC_LABEL.search(label) and not re.search(r"\bstage\b.*\bresult", label, _I):
        return "gc"
    return "result"


# The fields `_table_claims` gives a Claim, in the order it gives them (tests check the order).
CLAIM_FIELDS = (
    "which rider method sentence start end order pos gap gap_ref gap_s time_s status team"
    " nationality"
).split()


def _table_claims(rows: list[_Row], which: Which | None, order: int) -> list[Claim]:
    """Claims of one table, with gaps worked out from times, gaps and same-time marks."""
    placed = [r for r in rows if r.pos is not None]
    if which is None or len(placed) < 2 or placed[0].pos not in (1, 2):
        return []
    rows = _drop_cut_off(rows)
    base = _winner_time(placed)
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
            gap = None  # a table of names only says nothing of gaps
        elif cell is None or cell.kind == "same":
            gap = previous
        elif cell.seconds is None:
            gap = None
        elif absolute and cell.seconds >= base:
            gap = cell.seconds - base
        elif absolute and cell.seconds >= base * 0.5:
            gap = None  # a time faster than the winner's: the table contradicts itself
        else:
            gap = cell.seconds
        claims.append(  # by position: a third of the keyword call's cost (CLAIM_FIELDS)
            Claim(
                which,
                row.rider,
                "table",
                row.line,
                row.start,
                row.end,
                order + i,
                row.pos if row.status == "finished" else None,
                None,
                None,
                gap,
                cell.seconds if absolute and cell and cell.kind != "same" else None,
                row.status,  # type: ignore[arg-type]
                row.team,
                row.nationality,
            )
        )
        if gap is not None:
            previous = gap
    return claims


def _winner_time(placed: list[_Row]) -> int:
    """The winner's time when the table gives every rider's time rather than gaps, else 0."""
    first = placed[0].cell
    if first is None or not first.seconds or first.kind == "same":
        return 0
    later = [r.cell.seconds for r in placed[1:] if r.cell is not None and r.cell.seconds]
    if not later:
        return first.seconds if first.seconds >= 600 else 0
    alike = sum(1 for s in later if s >= first.seconds * 0.5)
    return first.seconds if alike * 2 >= len(later) else 0


def _drop_cut_off(rows: list[_Row]) -> list[_Row]:
    """A last row cut off mid-way ('7. Santiago Buitrago, ... 1:5') is ignored."""
    if len(rows) >= 3 and rows[-1].cell is None and rows[-1].status == "finished":
        timed = sum(1 for r in rows[:-1] if r.cell is not None)
        if rows[-1].cut or (rows[-1].team is None and timed >= len(rows) - 2):
            return rows[:-1]
    return rows


def _status_word(text: str) -> str:
    word = text.strip().lower()
    if word in ("did not finish", "abandoned"):
        return "dnf"
    if word == "did not start":
        return "dns"
    if word == "disqualified":
        return "dsq"
    if "time limit" in word:
        return "otl"
    return {"ab": "dnf", "abd": "dnf", "hd": "otl", "nc": "dnf"}.get(word, word)
