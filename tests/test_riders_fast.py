"""The quick paths of rider-name work say what the plain ones said."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from raceview.analysis import mentions
from raceview.analysis.mentions import Riders
from raceview.analysis.names import CloseSurnames, RiderIndex, _close

_CORPUS = Path(__file__).parent / "corpus"
_GIVEN = ["", "Ion", "Gorka", "G.", "Adam", "Simon", "Tadej", "T.", "Wout", "Mathieu"]
_SURNAMES = [
    *"Izagirre Izaguirre Izagirr Izagire Pogacar Pogačar Pogaçar Pogacr Pogacars Yates".split(),
    *"Vos Vas Ayuso Ayusso Martinez Martínez Martinaz".split(),
    "van Aert",
    "Van Aert",
    "van der Poel",
    "VAN DER POEL",
    "Longo Borghini",
    "De La Cruz",
    "La Cruz",
]
_NAMES = st.builds(
    lambda g, s: f"{g} {s}".strip(), st.sampled_from(_GIVEN), st.sampled_from(_SURNAMES)
)


def test_surnames_one_edit_apart_share_their_head_or_their_tail() -> None:
    """What `CloseSurnames` files surnames under: every close pair over a small alphabet."""
    words = ["".join(p) for n in range(5, 10) for p in product("abc" if n < 8 else "ab", repeat=n)]
    for a in words:
        for b in words:
            if a != b and _close(a, b):
                assert a[:3] == b[:3] or a[-3:] == b[-3:], (a, b)


def _edited(word: str, at: int, how: int, letter: str) -> str:
    """`word` with one letter put in, taken out or changed at `at` (how: 0, 1, 2)."""
    at %= len(word) + 1
    if how == 0:
        return word[:at] + letter + word[at:]
    return word[:at] + (letter if how == 2 else "") + word[at + 1 :]


# Surnames near a few others: edits of edits, at every place (the first letters too).
_NEAR_SURNAMES = st.lists(st.text("abc", min_size=5, max_size=8), min_size=1, max_size=3).flatmap(
    lambda bases: st.lists(
        st.builds(
            _edited,
            st.sampled_from(bases),
            st.integers(0, 8),
            st.integers(0, 2),
            st.sampled_from("abcz"),
        ),
        min_size=1,
        max_size=8,
    ).map(lambda edits: [*bases, *edits, *(_edited(e, 0, 2, "z") for e in edits)])
)


@settings(max_examples=300, deadline=None)
@given(
    _NEAR_SURNAMES.flatmap(
        lambda pool: st.lists(st.tuples(st.booleans(), st.sampled_from(pool)), max_size=40)
    )
)
def test_close_surnames_are_those_a_scan_of_every_met_surname_finds(
    steps: list[tuple[bool, str]],
) -> None:
    """Meetings and lookups in any order: the met surnames one edit away, oldest first."""
    surnames = CloseSurnames()
    met: list[str] = []
    for is_meet, surname in steps:
        if is_meet:
            surnames.meet(surname)
            if surname not in met and len(surname) >= 6:
                met.append(surname)
        expected = [s for s in met if s != surname and _close(s, surname)]
        assert surnames.of(surname) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _NAMES), max_size=30))
def test_the_first_match_is_the_first_of_the_matches(steps: list[tuple[bool, str]]) -> None:
    index = RiderIndex()
    for is_add, name in steps:
        if is_add:
            index.add(name)
        found = index.matches(name)
        assert index.first_match(name) == (found[0] if found else None)


class _HoldsNothing(set[str]):
    """A set that never takes a member: `Riders` without its quick path for lone names."""

    def add(self, element: str) -> None:
        pass


# A few surnames a document writes, each with several given names (or none).
_POOLS = st.lists(st.sampled_from(_SURNAMES), min_size=1, max_size=3, unique=True).flatmap(
    lambda surnames: st.lists(
        st.builds(
            lambda g, s: f"{g} {s}".strip(), st.sampled_from(_GIVEN), st.sampled_from(surnames)
        ),
        min_size=1,
        max_size=6,
        unique=True,
    )
)
_STEPS = _POOLS.flatmap(
    lambda pool: st.lists(
        st.tuples(
            st.sampled_from(["learn", "learn", "resolve", "full"]),
            st.sampled_from(pool),
            st.sampled_from("ab"),
        ),
        max_size=30,
    )
)


@settings(max_examples=600, deadline=None)
@given(_STEPS)
@example([("learn", "Wout van Aert", "a"), ("learn", "van Aert", "b")])
@example([("learn", "T. Izagirre", "a"), ("learn", "Ion Izagirre", "b")])
def test_riders_answer_as_without_the_lone_names_quick_path(
    steps: list[tuple[str, str, str]],
) -> None:
    """Learning and resolving names in any order, renames included: the same riders, and
    every name resolves as the index finds it."""
    quick, plain = Riders(), Riders()
    plain._alone = _HoldsNothing()
    for step, name, team in steps:
        if step == "learn":
            assert quick.learn(name, team) == plain.learn(name, team)
        elif step == "resolve":
            assert quick.resolve(name) == plain.resolve(name)
        else:
            assert quick.full_name(name) == plain.full_name(name)
        assert (quick.names, quick.teams) == (plain.names, plain.teams)
        for written in {n for _, n, _ in steps}:
            assert quick.resolve(written) == quick._resolve(written) == plain.resolve(written)
    assert not plain._alone


def _plain_runs(text: str) -> list[tuple[int, int, list[str], bool]]:
    """`mentions._runs` as it was written first, token by token (the reference)."""

    def capitalised(word: str) -> bool:
        return word[:1].isupper() and not word.isdigit()

    def next_capital(tokens: list[re.Match[str]], i: int) -> bool:
        j = i + 1
        while j < len(tokens) and tokens[j].group().lower() in mentions._PARTICLES:
            j += 1
        return j < len(tokens) and j - i <= 3 and capitalised(tokens[j].group())

    runs: list[tuple[int, int, list[str], bool]] = []
    tokens = list(mentions._TOKEN.finditer(text))
    free = 0
    for i in [i for i, token in enumerate(tokens) if capitalised(token.group())]:
        s, e, w = tokens[i].start(), tokens[i].end(), tokens[i].group()
        if i < free or (w.lower() in mentions._PARTICLES and not next_capital(tokens, i)):
            continue
        words: list[str] = []
        start, end, possessive = s, e, False
        j = i
        while j < len(tokens):
            s2, e2, w2 = tokens[j].start(), tokens[j].end(), tokens[j].group()
            if j > i and text[end:s2] != " ":
                break
            particle = w2.lower() in mentions._PARTICLES and next_capital(tokens, j)
            if not (capitalised(w2) or particle):
                break
            if w2.endswith(("'s", "’s", "s'", "s’")) and len(w2) > 2:
                word = w2[:-2] if w2.endswith(("'s", "’s")) else w2[:-1]
                words.append(word)
                end = s2 + len(word)
                possessive = True
                j += 1
                break
            words.append(w2)
            end = e2
            j += 1
            if text[e2 : e2 + 1] in ",;:()" or (
                text[e2 : e2 + 1] == "." and (e2 + 1 >= len(text) or text[e2 + 1] == " ")
            ):
                break
        runs.append((start, end, words, possessive))
        free = max(j, i + 1)
    return runs


_PIECES = st.one_of(
    st.sampled_from(
        [
            "Van", "van", "der", "Poel", "de", "la", "Cruz", "d'", "Jumbo-Visma's", "Pogačar.",
            "Mr.", "A.", "-", ".", ",", "(", ")", ";", ":", "’s", "'s", "s'", "Evans'", "the",
            "\n", "  ", "Ⅻ", "²", "ǅ", "O'Connor", "Uno-X", "St.-", "Ånd–", "1st", "Tour",
        ]
    ),
    st.text(max_size=5),
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=16).map(" ".join) | st.lists(_PIECES, max_size=16).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_TEXTS)
def test_runs_are_those_of_the_token_by_token_reading(text: str) -> None:
    assert mentions._runs(text) == _plain_runs(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_shared_mentions_are_the_copied_ones(text: str) -> None:
    assert mentions.find_mentions(text, shared=True) == mentions.find_mentions(text)


def test_runs_on_the_corpus_are_those_of_the_token_by_token_reading() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(_CORPUS.rglob("*.txt"))]
    assert texts
    for text in texts:
        for paragraph in text.split("\n\n"):
            assert mentions._runs(paragraph) == _plain_runs(paragraph)
