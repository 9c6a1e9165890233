"""The shared words of identification find what reading each text again finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import catalogue, identify
from raceview.analysis.catalogue import PhraseMatch, PhraseMatcher
from raceview.analysis.document import CleanDocument

TEAM_PIECES = [
    "Team", "Team Picnic PostNL", "Team Picnic PostNL Women", "UAE Team Emirates XRG", "Uno-X",
    "Uno-X Mobility", "Mobility", "Women", "SD Worx-Protime", "Canyon//SRAM", "EF Education",
    "EF Education-EasyPost", "Soudal Quick-Step", "Lotto", "Visma", "Tour de France",
    "Tour de France Femmes", "Giro", "Paris-Roubaix", "the", "and", "1", "3:35:08", "Iván", "ſ",
    "İ", "\xa0", "\t", "\n\n", "\n\n\n", " ", "é", "B&B", "Arkéa-B&B Hotels", "Cofidis",
]  # fmt: skip
TEXTS = st.lists(
    st.one_of(st.sampled_from(TEAM_PIECES), st.text(alphabet="aeTéW-\n ", max_size=5)),
    max_size=30,
).map(" ".join)


def _found_by_every_length(
    matcher: PhraseMatcher, tokens: list[str]
) -> list[tuple[int, tuple[str, ...]]]:
    """The plain reading: at each free token, the longest phrase starting there."""
    phrases = {tuple(options) for lists in matcher._by_first.values() for _, s in lists
               for options in s}  # fmt: skip
    longest = max((len(p) for p in phrases), default=0)
    found: list[tuple[int, tuple[str, ...]]] = []
    i = 0
    while i < len(tokens):
        for n in range(longest, 0, -1):
            candidate = tuple(tokens[i : i + n])
            if len(candidate) == n and candidate in phrases:
                found.append((i, candidate))
                i += n
                break
        else:
            i += 1
    return found


@settings(max_examples=400)
@given(TEXTS)
def test_phrases_by_token_pair_are_the_longest_at_each_token(text: str) -> None:
    for matcher in (catalogue.race_alias_pattern(), catalogue._team_pattern()):
        tokens = catalogue.norm_words(text)
        assert matcher._found(tokens) == _found_by_every_length(matcher, tokens)


@settings(max_examples=400)
@given(TEXTS)
def test_places_from_the_words_are_those_in_the_text(text: str) -> None:
    words = catalogue.text_words(text)
    assert list(words) == catalogue.norm_words(text)
    assert catalogue.padded(words) == catalogue.norm(text)
    for matcher in (catalogue.race_alias_pattern(), catalogue._team_pattern()):
        fast = matcher.finditer_words(words)
        plain = matcher.finditer(catalogue.norm(text))
        assert fast == plain
        assert all(isinstance(m, PhraseMatch) for m in fast)


@settings(max_examples=300)
@given(TEXTS, st.sampled_from(["", "Tour de France: Visma win", "Giro"]))
def test_the_team_vote_by_paragraph_is_that_of_the_text(text: str, title: str) -> None:
    paras = [p for p in re.split(r"\n\n+", text) if p.strip()]
    for joined in ("\n\n".join(paras), text):
        doc = CleanDocument(title=title, standfirst="", text=joined)
        words = identify._team_vote_words(doc)
        assert list(words) == catalogue.norm_words(joined[: catalogue.TEAM_VOTE_CHARS])
        assert catalogue.team_gender_vote_in(words) == catalogue.team_gender_vote(joined)


def test_the_team_vote_reads_a_long_text_only_so_far() -> None:
    row = "1\tIván Healy\tSD Worx-Protime\t3:35:08"
    text = "\n\n".join([row.replace("SD Worx-Protime", "Soudal Quick-Step")] * 700 + [row] * 900)
    doc = CleanDocument(title="", standfirst="", text=text)
    assert len(text) > catalogue.TEAM_VOTE_CHARS
    assert list(identify._team_vote_words(doc)) == catalogue.norm_words(text[:20000])
    assert catalogue.team_gender_vote_in(identify._team_vote_words(doc)) == "men"


@settings(max_examples=300)
@given(TEXTS, TEXTS)
def test_several_races_are_read_from_the_words(title: str, standfirst: str) -> None:
    doc = CleanDocument(title=title, standfirst=standfirst, text="")
    head = catalogue.norm(" ".join([title, standfirst]))
    found = {m.group(1) for m in catalogue.race_alias_pattern().finditer(head)}
    names = {catalogue.race_alias_index()[f" {f} "].name for f in found}
    assert identify._several_races_won(doc) == (len(names) >= 3)
