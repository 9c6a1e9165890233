"""The prefilter never changes what a pattern finds: it only skips texts that cannot match."""

from __future__ import annotations

import re

import pytest
from helpers import corpus_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import (
    captions,
    cues,
    facts,
    furniture,
    gaps,
    identify,
    mentions,
    tables,
)
from raceview.analysis.prefilter import (
    Alternation,
    Prefiltered,
    first_chars,
    folded,
    prefiltered,
    required_strings,
    with_first_chars,
)

ALTERNATIONS = {
    f"cues.{name}": value for name, value in vars(cues).items() if isinstance(value, Alternation)
}
PATTERNS = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in (captions, cues, facts, furniture, gaps, identify, mentions, tables)
    for name, value in vars(module).items()
    if isinstance(value, Prefiltered)
}


def test_the_costly_cue_patterns_are_prefiltered() -> None:
    """A Python whose `re` internals differ would silently lose the gain: this notices."""
    for name in ("cues.WIN", "cues.CUES_AT", "cues.OBJECT_MARKERS", "gaps._VAGUE"):
        assert PATTERNS[name].needles, name
    assert {"win", "won"} <= (PATTERNS["cues.WIN"].needles or set())


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"\b(?:win|wins|won|winning)\b", {"win", "won"}),
        (
            r"(?:took|takes?) the (?:stage|race)",
            {
                f"{verb} the {what}"
                for verb in ("took", "take", "takes")
                for what in ("stage", "race")
            },
        ),
        (r"\d+ seconds?", {" second"}),
        (r"\bphoto[- ]finish\b", {"photo finish", "photo-finish"}),
        (r"\d{1,2}:\d\d", None),  # digits only: nothing to look for
        (r"(?:a|b)c?", None),  # one-letter needles would gain nothing
    ],
)
def test_required_strings(pattern: str, needles: set[str] | None) -> None:
    found = required_strings(re.compile(pattern, re.IGNORECASE))
    assert (set(found) if found is not None else None) == needles


def test_folding_is_how_ignorecase_compares() -> None:
    # re.IGNORECASE equates 'i' with the dotted capital and the dotless i, 's' with the long s
    assert re.search("win", "WİN", re.IGNORECASE) and "win" in folded("WİN")
    assert re.search("win", "wın", re.IGNORECASE) and "win" in folded("wın")
    assert re.search("second", "ſecond", re.IGNORECASE) and "second" in folded("ſecond")
    assert re.search("kom", "\u212aOM", re.IGNORECASE) and "kom" in folded("\u212aOM")


def _same(pattern: Prefiltered, text: str) -> None:
    compiled = re.compile(pattern.pattern, pattern.flags)  # as written: no prefilter, no look-ahead
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert bool(pattern.search(text)) == bool(compiled.search(text))
    assert bool(pattern.match(text)) == bool(compiled.match(text))
    assert pattern.sub("#", text) == compiled.sub("#", text)
    assert pattern.split(text) == compiled.split(text)


def _joined(alternation: Alternation) -> re.Pattern[str]:
    """The one pattern an alternation stands for."""
    return re.compile("|".join(p.pattern for p in alternation.parts), re.IGNORECASE)


def _same_alternation(alternation: Alternation, text: str) -> None:
    assert alternation.found_in(text) == bool(_joined(alternation).search(text))


def test_every_prefiltered_pattern_finds_the_same_in_the_corpus() -> None:
    lines = corpus_lines()
    assert len(lines) > 1000
    matched = dict.fromkeys(PATTERNS, 0)
    for name, pattern in PATTERNS.items():
        for line in lines:
            _same(pattern, line)
            matched[name] += bool(re.search(pattern.pattern, line, pattern.flags))
    assert all(matched[n] > 20 for n in ("cues.WIN", "cues.CUES_AT", "gaps._VAGUE")), matched


_WORDS = sorted({n for p in PATTERNS.values() for n in (p.needles or ())})
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.title),
    st.sampled_from(["İ", "ı", "ſ", "\u212a", " ", ",", "'", "’", "1:02", "12", "s.t."]),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_every_prefiltered_pattern_finds_the_same_in_generated_text(text: str) -> None:
    for pattern in PATTERNS.values():
        _same(pattern, text)


def test_the_cue_alternation_finds_what_its_joined_pattern_finds_in_the_corpus() -> None:
    assert set(ALTERNATIONS) == {"cues.ANY_CUE"}
    lines = corpus_lines()
    for line in lines:
        for alternation in ALTERNATIONS.values():
            _same_alternation(alternation, line)
    assert sum(cues.ANY_CUE.found_in(line) for line in lines) > 500


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_the_cue_alternation_finds_what_its_joined_pattern_finds_in_generated_text(
    text: str,
) -> None:
    for alternation in ALTERNATIONS.values():
        _same_alternation(alternation, text)


def _same_cue_test(text: str) -> None:
    assert cues.has_cue(text) == bool(_joined(cues.ANY_CUE).search(text))


def test_has_cue_is_whether_the_joined_cue_pattern_matches_in_the_corpus() -> None:
    for line in corpus_lines():
        _same_cue_test(line)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(_PIECES, st.sampled_from(["SECOND", "ſecond", "Minute", "minutes", "٣", "x2"])),
        max_size=12,
    ).map(" ".join)
)
def test_has_cue_is_whether_the_joined_cue_pattern_matches_in_generated_text(text: str) -> None:
    _same_cue_test(text)


def test_the_look_ahead_admits_every_first_character() -> None:
    assert first_chars(re.compile(r"\b(?:won|took)\b", re.I)) == "tw"
    assert first_chars(re.compile(r"(?<![\w.])(?=\+?\d)(\+)?\d*")) == r"\+\d"
    assert first_chars(re.compile(r"(?:the )?race")) == "rt"
    assert first_chars(re.compile(r"x*")) is None  # can match nothing, anywhere
    assert first_chars(re.compile(r"(?i:press) release")) is None  # scoped flags: unknown
    assert first_chars(re.compile(r".x")) is None  # any character
    lead = with_first_chars(re.compile(r"\b(?:won|took)\b", re.I))
    assert lead.pattern.startswith("(?=[tw])") and lead.flags == re.compile("", re.I).flags
    assert [m.span() for m in lead.finditer("He WON; she took it")] == [(3, 6), (12, 16)]


def test_a_pattern_with_nothing_to_look_for_always_runs() -> None:
    digits = prefiltered(r"\d+")
    assert digits.needles is None
    assert digits.search("stage 4") is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_the_needle_test_is_whether_the_folded_text_holds_a_needle(text: str) -> None:
    # the trie-shaped search each pattern's needle test runs says what `in` would say
    for pattern in PATTERNS.values():
        if pattern.needles is not None:
            assert pattern.holds_needle(text) == any(n in folded(text) for n in pattern.needles)


def test_the_trie_of_needles_keeps_only_the_shortest_of_a_prefix() -> None:
    holds = Prefiltered(re.compile("x"), frozenset({"win", "winner", "won", "/"})).holds_needle
    assert holds("a WIN") and holds("Won") and holds("3/1") and not holds("wi n wo")


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join), st.integers(0, 80), st.integers(0, 80))
def test_a_text_without_history_needles_has_no_part_history_matches(
    text: str, start: int, size: int
) -> None:
    part = text[start : start + size]
    if cues.HISTORY.search(part):
        assert cues.HISTORY_ANYWHERE.holds_needle(text)
    years = {y for m in re.finditer(r"\b((?:19|20)\d\d)\b", part) for y in m.groups()}
    assert years <= set(cues.YEAR_ANYWHERE.findall(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES | st.sampled_from([";", ":", ", but", ", as", ",  while"]), max_size=12).map(
        " ".join
    ),
    st.integers(0, 80),
)
def test_a_text_without_clause_marks_has_no_part_a_clause_cue_matches(text: str, at: int) -> None:
    if cues.CLAUSE_START.search(text[:at]) or cues.CLAUSE_END.search(text[at:]):
        assert cues.CLAUSE_MARK.search(text)
