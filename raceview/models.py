"""Domain models: frozen pydantic classes shared by the store, analysis, exports and views."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from raceview.analysis.slug import race_id

SourceKind = Literal["feed", "page", "results", "dir"]
DocKind = Literal[
    "report", "results", "live", "gallery", "preview", "news", "roundup", "press_release"
]
Status = Literal["finished", "dnf", "dns", "dsq", "otl"]
Method = Literal["prose", "table", "headline"]
Gender = Literal["men", "women"]
RaceCategory = Literal["one-day", "stage"]
ClassificationKind = Literal["result", "gc"]

#: Kinds of document that report a race and may therefore create one.
RACE_KINDS: frozenset[str] = frozenset({"report", "results", "live", "gallery"})


class Frozen(BaseModel):
    """Base of every model: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def replaced(self, **changes: Any) -> Self:
        """`model_copy(update=changes)`: the same unvalidated copy at a third of its cost.

        The analysis copies a result row or two per rider; model_copy's generic copying of
        private and extra state, which these models never have, was a tenth of `reconcile`.
        """
        state = self.__dict__.copy()
        state.update(changes)
        return unvalidated(self.__class__, state, self.__pydantic_fields_set__.union(changes))


_new = object.__new__  # what BaseModel's instances are made with
_set_attribute = object.__setattr__  # the models are frozen

_Model = TypeVar("_Model", bound=BaseModel)


def unvalidated(cls: type[_Model], state: dict[str, Any], fields_set: set[str]) -> _Model:
    """An instance of `cls` with this `__dict__` and set fields, unvalidated (what `replaced`
    makes, for callers that build the new state themselves)."""
    made = _new(cls)
    _set_attribute(made, "__dict__", state)
    _set_attribute(made, "__pydantic_fields_set__", fields_set)
    _set_attribute(made, "__pydantic_extra__", None)
    _set_attribute(made, "__pydantic_private__", None)
    return made


class Source(Frozen):
    """A configured place raceview refreshes from."""

    name: str
    kind: SourceKind
    url: str | None = None
    path: str | None = None
    enabled: bool = True
    refresh_minutes: int = 60


class RawDocument(Frozen):
    """Bytes exactly as received, with where and when they came from."""

    body: bytes
    origin: str  # URL or absolute path
    content_type: str  # "text/html", "text/plain", "text/markdown", ...
    fetched_at: dt.datetime
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    source: str | None = None  # the source name, or None for a direct import


class Provenance(Frozen):
    """Where a result row came from: the document, the span and the sentence."""

    document_id: int | None = None
    article_id: int | None = None
    start: int
    end: int
    sentence: str
    method: Method


class ResultRow(Frozen):
    """One line of a classification."""

    pos: int | None
    rider: str
    team: str | None = None
    nationality: str | None = None
    gap_s: int | None = None
    time_s: int | None = None
    status: Status = "finished"
    provenance: Provenance | None = None
    warnings: tuple[str, ...] = ()


class RaceFacts(Frozen):
    """What one document says about the race it reports; any field may be unknown."""

    name: str
    year: int
    stage: str | None = None
    date: dt.date | None = None
    category: RaceCategory | None = None
    gender: Gender = "men"
    distance_km: float | None = None
    start: str | None = None
    finish: str | None = None
    edition: int | None = None
    date_from_dateline: bool = False

    @property
    def race_id(self) -> str:
        """Slug of the canonical name, the year and the stage (or the date of an unnumbered
        day of a stage race)."""
        day = None if self.stage else self.day_id
        return day or race_id(self.name, self.year, self.stage)

    @property
    def day_id(self) -> str | None:
        """The id of the day of a stage race ('tour-de-france-2024-07-05'); None when unknown.

        A report that never says which stage it is goes under this id, and joins the numbered
        stage raced that day when another report names it.
        """
        if self.category != "stage" or self.date is None:
            return None
        return race_id(self.name, self.year, None, self.date)


class DocumentAnalysis(Frozen):
    """Everything the analyser made of one raw document (a pure function of it)."""

    analyser_version: int
    kind: DocKind
    title: str
    standfirst: str = ""
    published: dt.date | None = None
    url: str | None = None
    text: str
    captions: tuple[str, ...] = ()
    stub: bool = False
    race: RaceFacts | None = None
    results: tuple[ResultRow, ...] = ()
    gc: tuple[ResultRow, ...] = ()
    warnings: tuple[str, ...] = ()


class Race(Frozen):
    """A race (or stage) as the store knows it after reconciling every document."""

    id: str
    name: str
    year: int
    stage: str | None = None
    date: dt.date | None = None
    category: RaceCategory | None = None
    gender: Gender = "men"
    distance_km: float | None = None
    start: str | None = None
    finish: str | None = None
    edition: int | None = None
    winner: str | None = None
    updated_at: dt.datetime | None = None
    n_articles: int = 0
    n_versions: int = 0


class Conflict(Frozen):
    """Two documents disagree about a fact; the chosen value and all the others."""

    field: str
    values: tuple[str, ...]
    chosen: str
    sources: tuple[int, ...]  # document ids


class ArticleVersion(Frozen):
    """One stored document of an article."""

    document_id: int
    sha256: str
    origin: str
    fetched_at: dt.datetime
    title: str
    length: int
    stub: bool = False


class Article(Frozen):
    """One story about a race, with every version of it and the text of the best one."""

    id: int
    race_id: str
    title: str
    standfirst: str = ""
    kind: DocKind
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    text: str
    captions: tuple[str, ...] = ()
    versions: tuple[ArticleVersion, ...] = Field(default_factory=tuple)


class Classification(Frozen):
    """A race or stage result, or the general classification after it."""

    kind: ClassificationKind
    rows: tuple[ResultRow, ...]


class RaceDetail(Frozen):
    """A race with everything the views need: results, GC, conflicts, articles."""

    race: Race
    results: tuple[ResultRow, ...] = ()
    gc: tuple[ResultRow, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    articles: tuple[Article, ...] = ()


class SourceHealth(Frozen):
    """What happened the last times a source was refreshed."""

    name: str
    last_attempt: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    cooldown_until: dt.datetime | None = None
    items_seen: int = 0
