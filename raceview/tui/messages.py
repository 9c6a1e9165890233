"""Messages that workers post to the screen, named for what has happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.message import Message

from raceview.models import DocumentAnalysis, Race, RaceDetail, SourceHealth


@dataclass
class RacesLoaded(Message):
    """The race list, its search index and the unseen ids were read from the store."""

    races: list[Race]
    search: dict[str, str]
    unseen: set[str]
    last_updated: dt.datetime | None


@dataclass
class DetailLoaded(Message):
    """A race's detail was read (None when it has vanished meanwhile)."""

    race_id: str
    detail: RaceDetail | None


@dataclass
class SamplesImported(Message):
    """The bundled sample reports were imported into an empty store."""

    documents: int
    races: int


@dataclass
class VersionLoaded(Message):
    """Another version of an article was analysed for display."""

    document_id: int
    analysis: DocumentAnalysis | None


@dataclass
class CopyFinished(Message):
    """The native clipboard attempt ended (OSC 52 has been sent already)."""

    native: bool
    how: str
    rows: int
    what: str


@dataclass
class ExportWritten(Message):
    """An export was written to a file."""

    path: str
    rows: int


@dataclass
class RefreshProgressed(Message):
    """A refresh has finished `done` of `total` sources."""

    done: int
    total: int


@dataclass
class RefreshFinished(Message):
    """A refresh ended; `failures` lists (source, reason) and `summary` says what changed."""

    summary: str
    failures: list[tuple[str, str]]


@dataclass
class HealthLoaded(Message):
    """Source health was read from the store."""

    health: list[SourceHealth]
