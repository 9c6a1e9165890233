"""The terminal is not theirs: markup, escape sequences, C1 controls and bidi overrides in every
field reach no pane, notification, dialog or export as anything but inert text.

Each step renders the whole screen to the exact bytes Textual would write to a terminal (the
compositor's full update) and looks for the planted payloads. Two kinds of hostile data: raced
through the real ingestion (analysis sanitises), and written straight into the store (so the
views' own sanitising is what is tested).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from textual.pilot import Pilot

from raceview.analysis.reconcile import ReconciledRace
from raceview.export import FORMATS, render
from raceview.ingest import ingest
from raceview.models import (
    Article,
    ArticleVersion,
    Conflict,
    Provenance,
    Race,
    RawDocument,
    ResultRow,
    SourceHealth,
)
from raceview.store import Store
from raceview.tui.app import RaceviewApp
from raceview.tui.refresher import ProgressFn, RefreshOutcome
from tests.tui.conftest import AppFactory, FakeClipboard
from tests.tui.fixtures import NOW, UPDATED, populate
from tests.tui.helpers import main, race_list, settle, toasts

pytestmark = pytest.mark.anyio

#: Each payload is glued to a marker, so Textual's own escape sequences never match.
OSC52 = "\x1b]52;c;cHduZWQ=\x07"
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2JZQX"
C1_CSI = "\x9b2JZQX"
C1_OSC = "\x9d0;pwned\x9c"
BIDI = "\u202eZQX"
EVIL = f"{OSC52}{TITLE}{CLEAR}{C1_CSI}{C1_OSC}{BIDI}"
MARKUP = "[@click=app.quit]Q[/] [/ [b]B[/b] [link=https://evil.example]L[/link]"
HOSTILE = f"{MARKUP} {EVIL} \x07\x08\x00"
#: What must never reach the terminal (as text or as UTF-8 bytes).
FORBIDDEN = (
    "\x1b]52;c;cHduZWQ",
    "\x1b]0;pwned",
    "\x1b[2JZQX",
    "\x9b",
    "\x9d",
    "\x9c",
    "\u202e",
    "\u2066",
)


def hostile_race(doc_ids: list[int]) -> ReconciledRace:
    """Every field of a race, written straight to the store (no ingestion sanitising)."""
    text = f"{HOSTILE} won the stage.\n\nSecond paragraph {HOSTILE}."
    prov = Provenance(article_id=900, start=0, end=10, sentence=HOSTILE, method="prose")
    rows = (
        ResultRow(pos=1, rider=f"Rider {HOSTILE}", team=f"Team {HOSTILE}", gap_s=0,
                  time_s=3600, provenance=prov, warnings=(HOSTILE,)),
        ResultRow(pos=2, rider=f"Other {EVIL}", team="[/]", nationality=EVIL, gap_s=12),
        ResultRow(pos=None, rider=f"Out {EVIL}", team=MARKUP, status="dnf"),
    )  # fmt: skip
    version = ArticleVersion(
        document_id=doc_ids[0],
        sha256="e" * 64,
        origin=f"https://evil.example/{EVIL}",
        fetched_at=UPDATED,
        title=f"Version {HOSTILE}",
        length=len(text),
    )
    article = Article(
        id=900,
        race_id="hostile-2024",
        title=f"Title {HOSTILE}",
        standfirst=f"Standfirst {HOSTILE}",
        kind="report",
        published=dt.date(2024, 7, 1),
        url=f"https://evil.example/{EVIL}",
        outlet=f"outlet {EVIL}",
        text=text,
        captions=(f"Caption {HOSTILE}",),
        versions=(
            version,
            version.model_copy(update={"document_id": doc_ids[1], "sha256": "f" * 64}),
        ),
    )
    race = Race(
        id="hostile-2024",
        name=f"Hostile {HOSTILE}",
        year=2024,
        stage=f"3 {EVIL}",
        date=dt.date(2025, 1, 1),  # newest: shown first
        category="stage",
        start=f"Start {EVIL}",
        finish=f"Finish {MARKUP}",
        winner=rows[0].rider,
        updated_at=UPDATED,
        n_articles=1,
        n_versions=2,
    )
    conflict = Conflict(
        field="results.pos1", values=(HOSTILE, "x"), chosen=HOSTILE, sources=tuple(doc_ids)
    )
    return ReconciledRace(race, rows, rows[:2], (conflict,), (article,), "hostile 2024 rider")


def hostile_documents() -> list[RawDocument]:
    """Reports carrying the payloads, for the real ingestion."""
    plain = (
        f" date 2024-07-03 Tour de France stage 5: Pogačar {EVIL} wins in Saint-Vulbas\n"
        f"The standfirst {HOSTILE}\n"
        f"Tadej Pogačar (UAE Team Emirates {EVIL}) won stage 5 of the Tour de France on"
        f" Wednesday. Jonas Vingegaard {MARKUP} (Visma-Lease a Bike) was second at 2 seconds.\n"
        f"Result\n1. Tadej Pogačar {EVIL} (UAE) 4:08:46\n"
        f"2. Jonas Vingegaard {MARKUP} (Visma) +0:02\n"
    )
    html = (
        f"<html><head><title>Paris-Roubaix 2024 {EVIL}</title></head><body><article>"
        f"<h1>Van der Poel {HOSTILE} wins Paris-Roubaix 2024</h1><p>Mathieu van der Poel"
        f" (Alpecin-Deceuninck) won Paris-Roubaix on Sunday {EVIL}, three minutes ahead of"
        f" Jasper Philipsen {MARKUP}.</p></article></body></html>"
    )
    out = []
    for n, (body, ctype) in enumerate(((plain, "text/plain"), (html, "text/html"))):
        data = body.encode()
        out.append(
            RawDocument(
                body=data,
                origin=f"https://evil.example/{n}",
                content_type=ctype,
                fetched_at=UPDATED,
                sha256=hashlib.sha256(data).hexdigest(),
                source=f"evil {EVIL}",
            )
        )
    return out


@pytest.fixture
def hostile_store(tmp_path: Path) -> Store:
    store = populate(Store(tmp_path / "hostile.db"))
    ids = [
        store.add_document(
            RawDocument(body=f"version {n} {EVIL}".encode(), origin=f"https://evil.example/{EVIL}",
                        content_type="text/plain", fetched_at=UPDATED, sha256=f"{n}" * 64)
        )[0]
        for n in (1, 2)
    ]  # fmt: skip
    store.write_race(hostile_race(ids))
    ingest(store, hostile_documents())
    store.save_source_health(
        SourceHealth(
            name=f"evil {HOSTILE}",
            last_attempt=NOW,
            last_status=f"failed {EVIL}",
            last_error=f"HTTP 500 {HOSTILE}",
        )
    )
    return store


def terminal_output(app: RaceviewApp) -> str:
    """Exactly what Textual would write to a terminal to paint the whole screen now."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return update.render_segments(app.console)  # type: ignore[union-attr]


def assert_inert(app: RaceviewApp, where: str) -> None:
    assert app.is_running, f"the app died at: {where}"
    out = terminal_output(app)
    for bad in FORBIDDEN:
        assert bad not in out, f"{bad!r} reached the terminal at: {where}"


async def visit_everything(pilot: Pilot[None], app: RaceviewApp) -> None:
    await settle(pilot)
    assert_inert(app, "start")
    for n in range(len(race_list(app).entries)):
        for key in ("c", "a", "v"):  # GC, next article, next version
            await pilot.press(key)
            await settle(pilot)
            assert_inert(app, f"race {n} after {key!r}")
        await pilot.press("c", "tab", "tab", "tab", "j")
        await settle(pilot)


async def test_hostile_data_is_inert_in_every_pane(
    hostile_store: Store, make_app: AppFactory
) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert race_list(app).entries[0].race_id == "hostile-2024"
        painted = terminal_output(app)  # the hostile text is on screen, inert and literal
        assert "ZQX" in painted and "[@click=app.quit]Q[/]" in painted
        await visit_everything(pilot, app)
        detail = main(app).detail
        assert detail is not None
    # the ingested documents made races, cleaned at ingestion
    for race_id in hostile_store.race_ids():
        got = hostile_store.race_detail(race_id)
        assert got is not None
        if race_id in ("hostile-2024", "chaos-2024"):  # written straight to the store
            continue
        blob = got.model_dump_json()
        assert "\\u001b" not in blob and "\\u009b" not in blob and "\u202e" not in blob


async def test_hostile_data_in_notifications_and_dialogs(
    hostile_store: Store, make_app: AppFactory
) -> None:
    async def evil_refresh(progress: ProgressFn) -> RefreshOutcome:
        progress(1, 2)
        return RefreshOutcome(f"done {HOSTILE}", [(f"src {HOSTILE}", f"HTTP 500 {HOSTILE}")])

    clipboard = FakeClipboard(native=False)
    app = make_app(hostile_store, refresh=evil_refresh, clipboard=clipboard)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # refresh: summary and failures as toasts
        await settle(pilot)
        assert_inert(app, "refresh toasts")
        assert any("done" in t for t in toasts(app))
        await pilot.press("y")  # copy: OSC 52 fallback toast
        await settle(pilot)
        assert_inert(app, "copy toast")
        assert clipboard.copied and "\x1b" not in clipboard.copied[-1]
        assert app.clipboard and "\x1b]0;pwned" not in app.clipboard
        await pilot.press("s")  # source health: names and errors
        await settle(pilot)
        assert_inert(app, "source health")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # export dialog
        await settle(pilot)
        assert_inert(app, "export dialog")
        await pilot.press("escape")
        await pilot.press("o")  # open URL: the notification names the URL
        await settle(pilot)
        assert_inert(app, "open url toast")
        await pilot.press("question_mark")
        await settle(pilot)
        assert_inert(app, "help")
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.press(*"hostile")
        await settle(pilot)
        assert_inert(app, "filter")
        assert app.is_running


def test_every_export_of_a_hostile_race_is_inert(hostile_store: Store) -> None:
    for race_id in hostile_store.race_ids():
        detail = hostile_store.race_detail(race_id)
        assert detail is not None
        for fmt in FORMATS:
            for gc in (False, True):
                out = render(detail, fmt, gc=gc)
                for bad in ("\x1b", "\x9b", "\x9d", "\x9c", "\u202e", "\x07", "\x00"):
                    assert bad not in out, (race_id, fmt, bad)
