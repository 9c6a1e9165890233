"""Riders learnt in one pass over a document's names are those learnt name by name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import extract, mentions
from raceview.analysis.claims import Claim
from raceview.analysis.mentions import Riders, _name_like, find_mentions
from raceview.analysis.names import (
    CloseSurnames,
    RiderIndex,
    _close,
    given_key,
    name_tokens,
    same_rider,
    surname_key,
)
from raceview.analysis.pipeline import analyse
from raceview.analysis.prose import Segment, register_riders
from raceview.analysis.slug import key
from raceview.sources.files import read_file, walk

_CORPUS = Path(__file__).parent / "corpus"
_GIVEN = ["", "Ion", "Gorka", "G.", "Adam", "Simon", "Tadej", "T.", "Wout", "Mathieu", "van"]
_SURNAMES = [
    *"Izagirre Izaguirre Izagirr Izagire Pogacar Pogačar Pogacr Yates Vos Vas Ayuso Soler".split(),
    "van Aert",
    "Van Aert",
    "van der Poel",
    "Longo Borghini",
    "De La Cruz",
    "La Cruz",
]
_NAMES = st.builds(
    lambda g, s: f"{g} {s}".strip(), st.sampled_from(_GIVEN), st.sampled_from(_SURNAMES)
)
_TEAMS = st.sampled_from([None, None, "Visma", "UAE", ""])


def _plain_register_riders(
    segs: list[Segment], riders: Riders, tabled: Mapping[int, list[Claim]] | None = None
) -> None:
    """`register_riders` as it was written first, name by name through `Riders.learn`."""
    tabled = tabled or {}

    def written(seg: Segment) -> list[tuple[str, str | None, str | None]]:
        rows = tabled.get(seg.offset) if seg.method == "prose" else None
        if rows is None:
            return [(m.name, m.team, m.nationality) for m in find_mentions(seg.text)]
        return [(c.rider, c.team, c.nationality) for c in rows]

    found = [written(seg) for seg in segs]
    for i in sorted(range(len(segs)), key=lambda i: segs[i].method != "prose"):
        for name, team, nationality in found[i]:
            if len(name.split()) >= 2:
                riders.learn(name, team, nationality)
    for seg_found in found:
        for name, team, nationality in seg_found:
            if len(name.split()) < 2 and riders.resolve(name):
                riders.learn(name, team, nationality)


def _state(riders: Riders) -> tuple[object, ...]:
    index = riders.index
    return riders.names, riders.teams, riders.nations, index._by_surname, index._rank


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "both", "first"]), _NAMES), max_size=30))
def test_first_match_or_add_is_first_match_then_add(steps: list[tuple[str, str]]) -> None:
    """Any mix of calls, on an index whose close surnames another index shares."""
    shared_quick, shared_plain = CloseSurnames(), CloseSurnames()
    quick, plain = RiderIndex(shared_quick), RiderIndex(shared_plain)
    other_quick, other_plain = RiderIndex(shared_quick), RiderIndex(shared_plain)
    for step, name in steps:
        if step == "add":
            quick.add(name)
            plain.add(name)
        elif step == "both":
            found = plain.first_match(name)
            if found is None:
                plain.add(name)
            assert quick.first_match_or_add(name) == found
        else:  # the other index, sharing the surnames
            assert other_quick.first_match(name) == other_plain.first_match(name)
            other_quick.add(name)
            other_plain.add(name)
        assert (quick._by_surname, quick._rank) == (plain._by_surname, plain._rank)
        for _, written in steps:
            assert quick.matches(written) == plain.matches(written)
            assert other_quick.matches(written) == other_plain.matches(written)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _NAMES, _TEAMS, _TEAMS), max_size=30))
def test_full_names_learnt_together_are_those_learnt_one_by_one(
    steps: list[tuple[bool, str, str | None, str | None]],
) -> None:
    """Batches of full names between single learns of any names: the same riders."""
    quick, plain = Riders(), Riders()
    batch: list[tuple[str, str | None, str | None]] = []
    for together, name, team, nationality in [*steps, (False, "", None, None)]:
        if together and len(name.split()) >= 2:
            batch.append((name, team, nationality))
            plain.learn(name, team, nationality)
            continue
        quick.learn_full_names(batch)
        batch = []
        assert _state(quick) == _state(plain)
        if name:
            assert quick.learn(name, team, nationality) == plain.learn(name, team, nationality)
    assert _state(quick) == _state(plain)
    for _, name, _, _ in steps:
        assert quick.resolve(name) == plain.resolve(name)


def _row(rider: str, team: str | None, at: int) -> Claim:
    return Claim("result", rider, "table", rider, at, at + len(rider), at, pos=1, team=team)


_SEGMENTS = st.lists(
    st.tuples(
        st.sampled_from(["headline", "prose", "table"]),
        st.lists(st.tuples(_NAMES, _TEAMS), min_size=1, max_size=4),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(_SEGMENTS)
def test_registered_riders_are_those_of_the_name_by_name_pass(
    pieces: list[tuple[str, list[tuple[str, str | None]]]],
) -> None:
    """Headlines, prose and table rows in any order, short names among them."""
    segs: list[Segment] = []
    tabled: dict[int, list[Claim]] = {}
    for at, (kind, written) in enumerate(pieces):
        offset = 1000 * at
        if kind == "table":
            tabled[offset] = [_row(name, team, offset) for name, team in written]
            segs.append(Segment("\t".join(n for n, _ in written), offset, "prose"))
        else:
            text = " and ".join(f"{n} ({t})" if t else n for n, t in written) + " won."
            segs.append(Segment(text, offset, "prose" if kind == "prose" else "headline"))
    quick, plain = Riders(), Riders()
    register_riders(segs, quick, tabled)
    _plain_register_riders(segs, plain, tabled)
    assert _state(quick) == _state(plain)


@contextmanager
def _registrations() -> Iterator[list[tuple[list[Segment], dict[int, list[Claim]]]]]:
    """What `extract` asks `register_riders` to register, while the block runs."""
    seen: list[tuple[list[Segment], dict[int, list[Claim]]]] = []
    real = extract.register_riders

    def record(
        segs: list[Segment], riders: Riders, tabled: Mapping[int, list[Claim]] | None = None
    ) -> None:
        seen.append((list(segs), dict(tabled or {})))
        real(segs, riders, tabled)

    extract.register_riders = record
    try:
        yield seen
    finally:
        extract.register_riders = real


def test_the_corpus_registers_the_riders_of_the_name_by_name_pass() -> None:
    with _registrations() as seen:
        for item in walk(_CORPUS):
            analyse(read_file(item.path))
    assert len(seen) > 100
    for segs, tabled in seen:
        quick, plain = Riders(), Riders()
        register_riders(segs, quick, tabled)
        _plain_register_riders(segs, plain, tabled)
        assert _state(quick) == _state(plain)


_PIECES = st.one_of(
    st.sampled_from(
        [
            "Van", "van", "der", "Poel", "d'", "Jumbo-Visma's", "Pogačar.", "Mr.", "A.", "-",
            ".", ",", "(", ")", "’s", "'s", "s'", "the", "\n", "  ", "\t", "\xa0", "\u2009",
            "\x1c", "Ⅻ", "ǅ", "O'Connor", "Uno-X", "St.-", "Ånd–", "Tour", "in",
        ]
    ),
    st.text(max_size=5),
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=16).map(" ".join) | st.lists(_PIECES, max_size=16).map("".join)


def _assert_names_split_into_their_words(text: str) -> None:
    """What `_is_name_like` relies on: a name made of a run's words splits back into them."""
    for _, _, words, _ in mentions._runs(text):
        for k in range(len(words)):
            assert " ".join(words[k:]).split(" ") == words[k:]
    for m in mentions._scan_mentions(text):
        if not m.possessive:
            assert mentions._is_name_like(m.name) == _name_like(m.name.split())


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_a_run_of_words_splits_back_into_them(text: str) -> None:
    _assert_names_split_into_their_words(text)


def test_the_corpus_runs_split_back_into_their_words() -> None:
    for path in sorted(_CORPUS.rglob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            _assert_names_split_into_their_words(paragraph)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAMES, max_size=12), st.sampled_from(["Ion", "Gorka", "Adam", "Tadej", "Bob"]))
def test_a_first_name_resolves_as_the_names_with_that_given_name_say(
    full: list[str], first: str
) -> None:
    """ "Remco" in a press release: the one rider of that given name, else none."""
    riders = Riders()
    riders.learn_full_names([(n, None, None) for n in full if len(n.split()) >= 2])
    if riders.index.matches(first):
        return
    given = [n for n in riders.names if given_key(n) == key(first)]
    assert riders.resolve(first) == (given[0] if len(given) == 1 else None)


def _plain_same_rider(a: str, b: str) -> bool:
    """`same_rider` as it was written first (the reference)."""
    if key(a) == key(b):
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if 1 < len(short) < len(long_) and long_[-len(short) :] == short:
        return True
    if not _close(surname_key(a), surname_key(b)):
        return False
    ga, gb = given_key(a), given_key(b)
    if not ga or not gb:
        return True
    return ga == gb or (ga[0] == gb[0] and (len(ga) == 1 or len(gb) == 1)) or _close(ga, gb)


_ANY_NAMES = (
    _NAMES
    | st.builds(
        lambda g, s: f"{g} {s}",
        st.sampled_from(["Alexander", "Alexandr", "Aleksander", "Alexandre", "A.", "Al", "Xander"]),
        st.sampled_from(["Kristoff", "Kristof", "Kristofff", "Kirstoff", "KRISTOFF", "Kr-istoff"]),
    )
    | st.text(" .-abcAB", max_size=10)
    | st.builds(  # given names and surnames one or two edits apart, of any length
        lambda g, s: f"{g} {s}",
        st.text("abA", min_size=1, max_size=7),
        st.sampled_from(["Soler", "Solar", "Izagirre", "Izaguirre", "van Aert"]),
    )
)


@settings(max_examples=1000, deadline=None)
@given(_ANY_NAMES, _ANY_NAMES)
def test_same_rider_says_what_the_plain_comparison_says(a: str, b: str) -> None:
    assert same_rider(a, b) == _plain_same_rider(a, b) == same_rider(b, a)


def _one_edit(word: str, at: int, how: int, letter: str) -> str:
    """`word` with one letter put in, taken out or changed at `at` (how: 0, 1, 2)."""
    at %= len(word) + 1
    if how == 0:
        return word[:at] + letter + word[at:]
    return word[:at] + (letter if how == 2 else "") + word[at + 1 :]


_CLOSE_SURNAMES = st.sampled_from(["Soler", "Izagirre", "van Aert", "Pogacar"]).flatmap(
    lambda s: st.tuples(st.just(s), st.sampled_from([s, s + "a", s[:-1], "X" + s]))
)


@settings(max_examples=1000, deadline=None)
@given(
    st.text("ab", min_size=1, max_size=8),
    st.integers(0, 8),
    st.integers(0, 2),
    st.sampled_from("abc"),
    _CLOSE_SURNAMES,
)
def test_same_rider_on_given_names_one_edit_apart(
    given_name: str, at: int, how: int, letter: str, surnames: tuple[str, str]
) -> None:
    a = f"{given_name.capitalize()} {surnames[0]}"
    b = f"{_one_edit(given_name, at, how, letter).capitalize()} {surnames[1]}".strip()
    assert same_rider(a, b) == _plain_same_rider(a, b) == same_rider(b, a)
