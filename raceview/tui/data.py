"""Store reads and writes the screen runs in thread workers (no Textual here)."""

from __future__ import annotations

import datetime as dt
import threading
import webbrowser
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from raceview.store import Store

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import DocumentAnalysis
    from raceview.store import RaceLine


def load_race_list(store: Store) -> list[RaceLine]:
    """Every race (newest first) as a list line, with its unseen mark; no models are built."""
    return store.race_lines()


def load_search_index(store: Store) -> dict[str, str]:
    """Each race id with its folded search text (riders, teams), for the filter."""
    return store.race_search_index()


RaceList = tuple[list["RaceLine"], "dt.datetime | None"]


class Preload:
    """The race list (and when it last changed) read in a thread from the moment the app is
    built, while Textual starts: the first frame can show it. Not on a first run, when the
    bundled samples must be imported first."""

    def __init__(self, store: Store, import_samples: bool) -> None:
        self._done = threading.Event()
        self._value: RaceList | None = None
        self._taken = False
        args = (store, import_samples)
        threading.Thread(target=self._run, args=args, name="race list", daemon=True).start()

    def _run(self, store: Store, import_samples: bool) -> None:
        try:
            if not (import_samples and store.count_documents() == 0):
                self._value = (load_race_list(store), store.last_updated())
        except Exception:  # the worker reads the list again and reports the error
            self._value = None
        finally:
            self._done.set()

    def take(self, timeout: float | None) -> RaceList | None:
        """The list when read within `timeout` seconds; only once."""
        if self._taken or not self._done.wait(timeout):
            return None
        self._taken = True
        return self._value


def sample_paths(folder: Path | None = None) -> list[Path]:
    """The bundled sample reports (or those in `folder`), sorted."""
    if folder is None:
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
    safe = web_url(url)
    return bool(safe) and webbrowser.open(safe or "", new=2)


def write_export(path: Path, text: str) -> Path:
    """Write an export, creating the folder; return the absolute path."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.resolve()
