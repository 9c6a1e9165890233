"""Front-half shortcuts (shared row flags, one-text look-ups, needle gates) equal the plain
readings."""

from __future__ import annotations

import re
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import catalogue, championships, identify
from raceview.analysis.document import CleanDocument
from raceview.analysis.furniture import is_result_row

LINES = [
    "1\tIván Hayter\tFlanders-Baloise\t5:14:20", "12. Tom Pidcock (Ineos Grenadiers) 4:12:09",
    "2\tThibau Jorgenson\tSD Worx-Protime\t+0:00", "She won the world championships.",
    "Results", "He is the new Belgian champion.", "3. Name 1:02", "European title for her",
    "Olympic road race", "national title", "tricolore", "Lotto Dstny Ladies and Canyon//SRAM",
    "Tour de France Femmes", "Giro d'Italia Women", "", " ", "12:30 CET The break goes.",
]  # fmt: skip
PARAGRAPHS = st.lists(
    st.one_of(st.sampled_from(LINES), st.text(alphabet="aHe1:.\t -()Wws", max_size=12)),
    max_size=14,
)


@settings(max_examples=300)
@given(PARAGRAPHS)
def test_row_flags_are_the_rows_test_of_each_paragraph(paras: list[str]) -> None:
    doc = CleanDocument(title="T", standfirst="", text="\n\n".join(paras))
    assert doc.row_flags == tuple(is_result_row(p) for p in doc.paragraphs)
    assert identify._tally(doc.paragraphs, doc.row_flags) == identify._tally(doc.paragraphs)


@settings(max_examples=300)
@given(PARAGRAPHS)
def test_team_vote_words_are_every_paragraphs_words(paras: list[str]) -> None:
    doc = CleanDocument(title="", standfirst="", text="\n\n".join(paras))
    plain = list(chain.from_iterable(map(catalogue.text_words, doc.paragraphs)))
    assert list(identify._team_vote_words(doc)) == plain


def _championship_plain(zones: list[identify._Zone]) -> tuple[object, float]:
    """`championship` without the any-level needle gate."""
    gate = championships._ANY_LEVEL
    try:
        championships._ANY_LEVEL = _AlwaysHolds()  # type: ignore[assignment]
        return championships.championship(zones)
    finally:
        championships._ANY_LEVEL = gate


class _AlwaysHolds:
    def holds_needle(self, text: str) -> bool:
        return True


@settings(max_examples=300)
@given(PARAGRAPHS)
def test_championship_gate_changes_nothing(paras: list[str]) -> None:
    zones = [
        identify._Zone(p, w) for p, w in zip(paras, (10.0, 6.0, 4.0, 2.0, 2.0, 0.5), strict=False)
    ]
    assert championships.championship(zones) == _championship_plain(zones)


def test_women_counterpart_is_the_first_women_race_holding_a_name() -> None:
    women = [r for r in catalogue.races() if r.gender == "women"]
    for race in catalogue.races():
        base = {catalogue.norm(a).strip() for a in (race.name, *race.aliases)}
        expected = next(
            (w for w in women if any(b in catalogue.norm(n) for b in base
                                     for n in (w.name, *w.aliases))),
            None,
        )  # fmt: skip
        assert catalogue.women_counterpart(race) == expected, race.name
    assert re.search("\n\n", catalogue._women_text()[2]) is None  # no empty name line


@settings(max_examples=400)
@given(st.text(alphabet="abcdefghijklmnoprstuwy |/>©›»", max_size=60))
def test_key_tries_find_what_the_key_scan_finds(text: str) -> None:
    from raceview.analysis import furniture

    for keys, test in ((furniture._STRONG_KEYS, furniture._HOLDS_STRONG_KEY),
                       (furniture._WEAK_KEYS, furniture._HOLDS_WEAK_KEY)):  # fmt: skip
        assert test(text) == any(k in text for k in keys)
    for key in (*furniture._STRONG_KEYS, *furniture._WEAK_KEYS):
        assert furniture._HOLDS_STRONG_KEY(f"x{key}y") or furniture._HOLDS_WEAK_KEY(f"x{key}y")
