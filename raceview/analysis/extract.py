"""Result and GC rows from a cleaned document (placeholder)."""

from __future__ import annotations

from raceview.analysis.document import CleanDocument
from raceview.models import RaceFacts, ResultRow


def extract_classifications(
    doc: CleanDocument, race: RaceFacts
) -> tuple[tuple[ResultRow, ...], tuple[ResultRow, ...]]:
    """(result rows, GC rows)."""
    return (), ()
