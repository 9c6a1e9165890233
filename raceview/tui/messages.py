"""Messages that workers post to the screen, named for what has happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import DocumentAnalysis, RaceDetail, SourceHealth
    from raceview.store import RaceLine


@dataclass
class RacesLoaded(Message):
    """The race list (with unseen marks) was read from the store."""

    races: list[RaceLine]
    last_updated: dt.datetime | None


@dataclass
class ListPainted(Message):
    """The race list has been painted for the first time: deferred loading may start."""


@dataclass
class SearchLoaded(Message):
    """The races' search texts (id -> folded text) were read, after the list."""

    search: dict[str, str]


@dataclass
class DetailLoaded(Message):
    """A race's detail was read (None when it has vanished meanwhile)."""

    race_id: str
    detail: RaceDetail | None


@dataclass
class DetailsReadAhead(Message):
    """The details of the races around the cursor were read ahead (`generation`: of the list)."""

    details: dict[str, RaceDetail | None]
    generation: int


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
