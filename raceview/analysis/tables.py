"""Claims from results tables: numbered lines in the text and HTML tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from raceview.analysis import catalogue
from raceview.analysis.claims import Claim, Which
from raceview.analysis.document import HtmlTable
from raceview.analysis.gaps import Gap, find_gaps, parse_time_cell
from raceview.analysis.mentions import Riders, find_mentions
from raceview.analysis.names import display_name

_I = re.IGNORECASE
_ROW = re.compile(r"^\s*(?:[-*•·]\s*)?(\d{1,3})\s*(?:[.):]|\s)\s*(\S.*)$")
_INLINE_ITEM = re.compile(r"(?:^|[,;]\s+)(\d{1,3})[.)]\s+")
_GC_LABEL = re.compile(r"\b(?:general classification|gc|overall|standings|classement g[ée]n[ée]ral)\b", _I)
_SKIP_LABEL = re.compile(
    r"\b(?:before|prior to|going into|heading into|entering|points|mountains?|kom|king of the"
    r" mountains|queen of the mountains|qom|youth|young rider|best young|teams? classification"
    r"|team classification|sprints?|combativ\w*|start ?list|odds|favourites|previous winners"
    r"|past winners|roll of honour|palmar[eè]s|intermediate|u23|under-23)\b",
    _I,
)
_RESULT_LABEL = re.compile(r"\b(?:results?|stage \d+|top \d+|top ten|finish|classification|result)\b", _I)
_STATUS_CELL = re.compile(r"^\s*(dnf|dns|dsq|otl|ab|abd|hd|nc)\s*$", _I)
_HEADER_WORDS = {
    "pos": re.compile(r"^(?:pos\.?|position|rank|rnk|#|place|pl\.?|no\.?)$", _I),
    "rider": re.compile(r"^(?:rider|name|riders?|cyclist|athlete|coureur)$", _I),
    "team": re.compile(r"^(?:team|équipe|squad|nation|country)$", _I),
    "time": re.compile(r"^(?:time|gap|result|temps|tijd|diff\.?|behind|\+)$", _I),
}


@dataclass
class _Row:
    pos: int
    rider: str
    team: str | None
    nationality: str | None
    cell: Gap | None
    status: str
    line: str
    start: int
    end: int


def text_table_claims(paragraphs: list[tuple[int, str]], riders: Riders) -> list[Claim]:
    """Claims from runs of numbered lines ("1 Tadej Pogačar (Slo) UAE Team Emirates 4:12:09")."""
    claims: list[Claim] = []
    block: list[_Row] = []
    label = ""
    order = 10_000
    for offset, para in [*paragraphs, (-1, "")]:
        rows = _rows_of(para, offset, riders)
        if rows:
            block += rows
            continue
        if block:
            claims += _table_claims(block, _which(label), order)
            order += len(block)
            block = []
        label = para if len(para) < 120 else ""
    return claims


def _rows_of(para: str, offset: int, riders: Riders) -> list[_Row]:
    items = list(_INLINE_ITEM.finditer(para))
    if len(items) >= 2 and items[0].start() == 0:
        spans = [(m.start(1), items[i + 1].start() if i + 1 < len(items) else len(para)) for i, m in enumerate(items)]
        rows = [_parse_row(para[s:e].rstrip(" ,;"), offset + s, riders) for s, e in spans]
        return [r for r in rows if r is not None]
    row = _parse_row(para, offset, riders)
    return [row] if row is not None else []


def _parse_row(line: str, offset: int, riders: Riders) -> _Row | None:
    match = _ROW.match(line)
    if not match or len(line) > 220:
        return None
    pos, rest = int(match.group(1)), match.group(2)
    status = "finished"
    cell: Gap | None = None
    name_part = rest
    status_match = re.search(r"\s(DNF|DNS|DSQ|OTL)\s*$", rest)
    if status_match:
        status = status_match.group(1).lower()
        name_part = rest[: status_match.start()]
    else:
        same = re.search(r"(?:\s|^)(s\.\s?t\.?|st|,,|same time)\s*$", rest, _I)
        gaps = [g for g in find_gaps(rest) if g.kind != "vague"]
        if same:
            cell = Gap(0, 0, None, "same")
            name_part = rest[: same.start()]
        elif gaps and rest[gaps[-1].end :].strip(" .,;") == "":
            g = gaps[-1]
            head = rest[: g.start].rstrip()
            if re.search(r"\b(?:at|\+)$", head):
                head = head[: -2].rstrip()
                g = Gap(g.start, g.end, g.seconds, "gap")
            cell = g
            name_part = head
    name_part = name_part.strip(" ,;|-–—\t")
    rider, team, nat = _rider_team(name_part, riders)
    if rider is None:
        return None
    return _Row(pos, rider, team, nat, cell, status, line, offset, offset + len(line))


def _rider_team(text: str, riders: Riders) -> tuple[str | None, str | None, str | None]:
    """Split 'Tadej Pogačar (Slo) UAE Team Emirates' into rider, team and nationality."""
    parts = [p.strip() for p in re.split(r"\t|\s{2,}|\s[|–—-]\s|,\s", text) if p.strip()]
    mentions = find_mentions(text)
    if mentions and mentions[0].start <= 2:
        m = mentions[0]
        team = m.team
        tail = text[m.end :]
        tail = re.sub(r"^\s*\([^()]*\)", "", tail).strip(" ,;|-–—\t")
        if tail and (team is None or catalogue.find_country(team)):
            if team and catalogue.find_country(team):
                m.nationality = m.nationality or team
            team = tail
        return m.name, team or None, m.nationality
    if len(parts) >= 2 and len(parts[0].split()) >= 2:
        return display_name(parts[0]), parts[1], None
    words = text.split()
    for k in range(len(words) - 1, 1, -1):
        if catalogue.find_team(" ".join(words[k:])):
            return display_name(" ".join(words[:k])), " ".join(words[k:]), None
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if len(w) > 3):
        return display_name(text), None, None
    return None, None, None


def _which(label: str) -> Which | None:
    if _SKIP_LABEL.search(label):
        return None
    if _GC_LABEL.search(label) and not re.search(r"\bstage\b.*\bresult", label, _I):
        return "gc"
    return "result"


def _table_claims(rows: list[_Row], which: Which | None, order: int) -> list[Claim]:
    """Claims of one table, with gaps worked out from times, gaps and same-time marks."""
    if which is None or len(rows) < 2 or rows[0].pos not in (1, 2):
        return []
    rows = _drop_cut_off(rows)
    first = rows[0].cell
    absolute = first is not None and first.seconds is not None and first.seconds >= 600
    base = first.seconds if absolute and first is not None and first.seconds else 0
    claims: list[Claim] = []
    previous: int | None = 0
    for i, row in enumerate(rows):
        cell = row.cell
        gap: int | None
        if i == 0:
            gap = 0
        elif cell is None or cell.kind == "same":
            gap = previous
        elif cell.seconds is None:
            gap = None
        elif absolute and cell.seconds >= base * 0.5:
            gap = cell.seconds - base
        else:
            gap = cell.seconds
        if row.status != "finished":
            gap = None
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
                time_s=(cell.seconds if absolute and cell and cell.kind != "same" else None),
                status=row.status,  # type: ignore[arg-type]
                team=row.team,
                nationality=row.nationality,
            )
        )
        if gap is not None:
            previous = gap
    return claims


def _drop_cut_off(rows: list[_Row]) -> list[_Row]:
    """A last row cut off mid-way (no time where the others have one, no team) is ignored."""
    if len(rows) >= 3 and rows[-1].cell is None and rows[-1].team is None:
        timed = sum(1 for r in rows[:-1] if r.cell is not None)
        if timed >= len(rows[:-1]) - 1:
            return rows[:-1]
    return rows


def html_table_claims(tables: tuple[HtmlTable, ...], riders: Riders) -> list[Claim]:
    """Claims from HTML results tables whose columns are found from their headers or content."""
    claims: list[Claim] = []
    order = 20_000
    seen_result = False
    for table in tables:
        columns = _columns(table.rows)
        if columns is None:
            continue
        header, cols = columns
        which = _which(table.label)
        if which is None:
            continue
        if which == "result" and seen_result and not _RESULT_LABEL.search(table.label):
            continue
        rows = [_html_row(cells, cols, riders, i) for i, cells in enumerate(table.rows[header:])]
        parsed = [r for r in rows if r is not None]
        got = _table_claims(parsed, which, order)
        seen_result = seen_result or (which == "result" and bool(got))
        claims += got
        order += len(parsed)
    return claims


def _columns(rows: tuple[tuple[str, ...], ...]) -> tuple[int, dict[str, int]] | None:
    """(rows of header, column index of pos/rider/team/time)."""
    for h, row in enumerate(rows[:2]):
        cols: dict[str, int] = {}
        for i, cell in enumerate(row):
            for name, pattern in _HEADER_WORDS.items():
                if name not in cols and pattern.match(cell.strip()):
                    cols[name] = i
        if "rider" in cols:
            cols.setdefault("pos", 0 if cols["rider"] != 0 else -1)
            return h + 1, cols
    body = [r for r in rows if r and re.fullmatch(r"\d{1,3}\.?", r[0].strip())]
    if len(body) >= 2 and len(body[0]) >= 2:
        cols = {"pos": 0, "rider": 1}
        if len(body[0]) >= 4:
            cols["team"], cols["time"] = 2, len(body[0]) - 1
        elif len(body[0]) == 3:
            cols["time"] = 2
        return 0, cols
    return None


def _html_row(cells: tuple[str, ...], cols: dict[str, int], riders: Riders, i: int) -> _Row | None:
    def cell(name: str) -> str:
        index = cols.get(name, -1)
        return cells[index].strip() if 0 <= index < len(cells) else ""

    pos_text = cell("pos") if cols.get("pos", -1) >= 0 else str(i + 1)
    status = "finished"
    digits = re.match(r"^(\d{1,3})\.?$", pos_text)
    if _STATUS_CELL.match(pos_text):
        status = _status_word(pos_text)
    elif not digits:
        return None
    name = cell("rider")
    rider, team, nat = _rider_team(name, riders) if name else (None, None, None)
    if rider is None:
        return None
    time_text = cell("time")
    if _STATUS_CELL.match(time_text):
        status = _status_word(time_text)
    gap = parse_time_cell(time_text) if status == "finished" else None
    line = " ".join(c for c in cells if c)
    return _Row(int(digits.group(1)) if digits else 0, rider, cell("team") or team, nat, gap, status, line, 0, len(line))


def _status_word(text: str) -> str:
    word = text.strip().lower()
    return {"ab": "dnf", "abd": "dnf", "hd": "otl", "nc": "dnf"}.get(word, word)
