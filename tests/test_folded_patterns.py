"""A plain twin on the folded text finds what its IGNORECASE pattern finds in the text."""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

import pytest
from helpers import corpus_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import cues, gaps
from raceview.analysis.folded_patterns import UNCASED, FoldedPattern, groups, plain_twin
from raceview.analysis.prefilter import _fold, folded

FOLDED = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in (cues, gaps)
    for name, value in vars(module).items()
    if isinstance(value, FoldedPattern)
}


@cache
def _every_character() -> tuple[str, str]:
    """Every code point but the surrogates, and each folded on its own (one for one)."""
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    return chars, "".join(_fold(c) for c in chars)


def _atoms(pattern: str, flags: int) -> set[str]:
    """Each literal, range and category of a pattern, as a one-character pattern."""
    from re import _constants as ops  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    found: set[str] = set()

    def walk(items: Any) -> None:
        for op, arg in items:
            if op in (ops.LITERAL, ops.NOT_LITERAL):
                found.add(re.escape(chr(arg)))
            elif op is ops.IN:
                for o, a in arg:
                    if o is ops.LITERAL:
                        found.add(re.escape(chr(a)))
                    elif o is ops.RANGE:
                        found.add(f"[{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}]")
                    elif o is ops.CATEGORY:
                        found.add(
                            {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w"}.get(str(a), r"\s")
                        )
            elif op is ops.SUBPATTERN:
                walk(arg[3])
            elif op in (ops.ASSERT, ops.ASSERT_NOT):
                walk(arg[1])
            elif op is ops.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT):
                walk(arg[2])

    walk(_parser.parse(pattern, flags))
    return found


def _accepts_the_same(atom: str) -> None:
    """The atom under IGNORECASE accepts a character exactly when it accepts it folded, and
    it treats the two lowercase sigmas alike (`str.lower` picks one by context)."""
    chars, each_folded = _every_character()
    ignorecase = [m.start() for m in re.finditer(atom, chars, re.IGNORECASE)]
    plain = [m.start() for m in re.finditer(atom, each_folded)]
    assert ignorecase == plain, atom
    assert bool(re.fullmatch(atom, "σ")) == bool(re.fullmatch(atom, "ς")), atom


def test_folding_keeps_every_character_one_character() -> None:
    chars, each_folded = _every_character()
    assert len(chars) == len(each_folded)
    sample = "".join(chars[i] for i in range(0, len(chars), 97))
    assert len(folded(sample)) == len(sample)


@pytest.mark.parametrize(
    "atom",
    [
        *(re.escape(chr(c)) for c in range(128) if not chr(c).isupper()),
        *(re.escape(c) for c in sorted(UNCASED)),
        *(rf"\{c}" for c in "dwsDWS"),
    ],
)
def test_each_kind_of_atom_accepts_the_same_characters(atom: str) -> None:
    _accepts_the_same(atom)


def test_every_atom_of_the_twinned_patterns_accepts_the_same_characters() -> None:
    atoms = set().union(*(_atoms(p.pattern.pattern, p.pattern.flags) for p in FOLDED.values()))
    assert len(atoms) > 30
    for atom in sorted(atoms):
        _accepts_the_same(atom)


def test_the_hot_patterns_have_twins() -> None:
    """A Python whose `re` internals differ would silently lose the gain: this notices."""
    assert {"cues.WIN_FOLDED", "cues.ORDINAL_FOLDED", "gaps._UNIT_RUN_FOLDED"} <= set(FOLDED)
    assert all(p.plain is not None for p in FOLDED.values()), FOLDED


@pytest.mark.parametrize(
    "pattern",
    [r"[A-Z]\w+", "Victorious", r"(?i:win)", r"(w)in\1", r"[À-Þ]", "é"],
)
def test_patterns_that_may_differ_have_no_twin(pattern: str) -> None:
    assert plain_twin(pattern, re.IGNORECASE) is None


def test_a_case_sensitive_pattern_has_no_twin() -> None:
    assert plain_twin("win", 0) is None


def _same(pattern: FoldedPattern, text: str) -> None:
    written = re.compile(pattern.pattern.pattern, pattern.pattern.flags)
    expected = [(m.span(), m.groups()) for m in written.finditer(text)]
    assert [(m.span(), groups(text, m)[1:]) for m in pattern.finditer(text)] == expected
    found = pattern.search(text)
    first = written.search(text)
    assert (found.span() if found else None) == (first.span() if first else None)
    for pos in (1, 5, len(text) // 2):
        expected = [(m.span(), m.groups()) for m in written.finditer(text, pos)]
        assert [(m.span(), groups(text, m)[1:]) for m in pattern.finditer(text, pos)] == expected


def test_every_twin_finds_the_same_in_the_corpus() -> None:
    lines = corpus_lines()
    assert len(lines) > 1000
    for pattern in FOLDED.values():
        for line in lines:
            _same(pattern, line)


_WORDS = sorted({n for p in FOLDED.values() for n in (p.pattern.needles or ())} | set(gaps._UNITS))
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.title),
    st.sampled_from(
        [
            "İ",
            "ı",
            "ſ",
            "\u212a",
            "Σ",
            "ς",
            " ",
            ",",
            "'",
            "’",
            "″",
            "+",
            "1:02",
            "12",
            "6.8",
            "s.t.",
            "-",
            "h",
            "m",
            "s",
            "min",
            "sec",
            "hrs",
            '"',
        ]
    ),
    st.text(max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(lambda parts: "".join(parts)))
def test_every_twin_finds_the_same_in_generated_text(text: str) -> None:
    for pattern in FOLDED.values():
        _same(pattern, text)


def _unit_runs_as_written(text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    written = re.compile(gaps._UNIT_RUN.pattern, gaps._UNIT_RUN.flags)
    return [(m.span(), m.groups()) for m in written.finditer(text)]


def _unit_runs(text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), groups(text, m)[1:]) for m in gaps._unit_runs(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(lambda parts: " ".join(parts)))
def test_the_unit_runs_from_the_first_number_are_all_of_them(text: str) -> None:
    assert _unit_runs(text) == _unit_runs_as_written(text)
    if not any(c in text for c in gaps._PRIME_MARKS):
        assert not re.search(gaps._PRIME.pattern, text)


def test_the_unit_runs_from_the_first_number_are_all_of_them_in_the_corpus() -> None:
    lines = corpus_lines()
    for line in lines:
        assert _unit_runs(line) == _unit_runs_as_written(line)
    for text in ["+ 12s", "+12 sec", " 1234 s", "+ 1234s and two minutes", "twenty-one seconds"]:
        assert _unit_runs(text) == _unit_runs_as_written(text) != []
