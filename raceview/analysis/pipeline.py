"""The analysis seam: one pure, versioned entry point from a raw document to its analysis."""

from __future__ import annotations

from raceview.analysis.clean import read_document
from raceview.analysis.extract import extract_classifications
from raceview.analysis.identify import classify_kind, identify_race, reports_result
from raceview.models import RACE_KINDS, DocumentAnalysis, RawDocument, ResultRow

#: Bump when the analysis changes, so `raceview reindex` knows what is stale.
ANALYSER_VERSION = 3  # 3: HTML main text from trafilatura's own extractor first


def analyse(raw: RawDocument) -> DocumentAnalysis:
    """Everything raceview makes of one raw document. Pure: no I/O, no clock."""
    doc = read_document(raw)
    kind = classify_kind(doc)
    reports = kind in RACE_KINDS or (kind == "press_release" and reports_result(doc))
    race = identify_race(doc, kind, raw.fetched_at.year) if reports else None
    results: tuple[ResultRow, ...] = ()
    gc: tuple[ResultRow, ...] = ()
    if race is not None and kind != "gallery":
        results, gc = extract_classifications(doc, race)
    return DocumentAnalysis(
        analyser_version=ANALYSER_VERSION,
        kind=kind,
        title=doc.title,
        standfirst=doc.standfirst,
        published=doc.published,
        url=doc.url,
        text=doc.text,
        captions=doc.captions,
        stub=doc.stub,
        race=race,
        results=results,
        gc=gc,
        warnings=tuple(w for r in (*results, *gc) for w in r.warnings),
    )
