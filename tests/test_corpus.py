"""The analyser against the team corpus: floors that a regression would break.

The figures themselves are printed by `benchmarks/extraction.py`; these floors sit a little under
the measured values so that a change that makes extraction worse fails here.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from corpus_eval import Report, cases, evaluate

from raceview.analysis.pipeline import analyse
from raceview.ingest import ingest
from raceview.store import Store


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(cases())


def test_corpus_is_large_and_varied() -> None:
    docs = cases()
    assert len([c for c in docs if c.name.startswith("r")]) >= 80
    assert len([c for c in docs if c.name.startswith("d")]) >= 60
    assert len({c.expected.get("style") for c in docs}) >= 8
    assert {c.path.suffix for c in docs} == {".txt", ".md", ".html"}


def test_results_precision_recall(report: Report) -> None:
    assert report.results.precision >= 0.98, report.results.failures[:20]
    assert report.results.recall >= 0.945, report.results.failures[:20]


def test_result_gaps(report: Report) -> None:
    assert report.results.gap_accuracy >= 0.97, report.results.failures[:20]


def test_general_classification(report: Report) -> None:
    assert report.gc.f1 >= 0.90, report.gc.failures[:20]
    assert report.gc.gap_accuracy >= 0.93


def test_race_identification_and_kind(report: Report) -> None:
    assert report.races_right / report.races_total >= 0.85, report.failures[:20]
    assert report.kinds_right / report.kinds_total >= 0.96, report.failures[:20]


def test_furniture_never_reaches_the_text(report: Report) -> None:
    assert report.furniture_clean / report.furniture_total >= 0.97, report.failures[:20]
    assert report.story_kept / report.story_total >= 0.97, report.failures[:20]


def test_no_results_invented_where_no_race_is_reported() -> None:
    for case in cases():
        if case.expected.get("race") is None:
            analysis = analyse(case.raw())
            assert analysis.race is None, case.name
            assert not analysis.results, case.name


def test_versions_of_one_story_merge_into_one_article(tmp_path: Path) -> None:
    store = Store(tmp_path / "rv.db")
    docs = [c for c in cases("d") if c.expected.get("story")]
    done = ingest(store, [c.raw() for c in docs])
    by_story: dict[str, set[int]] = defaultdict(set)
    race_ids = {d.race_id for d in done if d.race_id}
    article_of: dict[int, int] = {}
    for race_id in race_ids:
        detail = store.race_detail(race_id)
        assert detail is not None
        for article in detail.articles:
            for version in article.versions:
                article_of[version.document_id] = article.id
    for case, item in zip(docs, done, strict=True):
        if item.document_id in article_of:
            by_story[case.expected["story"]].add(article_of[item.document_id])
    merged = [story for story, articles in by_story.items() if len(articles) == 1]
    assert len(merged) / len(by_story) >= 0.85, dict(by_story)
