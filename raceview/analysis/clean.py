"""Raw document to clean text (placeholder)."""

from __future__ import annotations

from raceview.analysis.document import CleanDocument
from raceview.analysis.text import safe_text
from raceview.models import RawDocument


def read_document(raw: RawDocument) -> CleanDocument:
    """Title, standfirst, clean text and captions of a raw document."""
    text = safe_text(raw.body, raw.content_type)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return CleanDocument(
        title=lines[0] if lines else "",
        standfirst=lines[1] if len(lines) > 1 else "",
        text="\n\n".join(lines[2:]),
    )
