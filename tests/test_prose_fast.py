"""The prose reader's and gap finder's quick checks answer what the plain code answers."""

from __future__ import annotations

import re

from helpers import corpus_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import catalogue, gaps, prose, sentences
from raceview.analysis.catalogue import norm

_I = re.IGNORECASE


# Pieces that make the checks' edge cases likely: sentence marks, gap words, the words the
# `\s*$` patterns end with, whitespace of several kinds, characters IGNORECASE folds oddly.
_PIECES = st.sampled_from(
    [
        "a further", "another", "Additional", "FURTHER", "in", "IN", "of", "clocked",
        "clocking", "time", "in a winning time of", "covered 40 km in", "time of", " ", "  ",
        "\n", "\t", "\u00a0", "\u2003", ".", "!", "?", "…", ". ", "! ", '." ', "…” ", "J. ",
        "U.S. ", "St. ", "A", "The", "1", "12", "6.8", "1:02", "0:13", "+0:13", "'", "’", "′",
        "1'05\"", "seconds", "sec", "s", "minute", "min", "m", "h", "hours", "one", "two",
        "twenty-five", "a", "an", "and", "behind", "back", "later", "down", "ſ", "İ", "ı",
        "K", "ﬀ", "\x1c", "\x85", "\u2028", "not", "NOT", "failed to", "without", "wıthout",
        "never", "by", "with", "of", "a", "the", "his", "her", "their", "its", "was", "stage",
        "finished", "came", "placed", "margin of", "Tour de France", "Giro d'Italia",
        "Paris-Roubaix", "won", "x", ",", ", and", " and", "behind", "ahead of", "held off",
        "edged out", "edging out", "than", "for", "outsprinted", "joining", "overtaking",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=16).map("".join)


def _plain_split(text: str, offset: int) -> list[sentences.Sentence]:
    """`split_sentences` as it was: every boundary the pattern finds tried."""
    out: list[sentences.Sentence] = []
    start = 0
    for match in sentences._BOUNDARY.finditer(text):
        if sentences._is_abbreviation(text, match.start()):
            continue
        sentences._add(out, text, start, match.end(), offset)
        start = match.end()
    sentences._add(out, text, start, len(text), offset)
    return out


def _plain_kind(text: str, start: int, end: int, seconds: int, plus: bool) -> str:
    """`gaps._kind` without its checks of the last word."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    if plus:
        return "gap"
    if gaps._RELATIVE_BEFORE.search(before) or gaps._RELATIVE_AFTER.match(after):
        return "relative"
    if gaps._TIME_BEFORE.search(before) or (
        seconds >= 3600 and not re.match(r"\s*(?:down|behind|back)", after)
    ):
        return "time"
    return "gap"


def _first_number_with_unit(text: str) -> int | None:
    """Where the first number with its unit starts: the earlier of a digit's and a word's."""
    after = gaps._UNIT_AFTER
    words = gaps.first_letter_groups(gaps.NUMBER_BRANCHES)
    found = [
        m.start()
        for m in (re.search(rf"\d{after}", text, _I), re.search(rf"(?:{words}){after}", text, _I))
        if m is not None
    ]
    return min(found) if found else None


def _check(text: str) -> None:
    assert sentences.split_sentences(text, 7) == _plain_split(text, 7)
    first = gaps._NUMBER_WITH_UNIT.search(text)
    assert (first.start() if first else None) == _first_number_with_unit(text)
    for end in range(len(text) + 1):
        for seconds, plus in ((13, False), (3700, False)):
            assert gaps._kind(text, 0, end, seconds, plus) == _plain_kind(
                text, 0, end, seconds, plus
            )
            assert gaps._kind(text, end, end, seconds, plus) == _plain_kind(
                text, end, end, seconds, plus
            )
    assert gaps._holds_prime_mark(text) == any(c in text for c in gaps._PRIME_MARKS)
    words = catalogue.norm_words(text)
    assert catalogue.race_alias_pattern().phrases_in(
        words
    ) == catalogue.race_alias_pattern().phrases(norm(text))


def test_the_quick_checks_answer_as_the_plain_code_in_the_corpus() -> None:
    lines = corpus_lines()
    assert len(lines) > 1000
    for line in lines:
        _check(line[:300])


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_the_quick_checks_answer_as_the_plain_code_in_generated_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_quick_checks_answer_as_the_plain_code_in_any_text(text: str) -> None:
    _check(text)


_END_ANCHORED = [v for v in vars(prose).values() if isinstance(v, prose._EndAnchored)]


def _check_end_anchored(text: str) -> None:
    for anchored in _END_ANCHORED:
        found, plain = anchored.search(text), anchored.pattern.search(text)
        assert (found and found.span()) == (plain and plain.span()), anchored.pattern.pattern


def test_the_end_anchored_patterns_find_what_their_search_finds_in_the_corpus() -> None:
    assert len(_END_ANCHORED) == 6
    for line in corpus_lines():
        for end in range(len(line[:400]) + 1):
            _check_end_anchored(line[max(0, end - 40) : end])


@settings(max_examples=1000, deadline=None)
@given(_TEXTS)
def test_the_end_anchored_patterns_find_what_their_search_finds_in_generated_text(
    text: str,
) -> None:
    _check_end_anchored(text)
