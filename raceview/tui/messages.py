"""Messages that workers post to the screen, named for what has happened.

Plain classes, not dataclasses: eleven dataclasses cost ~6 ms of the dashboard's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import DocumentAnalysis, RaceDetail, SourceHealth
    from raceview.tui.data import Races


class RacesLoaded(Message):
    """The race list (with unseen marks) was read from the store, or its first races."""

    def __init__(self, races: Races) -> None:
        super().__init__()
        self.races = races


class ListPainted(Message):
    """The race list has been painted for the first time: deferred loading may start."""


class SearchLoaded(Message):
    """The races' search texts (id -> folded text) were read, after the list."""

    def __init__(self, search: dict[str, str]) -> None:
        super().__init__()
        self.search = search


class DetailLoaded(Message):
    """A race's detail was read (None when it has vanished meanwhile)."""

    def __init__(self, race_id: str, detail: RaceDetail | None) -> None:
        super().__init__()
        self.race_id, self.detail = race_id, detail


class DetailsReadAhead(Message):
    """The details of the races around the cursor were read ahead (`generation`: of the list)."""

    def __init__(self, details: dict[str, RaceDetail | None], generation: int) -> None:
        super().__init__()
        self.details, self.generation = details, generation


class SamplesImported(Message):
    """The bundled sample reports were imported into an empty store."""

    def __init__(self, documents: int, races: int) -> None:
        super().__init__()
        self.documents, self.races = documents, races


class VersionLoaded(Message):
    """Another version of an article was analysed for display."""

    def __init__(self, document_id: int, analysis: DocumentAnalysis | None) -> None:
        super().__init__()
        self.document_id, self.analysis = document_id, analysis


class CopyFinished(Message):
    """The native clipboard attempt ended (OSC 52 has been sent already)."""

    def __init__(self, native: bool, how: str, rows: int, what: str) -> None:
        super().__init__()
        self.native, self.how, self.rows, self.what = native, how, rows, what


class ExportWritten(Message):
    """An export was written to a file."""

    def __init__(self, path: str, rows: int) -> None:
        super().__init__()
        self.path, self.rows = path, rows


class RefreshProgressed(Message):
    """A refresh has finished `done` of `total` sources."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class RefreshFinished(Message):
    """A refresh ended; `failures` lists (source, reason) and `summary` says what changed."""

    def __init__(self, summary: str, failures: list[tuple[str, str]]) -> None:
        super().__init__()
        self.summary, self.failures = summary, failures


class HealthLoaded(Message):
    """Source health was read from the store."""

    def __init__(self, health: list[SourceHealth]) -> None:
        super().__init__()
        self.health = health
