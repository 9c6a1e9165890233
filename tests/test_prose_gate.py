"""The one scan per sentence answers each cue pattern's needle test, and gated reading finds
what reading every sentence with every reader and every pattern finds."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import corpus_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import cues, gaps, prose
from raceview.analysis.mentions import Riders
from raceview.analysis.pipeline import analyse
from raceview.analysis.prefilter import prefiltered
from raceview.analysis.prose import Segment, prose_claims, register_riders
from raceview.analysis.prose_gate import GATE, NeedleGate
from raceview.models import RaceFacts, RawDocument

CORPUS = Path(__file__).parent / "corpus" / "docs"
_NEEDLES = sorted({n for p in GATE.patterns for n in p.needles or ()})


@contextmanager
def ungated() -> Iterator[None]:
    """Every pattern "may match" every sentence: each reader reads each cue sentence, and each
    cue pattern runs without its needle test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NeedleGate, "scan", lambda self, text: -1)  # every bit set
        yield


def _gate_answers_each_needle_test(text: str) -> None:
    bits = GATE.scan(text)
    for pattern in GATE.patterns:
        assert bool(bits & GATE.bit(pattern)) == pattern.holds_needle(text), pattern.pattern


def test_the_gate_answers_each_needle_test_in_the_corpus() -> None:
    lines = corpus_lines()
    assert len(lines) > 1000
    for line in lines:
        _gate_answers_each_needle_test(line)


_NEEDLE_PIECES = st.one_of(
    st.sampled_from(_NEEDLES),
    st.sampled_from(_NEEDLES).map(str.upper),
    st.sampled_from(_NEEDLES).map(str.title),
    st.sampled_from(["İ", "ı", "ſ", "\u212a", " ", ",", "'", "’", "1:02", "/"]),
    st.text(max_size=4),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_NEEDLE_PIECES, max_size=12).map("".join))
def test_the_gate_answers_each_needle_test_where_needles_overlap(text: str) -> None:
    _gate_answers_each_needle_test(text)


def test_overlapping_and_nested_needles_are_all_found() -> None:
    gate = NeedleGate(
        [
            prefiltered(r"wonder\w*"),
            prefiltered(r"derby"),
            prefiltered(r"\bon\b"),
            prefiltered(r"nde"),
        ]
    )
    bits = gate.scan("the wonderby")  # "derby" starts inside "wonder"; "on", "nde" inside it
    assert bits == 0b1111
    assert gate.scan("won") == gate.bit(gate.patterns[2])


def test_a_gate_needs_needles() -> None:
    with pytest.raises(ValueError):
        NeedleGate([prefiltered(r"\d+")])


def test_every_reader_has_its_gate() -> None:
    assert len(prose._READER_GATES) == len(prose._READERS)
    assert all(gate is None or gate > 0 for gate in prose._READER_GATES)
    gated = [
        reader
        for (reader, _), gate in zip(prose._READERS, prose._READER_GATES, strict=True)
        if gate
    ]
    assert prose._SentenceReader._gaps not in gated
    # the patterns the reader looks for are the ones its gate names
    assert GATE.bit(cues.SPRINT_WON_BY) and GATE.bit(cues.LED_GROUP)
    assert GATE.found_in(GATE.scan("won"), cues.ANY_CUE.parts, "Vingegaard won")


def _raw(text: str) -> RawDocument:
    body = text.encode()
    return RawDocument(
        body=body,
        origin="/tmp/report.txt",
        content_type="text/plain",
        fetched_at=dt.datetime(2024, 4, 8, tzinfo=dt.UTC),
        sha256=hashlib.sha256(body).hexdigest(),
    )


def _clear_caches() -> None:
    gaps._find_gaps.cache_clear()


def test_gated_analysis_equals_ungated_on_the_corpus() -> None:
    docs = [p for p in sorted(CORPUS.glob("*")) if p.suffix in (".txt", ".md")]
    assert len(docs) > 50
    for path in docs:
        raw = _raw(path.read_text(encoding="utf-8", errors="replace"))
        gated = analyse(raw).model_dump_json()
        with ungated():
            assert analyse(raw).model_dump_json() == gated, path.name


_RIDERS = ["Tadej Pogacar", "Jonas Vingegaard", "Remco Evenepoel", "Demi Vollering"]
_WORDS = sorted(
    {
        *(n for n in _NEEDLES if n.strip() and len(n) > 2),
        *gaps._UNITS,
        "second",
        "seconds",
        "the",
        "by",
        "and",
        "at",
        "ahead of",
        "behind",
        "who",
        "he",
        "she",
        "in 2019",
        "last year",
        "today",
        "1:02",
        "+0:13",
        "12 seconds",
        "s.t.",
        "4'12\"",
        "(UAE Team Emirates)",
        ", the 2015 world champion,",
        ";",
        ":",
        ", while",
    }
)
_SENTENCE = st.lists(
    st.one_of(
        st.sampled_from(_RIDERS),
        st.sampled_from(["Pogacar", "Vingegaard", "The Slovenian", "The rider"]),
        st.sampled_from(_WORDS),
        st.sampled_from(_WORDS).map(str.title),
    ),
    min_size=1,
    max_size=14,
).map(lambda words: " ".join(words) + ".")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_SENTENCE, min_size=1, max_size=5),
    st.sampled_from(["stage", "one-day"]),
    st.booleans(),
)
def test_gated_prose_claims_equal_ungated(sentences: list[str], category: str, stage: bool) -> None:
    race = RaceFacts(
        name="Tour de France",
        year=2024,
        stage="5" if stage else None,
        category=category,  # type: ignore[arg-type]
    )
    paragraph = " ".join(sentences)
    segs = [Segment(sentences[0], 0, "headline"), Segment(paragraph, 10, "prose")]

    def read() -> list[object]:
        riders = Riders()
        register_riders(segs, riders)
        _clear_caches()
        return [repr(c) for c in prose_claims(segs, race, riders)]

    gated = read()
    with ungated():
        assert read() == gated


def test_the_ungated_reading_is_the_plain_one() -> None:
    """The reference path really runs every reader: a reader gated out would not be called."""
    called: list[str] = []
    sentence = "Tadej Pogacar won the stage ahead of Jonas Vingegaard."
    race = RaceFacts(name="Tour de France", year=2024, stage="5", category="stage")
    original = prose._SentenceReader._medals

    def medals(self: prose._SentenceReader) -> None:
        called.append(self.text)
        original(self)

    with pytest.MonkeyPatch.context() as patch:
        readers = tuple(
            (medals if reader is original else reader, rare) for reader, rare in prose._READERS
        )
        patch.setattr(prose, "_READERS", readers)
        riders = Riders()
        segs = [Segment(sentence, 0, "prose")]
        register_riders(segs, riders)
        prose_claims(segs, race, riders)
        assert called == []  # no medal word: gated out
        with ungated():
            prose_claims(segs, race, riders)
        assert called == [sentence]
    assert re.search("silver|bronze", sentence) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(['"', "'", "“", "”", "‘", "’", " said", "Pogacar", " ", ","]),
            st.text(max_size=14),
        ),
        max_size=10,
    ).map("".join)
)
def test_quotes_are_blanked_as_the_quote_pattern_blanks_them(text: str) -> None:
    assert prose._blank_quotes(text) == cues.QUOTE.compiled.sub(prose._blank, text)


def _plain_mentions(reader: prose._SentenceReader) -> list[tuple[object, ...]]:
    """The reader's mentions as read with the full pronoun search in every sentence."""
    found = []
    for m in prose.find_mentions(reader.text):
        m.rider = reader._rider(m.name)
        if m.rider is not None:
            found.append(m)
    pronoun = cues.PRONOUN.search(reader.text) if reader.previous_subject else None
    if pronoun and reader.previous_subject and not any(m.start < pronoun.start() for m in found):
        found.insert(
            0, prose.Mention(pronoun.start(), pronoun.end(), "", rider=reader.previous_subject)
        )
    target = reader.winner or reader.previous_subject
    descriptor = cues.DESCRIPTOR.match(reader.text) if target else None
    if descriptor and target and not any(m.start < descriptor.end() for m in found):
        team = prose._team_in(descriptor.group(0))
        found.insert(0, prose.Mention(descriptor.start(), descriptor.end(), "", team, rider=target))
    return [(m.start, m.end, m.name, m.team, m.rider) for m in found]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        _SENTENCE,
        _SENTENCE.map(lambda s: "He " + s),
        _SENTENCE.map(lambda s: "She said " + s),
        _SENTENCE.map(lambda s: "The Slovenian " + s),
        _SENTENCE.map(lambda s: "Then he " + s),
        _SENTENCE.map(lambda s: "Tadej Pogacar said she " + s),
    ),
    st.sampled_from([None, "Tadej Pogacar"]),
    st.sampled_from([None, "Remco Evenepoel"]),
)
def test_a_sentence_reads_its_mentions_as_the_full_pronoun_search_does(
    sentence: str, previous: str | None, winner: str | None
) -> None:
    race = RaceFacts(name="Tour de France", year=2024, stage="5", category="stage")
    riders = Riders()
    segs = [Segment(sentence, 0, "prose")]
    register_riders(segs, riders)
    reader = prose._SentenceReader(
        prose.Sentence(sentence, 0, len(sentence)), segs[0], race, riders, 1, previous, winner
    )
    read = [(m.start, m.end, m.name, m.team, m.rider) for m in reader.mentions]
    assert read == _plain_mentions(reader)
