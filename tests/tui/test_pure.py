"""Pure helpers: chart, gap cells, marks, colours, refresh summaries, URLs; no Textual in core."""

from __future__ import annotations

import subprocess
import sys

from raceview.models import Conflict, ResultRow
from raceview.store import RaceLine
from raceview.tui.data import web_url
from raceview.tui.formatting import ago, gap_cells, race_label, source_mark, team_colour
from raceview.tui.refresher import describe
from raceview.tui.widgets.chart import EMPTY, bar, chart_lines, nice_scale
from tests.tui.fixtures import NOW


def _rows(*gaps: int | None) -> list[ResultRow]:
    return [
        ResultRow(pos=i + 1, rider=f"Rider {i}", team=f"Team {i % 2}", gap_s=g)
        for i, g in enumerate(gaps)
    ]


def test_race_labels_say_stage_or_that_it_is_unknown() -> None:
    def line(race_id: str, stage: str | None) -> RaceLine:
        return RaceLine(race_id, "Tour de France", 2024, stage, "2024-07-14", None, 1, 1, 0)

    assert (
        race_label(line("tour-de-france-2024-stage-15", "15")) == "Tour de France 2024 · stage 15"
    )
    assert race_label(line("tour-de-france-2024-07-14", None)) == "Tour de France 2024 · stage ?"
    assert race_label(line("tour-de-france-2024", None)) == "Tour de France 2024"
    assert race_label(line("paris-nice-2024-stage-prologue", "prologue")).endswith("· prologue")


def test_gap_cells_mark_same_time() -> None:
    assert gap_cells(_rows(0, 2, 2, 13, 13)) == ["", "+0:02", "s.t.", "+0:13", "s.t."]


def test_source_marks_and_conflicts() -> None:
    row = ResultRow(pos=4, rider="Andreas Kron", gap_s=13)
    conflict = Conflict(field="results.pos4", values=("a", "b"), chosen="a", sources=(1,))
    assert source_mark(row, [], "results") == "·"
    assert source_mark(row, [conflict], "results") == "·!"
    assert source_mark(row, [conflict], "gc") == "·"


def test_team_colour_is_stable_and_accent_blind() -> None:
    assert team_colour("Lidl-Trek") == team_colour("lidl-trek") == team_colour("Lidl-Trek ")
    assert team_colour("Équipe") == team_colour("Equipe")


def test_ago() -> None:
    from datetime import timedelta

    assert ago(None, NOW) == "never"
    assert ago(NOW - timedelta(seconds=5), NOW) == "just now"
    assert ago(NOW - timedelta(minutes=4), NOW) == "4 min ago"
    assert ago(NOW - timedelta(hours=5), NOW) == "5 h ago"
    assert ago(NOW - timedelta(days=9), NOW) == "9 days ago"


def test_bars_use_eighths_and_clip() -> None:
    scale = nice_scale([60], 40)
    assert scale.end == 60 and not scale.clipped
    assert bar(30, scale, 8) == "████"
    assert bar(31, scale, 8) == "████▏"
    assert bar(0, scale, 8) == ""


def test_outlier_is_clipped_and_marked() -> None:
    lines = [line.plain for line in chart_lines(_rows(0, 180, 180, 1800), 70, None)]
    assert lines[3].rstrip().endswith("+30:00")
    assert "»" in lines[3]
    assert any("clipped" in line for line in lines)
    assert "s.t." in lines[2]
    assert "┐" in lines[1] and "┘" in lines[2]


def test_ticks_have_labels() -> None:
    lines = [line.plain for line in chart_lines(_rows(0, 63, 74), 60, None)]
    axis, labels = lines[3], lines[4]
    assert "┬" in axis and "0:00" in labels and "1:00" in labels


def test_empty_chart_explains_itself() -> None:
    assert [line.plain for line in chart_lines(_rows(0), 60, None)] == list(EMPTY)
    assert [line.plain for line in chart_lines([], 60, None)] == list(EMPTY)


def test_highlighted_rider_is_emphasised() -> None:
    lines = chart_lines(_rows(0, 5), 60, "Rider 1")
    assert any("reverse" in str(span.style) for span in lines[1].spans)


def test_markup_in_names_is_literal() -> None:
    rows = [
        ResultRow(pos=1, rider="[@click=app.quit]x[/]", gap_s=0),
        ResultRow(pos=2, rider="Team [/] \x1b]52;c;aGk=\x07y", gap_s=3),
    ]
    plain = "\n".join(line.plain for line in chart_lines(rows, 80, None))
    assert "[@click=app.quit]x[/]" in plain
    assert "\x1b" not in plain and "\x07" not in plain


def test_web_url_accepts_only_http() -> None:
    assert web_url("https://example.com/a") == "https://example.com/a"
    assert web_url("http://example.com") == "http://example.com"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "/tmp/x.txt", "https://", None):
        assert web_url(bad) is None


def test_refresh_summary_in_words() -> None:
    from raceview.refresh import RefreshSummary, SourceResult

    summary = RefreshSummary(
        results=(
            SourceResult(source="a", state="done", message="ok", new=2),
            SourceResult(source="b", state="failed", message="HTTP 503"),
        ),
        race_ids=frozenset({"x"}),
    )
    outcome = describe(summary)
    assert outcome.summary == "2 sources checked: 2 new documents, 1 races changed, 1 failed"
    assert outcome.failures == [("b", "HTTP 503")]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys, raceview.store, raceview.analysis, raceview.analysis.pipeline, raceview.cli,"
        " raceview.export, raceview.ingest; raceview.cli.build_parser();"
        " bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'));"
        " print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_empty_chart_message_wraps_to_a_narrow_pane() -> None:
    lines = [line.plain for line in chart_lines(_rows(0), 30, None)]
    assert all(len(line) <= 30 for line in lines)
    assert " ".join(lines).split() == " ".join(EMPTY).split()


def test_a_small_outlier_is_drawn_to_scale() -> None:
    """+0:13 after +0:02: the 2 s bars stay readable without clipping the 13 s one."""
    lines = [line.plain for line in chart_lines(_rows(0, 2, 2, 13), 60, None)]
    assert not any("clipped" in line or "»" in line for line in lines)
    assert lines[3].rstrip().endswith("+0:13")
