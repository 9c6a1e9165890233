"""A bare name in a results table's rider cell is read without the prose machinery, and read
as it would be."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis.rider_cells import bare_name, read_rider_cell, rider_team

# Words that make a cell more than a name, or a name read another way: particles, stopwords,
# nation codes, team, nation and race words, words the name finder rejects, lower case.
_WORDS = [
    "Tadej", "Pogačar", "Wout", "Van", "Aert", "De", "La", "Der", "Y", "Geoghegan-Hart",
    "Ørbæk", "Søren", "Ion", "Izagirre", "The", "Young", "After", "SLO", "BEL", "Mas",
    "Lidl-Trek", "Lidl", "Trek", "Team", "Visma", "Lease", "Bike", "Ineos", "Grenadiers",
    "Decathlon", "AG2R", "Mondiale", "Astana", "Bahrain", "Victorious", "Belgium", "Belgian",
    "Dutch", "Great", "Britain", "Tour", "France", "Milan-San", "Remo", "Stage", "van", "der",
    "pogačar", "A", "É", "O'Connor", "T.", "Jr", "Dylan", "Groenewegen", "UAE", "Emirates",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5))
def test_a_bare_name_reads_as_the_full_reading_does(words: list[str]) -> None:
    text = " ".join(words)
    bare = bare_name(text)
    if bare is not None:
        assert (bare, None, None) == read_rider_cell(text)


@pytest.mark.parametrize(
    ("cell", "bare"),
    [
        ("Tadej Pogačar", "Tadej Pogačar"),
        ("POGAČAR Tadej", "Tadej Pogačar"),
        ("Tao Geoghegan-Hart", "Tao Geoghegan-Hart"),
        ("Wout van Aert", None),  # a lower-case particle: the full reading
        ("Tadej Pogačar SLO", None),
        ("Lidl-Trek Mads Pedersen", None),
        ("Team Visma Lease a Bike", None),
        ("Pogačar", None),
        ("T. Pidcock", None),
    ],
)
def test_bare_names(cell: str, bare: str | None) -> None:
    assert bare_name(cell) == bare
    if bare is not None:
        assert rider_team(cell) == read_rider_cell(cell) == (bare, None, None)
