"""Renderings of a race's result: aligned text, Markdown, CSV, TSV and the JSON contract."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from raceview.analysis.text import sanitize
from raceview.models import Article, RaceDetail, ResultRow

Format = Literal["text", "md", "csv", "tsv", "json"]
FORMATS: tuple[Format, ...] = ("text", "md", "csv", "tsv", "json")


def clock(seconds: int) -> str:
    """Seconds as m:ss or h:mm:ss."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def gap_label(row: ResultRow) -> str:
    """The winner's time (or ''); 's.t.' or '+0:02' behind the winner; '' unknown; else status."""
    if row.status != "finished":
        return row.status.upper()
    if row.pos == 1:
        return clock(row.time_s) if row.time_s else ""
    if row.gap_s is None:
        return ""
    return "s.t." if row.gap_s == 0 else f"+{clock(row.gap_s)}"


def race_title(detail: RaceDetail) -> str:
    """'Tour de France 2024, stage 3 (2024-07-01)'."""
    race = detail.race
    title = f"{race.name} {race.year}"
    if race.stage:
        title += f", stage {race.stage}" if race.stage[0].isdigit() else f", {race.stage}"
    if race.date:
        title += f" ({race.date.isoformat()})"
    return sanitize(title)


def _cells(row: ResultRow) -> list[str]:
    pos = "" if row.pos is None else str(row.pos)
    return [pos, sanitize(row.rider), sanitize(row.team or ""), gap_label(row)]


_HEADER = ["Pos", "Rider", "Team", "Gap"]

# json.dumps escapes C0 but writes DEL, C1 controls (U+009B is CSI) and bidi overrides as they
# are; escaped as \uXXXX they still load back to the same strings but cannot act on a terminal.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def dump_json(data: object) -> str:
    """JSON text that loads back to `data` and is inert on a terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(detail: RaceDetail, fmt: Format, *, gc: bool = False) -> str:
    """The race's result (or its GC) in one of FORMATS."""
    rows = detail.gc if gc else detail.results
    if fmt == "json":
        return dump_json(to_json(detail)) + "\n"
    if fmt == "text":
        return _text(detail, rows, gc)
    if fmt == "md":
        return _markdown(detail, rows, gc)
    return _delimited(rows, "," if fmt == "csv" else "\t")


def _text(detail: RaceDetail, rows: Sequence[ResultRow], gc: bool) -> str:
    title = race_title(detail) + (" — general classification" if gc else "")
    if not rows:
        return f"{title}\n(no results known)\n"
    table = [_HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    lines = [title]
    for line in table:
        pos, rider, team, gap = line
        cells = f"{pos:>{widths[0]}}  {rider:<{widths[1]}}  {team:<{widths[2]}}  {gap:>{widths[3]}}"
        lines.append(cells.rstrip())
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(detail: RaceDetail, rows: Sequence[ResultRow], gc: bool) -> str:
    title = race_title(detail) + (" — general classification" if gc else "")
    lines = [f"**{_md_cell(title)}**", "", "| Pos | Rider | Team | Gap |", "|---:|---|---|---:|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in _cells(r)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _delimited(rows: Sequence[ResultRow], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["pos", "rider", "team", "gap", "gap_s", "time_s", "status"])
    for r in rows:
        pos, rider, team, gap = _cells(r)
        writer.writerow([pos, rider, team, gap, _num(r.gap_s), _num(r.time_s), r.status])
    return out.getvalue()


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def _row_json(row: ResultRow) -> dict[str, Any]:
    prov = row.provenance
    return {
        "pos": row.pos,
        "rider": row.rider,
        "team": row.team,
        "nationality": row.nationality,
        "gap_s": row.gap_s,
        "time_s": row.time_s,
        "status": row.status,
        "source": None
        if prov is None
        else {
            "article_id": prov.article_id,
            "document_id": prov.document_id,
            "sentence": prov.sentence,
            "span": [prov.start, prov.end],
            "method": prov.method,
        },
        "warnings": list(row.warnings),
    }


def _article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "standfirst": article.standfirst,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "outlet": article.outlet,
        "kind": article.kind,
        "versions": [
            {
                "document_id": v.document_id,
                "sha256": v.sha256,
                "origin": v.origin,
                "fetched_at": v.fetched_at.isoformat(),
                "title": v.title,
                "length": v.length,
                "stub": v.stub,
            }
            for v in article.versions
        ],
        "text": article.text,
        "captions": list(article.captions),
    }


def to_json(detail: RaceDetail) -> dict[str, Any]:
    """The JSON export contract of DESIGN.md (fields may be added, never changed)."""
    race = detail.race
    return {
        "race": {
            "id": race.id,
            "name": race.name,
            "year": race.year,
            "stage": race.stage,
            "date": race.date.isoformat() if race.date else None,
            "category": race.category,
            "gender": race.gender,
            "distance_km": race.distance_km,
            "start": race.start,
            "finish": race.finish,
            "edition": race.edition,
            "winner": race.winner,
        },
        "results": [_row_json(r) for r in detail.results],
        "gc": [_row_json(r) for r in detail.gc],
        "conflicts": [
            {
                "field": c.field,
                "values": list(c.values),
                "chosen": c.chosen,
                "sources": list(c.sources),
            }
            for c in detail.conflicts
        ],
        "articles": [_article_json(a) for a in detail.articles],
    }
