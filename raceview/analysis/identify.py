"""Which kind of document, and which race it reports (placeholder until the catalogue lands)."""

from __future__ import annotations

from raceview.analysis.document import CleanDocument
from raceview.models import DocKind, RaceFacts


def classify_kind(doc: CleanDocument) -> DocKind:
    """The kind of document."""
    return "report"


def identify_race(doc: CleanDocument, kind: DocKind) -> RaceFacts | None:
    """The race the document reports, or None."""
    return None
