"""A cleaned document: what the analysis steps after cleaning work on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from raceview.analysis.furniture import is_result_row


@dataclass(frozen=True)
class HtmlTable:
    """A table of an HTML page: the heading or caption before it, and its rows of cells."""

    label: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class CleanDocument:
    """Title, standfirst and clean body text, with captions kept apart."""

    title: str
    standfirst: str
    text: str  # paragraphs joined by blank lines; provenance spans index into it
    published: dt.date | None = None
    dateline: bool = False  # `published` came from a ` date YYYY-MM-DD ` line
    url: str | None = None
    captions: tuple[str, ...] = ()
    stub: bool = False
    html_tables: tuple[HtmlTable, ...] = field(default=())
    content_type: str = "text/plain"
    removed: tuple[str, ...] = ()  # the furniture taken out (it still tells what a page is)

    @cached_property  # read by every step that identifies the race
    def paragraphs(self) -> tuple[str, ...]:
        """The body's paragraphs."""
        return tuple(p for p in self.text.split("\n\n") if p.strip())

    @cached_property  # the kind's tally and the race's zones both skip a table's rows
    def row_flags(self) -> tuple[bool, ...]:
        """Whether each paragraph is a results-table row with a time (`is_result_row`)."""
        return tuple(map(is_result_row, self.paragraphs))
