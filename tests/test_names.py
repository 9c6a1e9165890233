"""Rider identity across spellings, accents, word order and particles."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis.names import (
    canonical_name,
    display_name,
    fold_name,
    given_key,
    same_rider,
    surname_key,
)
from raceview.analysis.slug import fold, is_day_id, key, race_id, slug


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ion Izaguirre", "Ion Izagirre"),
        ("POGAČAR Tadej", "Tadej Pogacar"),
        ("Tadej Pogačar", "Pogacar"),
        ("Wout van Aert", "Van Aert"),
        ("Wout van Aert", "van Aert"),
        ("VAN AERT Wout", "Wout van Aert"),
        ("Mathieu van der Poel", "Van der Poel"),
        ("VAN DER POEL Mathieu", "Mathieu van der Poel"),
        ("T. Pidcock", "Tom Pidcock"),
        ("Tom Pidcock", "PIDCOCK T."),
        ("Toms Skujiņš", "Toms Skujins"),
        ("Julian Alaphilippe", "julian alaphilippe"),
        ("Marc Hirschi", "Marc  Hirschi "),
    ],
)
def test_same_rider(a: str, b: str) -> None:
    assert same_rider(a, b)
    assert same_rider(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ion Izagirre", "Gorka Izagirre"),
        ("Adam Yates", "Simon Yates"),
        ("Tim Merlier", "Tom Merlier"),
        ("Mads Pedersen", "Mads Petersen Hansen"),
        ("Wout van Aert", "Wout Poels"),
        ("Tadej Pogačar", "Primož Roglič"),
        ("G. Izagirre", "Ion Izagirre"),
    ],
)
def test_different_riders(a: str, b: str) -> None:
    assert not same_rider(a, b)
    assert not same_rider(b, a)


def test_surname_and_given_keys() -> None:
    assert surname_key("Wout van Aert") == "vanaert"
    assert surname_key("Van Aert") == "vanaert"
    assert surname_key("POGAČAR Tadej") == "pogacar"
    assert surname_key("T. Pidcock") == "pidcock"
    assert given_key("Wout van Aert") == "wout"
    assert given_key("Van Aert") == ""
    assert given_key("Tom Pidcock") == "tom"


def test_canonical_name_picks_the_most_frequent_full_form() -> None:
    spellings = [
        "Izagirre",
        "Izagirre",
        "Izagirre",
        "Ion Izaguirre",
        "Ion Izagirre",
        "Ion Izagirre",
    ]
    assert canonical_name(spellings) == "Ion Izagirre"
    assert canonical_name(["Izagirre", "Izagirre", "Ion Izaguirre"]) == "Ion Izaguirre"
    assert canonical_name(["Van Aert"]) == "Van Aert"  # only a bare surname: keep it
    assert canonical_name([]) == ""
    assert canonical_name(["  ", ""]) == ""


def test_canonical_name_does_not_depend_on_order() -> None:
    spellings = ["Tadej Pogacar", "Tadej Pogačar", "Pogačar", "Tadej Pogačar", "Tadej Pogacar"]
    first = canonical_name(spellings)
    assert first in {"Tadej Pogacar", "Tadej Pogačar"}
    assert canonical_name(list(reversed(spellings))) == first


def test_display_name() -> None:
    assert display_name("POGAČAR Tadej") == "Tadej Pogačar"
    assert display_name("VAN DER POEL Mathieu") == "Mathieu Van Der Poel"
    assert display_name("Wout van Aert") == "Wout van Aert"
    assert display_name("UAE") == "UAE"


def test_fold_and_keys() -> None:
    assert fold("Pogačar") == "pogacar"
    assert fold("ØDEGÅRD Æble Łukasz Straße") == "odegard aeble lukasz strasse"
    assert key("Van der Poel") == "vanderpoel"
    assert fold_name("  Tadej   POGAČAR ") == "tadej pogacar"


def test_slugs_and_race_ids() -> None:
    assert slug("Gran Premio Miguel Induráin") == "gran-premio-miguel-indurain"
    assert race_id("Gran Premio Miguel Induráin", 2023) == "gran-premio-miguel-indurain-2023"
    assert race_id("Tour de France", 2024, "4") == "tour-de-france-2024-stage-4"
    assert race_id("Ølstykke Classic", 2024) == "olstykke-classic-2024"
    day = dt.date(2025, 1, 21)  # an unnumbered day of a stage race goes by its date
    assert race_id("Tour Down Under", 2025, None, day) == "tour-down-under-2025-01-21"
    assert race_id("Tour Down Under", 2025, "2", day) == "tour-down-under-2025-stage-2"
    assert race_id("Tour Down Under", 2026, None, day) == "tour-down-under-2026-2025-01-21"
    assert is_day_id("tour-down-under-2025-01-21") and is_day_id("tour-down-under-2026-2025-01-21")
    assert not is_day_id("tour-down-under-2025") and not is_day_id("tour-down-under-2025-stage-2")


def test_catalogue_phrases_are_found_longest_first_left_to_right_without_overlap() -> None:
    from raceview.analysis.catalogue import PhraseMatcher, norm

    matcher = PhraseMatcher({"tour de france", "tour de france femmes", "tour", "france"})
    text = norm("Tour de France Femmes, then the Tour de France; tour, France and Tour de")
    found = matcher.finditer(text)
    assert [m.group(1) for m in found] == [
        "tour de france femmes",
        "tour de france",
        "tour",
        "france",
        "tour",
    ]
    assert [text[m.start() : m.end()] for m in found] == [m.group(1) for m in found]
    assert matcher.phrases(text) == [m.group(1) for m in found]
    assert matcher.finditer(norm("Paris-Roubaix")) == []


def test_the_teams_a_text_names_vote_for_the_race_gender() -> None:
    from raceview.analysis.catalogue import team_gender_vote

    assert team_gender_vote("SD Worx-Protime and Canyon//SRAM set the pace.") == "women"
    assert team_gender_vote("Soudal Quick-Step and Ineos Grenadiers chased.") == "men"
    assert team_gender_vote("The bunch chased all day.") is None


_SURNAMES = ["Izagirre", "Izaguirre", "Izagirr", "Pogacar", "Pogačar", "Pogaçar", "Yates", "Vos"]
_GIVEN = ["", "Ion", "Gorka", "Adam", "Simon", "Tadej", "T."]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from(_GIVEN), st.sampled_from(_SURNAMES)),
        max_size=25,
    )
)
def test_the_rider_index_finds_what_comparing_every_pair_finds(
    steps: list[tuple[bool, str, str]],
) -> None:
    """Adds and lookups in any order: the index answers like a scan of every name, own
    surname first, then close surnames oldest first."""
    from raceview.analysis.names import RiderIndex, _close, same_rider, surname_key

    index = RiderIndex()
    added: list[str] = []
    for is_add, first, surname in steps:
        name = f"{first} {surname}".strip()
        if is_add:
            index.add(name)
            if name not in added:
                added.append(name)
            continue
        own = surname_key(name)
        ranks = list(dict.fromkeys(surname_key(n) for n in added))
        close = [s for s in ranks if s != own and _close(s, own)]
        expected = [
            n
            for s in ([own] if own in ranks else []) + close
            for n in added
            if surname_key(n) == s and same_rider(n, name)
        ]
        assert index.matches(name) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.booleans(),
            st.sampled_from(_GIVEN),
            st.sampled_from([*_SURNAMES, "Izagire", "Pogacr", "Pogacars"]),
        ),
        max_size=40,
    )
)
def test_indexes_sharing_their_close_surnames_answer_as_alone(
    steps: list[tuple[int, bool, str, str]],
) -> None:
    """A document's indexes share what they know of close surnames (`CloseSurnames`): each
    answers as an index of its own would, whatever the order of adds and lookups."""
    from raceview.analysis.names import CloseSurnames, RiderIndex

    shared = CloseSurnames()
    together = [RiderIndex(shared) for _ in range(3)]
    alone = [RiderIndex() for _ in range(3)]
    for which, is_add, first, surname in steps:
        name = f"{first} {surname}".strip()
        if is_add:
            together[which].add(name)
            alone[which].add(name)
        else:
            assert together[which].matches(name) == alone[which].matches(name)
