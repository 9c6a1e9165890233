"""Store reads and writes the screen runs in thread workers (no Textual here)."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlparse

from raceview.store import RaceLine, Store

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import DocumentAnalysis


#: Races read before the first frame: more than a terminal shows at once.
FIRST_RACES = 300


def load_race_list(store: Store) -> list[RaceLine]:
    """Every race (newest first) as a list line, with its unseen mark; no models are built."""
    return store.race_lines()


def load_first_races(store: Store, count: int) -> tuple[list[RaceLine], tuple[int, int] | None]:
    """The first `count` race lines and the whole list's size (races, lines with the date
    headings), or None for the size when these are all the races. A few milliseconds where
    the whole list takes ~0.1 s of a CPU that Textual's start-up needs."""
    lines = store.race_lines(limit=count)
    if len(lines) < count:
        return lines, None
    races, dates, years = store.race_list_counts()
    return lines, (None if races == len(lines) else (races, races + dates + years))


def load_search_index(store: Store) -> dict[str, str]:
    """Each race id with its folded search text (riders, teams), for the filter."""
    return store.race_search_index()


class Races(NamedTuple):
    """Race lines, when the store last changed, and the whole list's size (races, lines)
    when the lines are only its first ones."""

    lines: list[RaceLine]
    last_updated: dt.datetime | None
    whole: tuple[int, int] | None = None


class Preload:
    """The first screenful of races (and when the store last changed) read in a thread from
    the moment the app is built, while Textual starts: the first frame can show them; the
    rest is read once it is painted. Not on a first run, when the bundled samples must be
    imported first."""

    def __init__(self, store: Store, import_samples: bool) -> None:
        self._done = threading.Event()
        self._value: Races | None = None
        self._taken = False
        args = (store, import_samples)
        threading.Thread(target=self._run, args=args, name="race list", daemon=True).start()

    def _run(self, store: Store, import_samples: bool) -> None:
        try:
            if not (import_samples and store.count_documents() == 0):
                lines, whole = load_first_races(store, FIRST_RACES)
                self._value = Races(lines, store.last_updated(), whole)
        except Exception:  # the worker reads the list again and reports the error
            self._value = None
        finally:
            self._done.set()

    def take(self, timeout: float | None) -> Races | None:
        """The races when read within `timeout` seconds; only once."""
        if self._taken or not self._done.wait(timeout):
            return None
        self._taken = True
        return self._value


def pause_gc() -> None:
    """Start-up: no garbage collection until the race list is painted (`resume_gc`).

    Start-up makes ~70,000 lasting objects (Textual's modules, classes, widgets) and little
    garbage, yet a full collection of them ran before the first frame (25-30 ms).
    """
    gc.disable()


def resume_gc() -> None:
    """After the first paint: collect again. Start-up's objects are frozen first (kept out
    of later collections: no 30-60 ms pauses in the next second; its ~9,000 cyclic garbage
    objects, ~1.3 MB, are kept)."""
    if not gc.isenabled():  # paused by pause_gc (never in tests)
        gc.freeze()
        gc.enable()


def sample_paths(folder: Path | None = None) -> list[Path]:
    """The bundled sample reports (or those in `folder`), sorted."""
    if folder is None:
        from importlib import resources

        folder = Path(str(resources.files("raceview") / "data" / "samples"))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")


def import_samples(store: Store, folder: Path | None = None) -> tuple[int, int]:
    """Import the sample reports through the real pipeline; return (documents, races)."""
    from raceview.ingest import ingest
    from raceview.sources.files import FileRejected, read_file

    raws = []
    for path in sample_paths(folder):
        try:
            raws.append(read_file(path, source="sample"))
        except FileRejected:
            continue
    done = ingest(store, raws)
    return len(done), len(store.race_ids())


def analyse_version(store: Store, document_id: int) -> DocumentAnalysis | None:
    """The analysis of one stored document, recomputed (nothing is written to the store)."""
    from raceview.analysis.pipeline import analyse

    stored = store.document(document_id)
    return None if stored is None else analyse(stored.raw)


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL with a host, else None."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return None
    return url.strip()


def open_in_browser(url: str) -> bool:
    """Open an http(s) URL with the system browser; False when refused or impossible."""
    import webbrowser

    safe = web_url(url)
    return bool(safe) and webbrowser.open(safe or "", new=2)


def write_export(path: Path, text: str) -> Path:
    """Write an export, creating the folder; return the absolute path."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.resolve()
