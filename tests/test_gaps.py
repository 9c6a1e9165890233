"""Every gap notation the results issue lists, and the vague margins that must stay unknown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import gaps
from raceview.analysis.gaps import find_gaps, parse_time_cell


@pytest.mark.parametrize(
    ("text", "seconds", "kind"),
    [
        ("two seconds behind", 2, "gap"),
        ("at 13 seconds", 13, "gap"),
        ("13 seconds back", 13, "gap"),
        ("13sec", 13, "gap"),
        ("+13", 13, "gap"),
        ("+0:13", 13, "gap"),
        ("0:00:13", 13, "gap"),
        ("at 1:05", 65, "gap"),
        ("1'05\" down", 65, "gap"),
        ("1min 5sec", 65, "gap"),
        ("one minute and five seconds", 65, "gap"),
        ("a minute and five seconds", 65, "gap"),
        ("a three-second gap", 3, "gap"),
        ("nine seconds in arrears", 9, "gap"),
        ("by 21 seconds", 21, "gap"),
        ("0:45 down", 45, "gap"),
        ("twenty-one seconds", 21, "gap"),
        ("won by a second", 1, "gap"),
        ("a further 8 seconds back", 8, "relative"),
        ("in 4:12:09", 15129, "time"),
        ("4hr 12min 9sec", 15129, "time"),
        ("6 hours, 11 minutes, 45 seconds", 22305, "time"),
        ("6.8 seconds faster", 7, "gap"),
    ],
)
def test_gap_notations(text: str, seconds: int, kind: str) -> None:
    gaps = find_gaps(text)
    assert [(g.seconds, g.kind) for g in gaps] == [(seconds, kind)]


@pytest.mark.parametrize("text", ["same time", "s.t.", "at the same time", "in the same time"])
def test_same_time(text: str) -> None:
    assert [g.kind for g in find_gaps(text)] == ["same"]


@pytest.mark.parametrize(
    "text",
    [
        "by a bike length",
        "half a wheel",
        "a few seconds",
        "over 30 seconds",
        "more than two minutes",
        "just over a minute behind",
        "two lengths clear",
    ],
)
def test_vague_margins_are_unknown_never_zero(text: str) -> None:
    gaps = find_gaps(text)
    assert gaps and all(g.kind == "vague" and g.seconds is None for g in gaps)


@pytest.mark.parametrize(
    "text",
    ["at 15:42 CET", "the 203km race", "a second time", "took a second stage win", "stage 3"],
)
def test_things_that_are_not_gaps(text: str) -> None:
    assert find_gaps(text) == []


@pytest.mark.parametrize(
    ("cell", "seconds", "kind"),
    [("", None, "same"), (",,", None, "same"), ("s.t.", None, "same"), ("+0:06", 6, "gap")],
)
def test_table_cells(cell: str, seconds: int | None, kind: str) -> None:
    gap = parse_time_cell(cell)
    assert gap is not None
    assert (gap.seconds, gap.kind) == (seconds, kind)


# -- the number words grouped by first letter match as their plain alternation ------------------

_PLAIN_NUM = r"(?:\d{1,4}|" + "|".join(gaps.NUMBER_BRANCHES) + ")"
_NUMBER_PATTERNS = {"_UNIT_RUN": gaps._UNIT_RUN, "_VAGUE": gaps._VAGUE}
_CORPUS = Path(__file__).parent / "corpus" / "docs"


def _same_as_plain(text: str) -> None:
    for name, pattern in _NUMBER_PATTERNS.items():
        assert gaps._NUM in pattern.pattern, name
        plain = re.compile(pattern.pattern.replace(gaps._NUM, _PLAIN_NUM), pattern.flags)
        found = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in plain.finditer(text)], name


def test_grouped_number_words_match_as_the_plain_alternation_in_the_corpus() -> None:
    lines = [
        line
        for path in sorted(_CORPUS.glob("*"))
        if path.suffix in (".txt", ".md")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    assert len(lines) > 1000
    for line in lines:
        _same_as_plain(line)


_NUMBER_PIECES = st.one_of(
    st.sampled_from([*"one two three seven seventeen twenty thirty forty a an as".split()]),
    st.sampled_from(["twenty-one", "fifty one", "Sixteen", "EIGHTEEN", "ſix", "12", "6.8", "+"]),
    st.sampled_from(["h", "hrs", "min", "minutes", "m", "'", "s", "sec", "seconds", '"', "”"]),
    st.sampled_from([" ", "-", ", ", " and ", "bike lengths", "about", "a few"]),
    st.text(max_size=4),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_NUMBER_PIECES, max_size=14).map("".join))
def test_grouped_number_words_match_as_the_plain_alternation_in_generated_text(text: str) -> None:
    _same_as_plain(text)


def test_find_gaps_gives_each_caller_its_own_list() -> None:
    first = find_gaps("two seconds behind")
    first.clear()
    assert len(find_gaps("two seconds behind")) == 1
