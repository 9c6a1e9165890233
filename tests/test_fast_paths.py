"""The cheap paths of cleaning and identification find what the plain patterns find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import captions, catalogue, facts, furniture, identify
from raceview.analysis.document import CleanDocument

PIECES = [
    "120 km", "12.5 kms", "99,5 kilometres", "150 - km", "1200 km", "45 miles", "7.5mi", "KM",
    "from Roubaix to Nice", "From Ghent to Liège", "the finish in Nice", "finished in Liège",
    "started in Ghent", "departed from Lille", "3rd edition", "the 108th Tour", "21st running",
    "race", "stage", "to go", "the final", "1\tA B\tTeam\t3:35:08", "İ", "\u212a", "ſ", "12",
    "sign up", "share this", "©", "Photo: A Smith/Getty", "(Image credit: X)", "Results", "|",
    "News > Racing", "By John Smith", "tel: 123", "Leave a comment", "watch the video", ".",
    "image 3 of 12", "Published 3 May", "media contacts", "(photo by Y)", "/", ":", "(", ")",
    "12. Tadej Pogacar (UAE) 4:12:09", "3) A Name +0:12", "10:45 CET", "9h30", "- 4 Name 1",
]  # fmt: skip
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=25).map(
    lambda parts: " ".join(parts).replace("  ", "\n")
)


@settings(max_examples=400)
@given(TEXTS)
def test_matches_near_needles_are_finditer(text: str) -> None:
    for name, pattern in (
        ("km", facts._KM), ("miles", facts._MILES), ("edition", facts._EDITION),
        ("from", facts._FROM_TO), ("start", facts._STARTED_IN), ("finish", facts._FINISH_IN),
    ):  # fmt: skip
        fast = [m.span() for m in facts._matches(pattern, text, facts._REACH[name])]
        assert fast == [m.span() for m in pattern.compiled.finditer(text)], name


@settings(max_examples=400)
@given(TEXTS)
def test_weak_furniture_is_the_whole_alternation(text: str) -> None:
    whole = re.compile(
        f"{furniture._WEAK_AT_START.pattern}|©|{furniture._WEAK_ANYWHERE.pattern}", re.I
    )
    assert furniture._is_weak_furniture(text) == bool(whole.search(text))


@settings(max_examples=400)
@given(TEXTS)
def test_caption_lines_are_found_without_the_literal_checks(text: str) -> None:
    plain = bool(captions._COUNTER.compiled.search(text)) or (
        bool(captions._CREDIT.compiled.findall(text)) and captions._mostly_captions(text)
    )
    assert captions.is_caption_line(text) == plain
    lines = text.split("\n")
    story, _ = captions.extract_captions(lines)
    assert story == [ln for ln in lines if not captions.is_caption_line(ln)]


@settings(max_examples=400)
@given(TEXTS)
def test_the_paragraph_tally_is_the_three_counts(text: str) -> None:
    paras = tuple(p.strip() for p in text.split("\n") if p.strip())
    timestamps = sum(1 for p in paras if identify._TIMESTAMP.match(p))
    rows = sum(1 for p in paras if identify._TEXT_ROW.match(p) and len(p) < 200)
    prose = sum(len(p) for p in paras if identify._is_prose(p))
    assert identify._tally(paras) == (timestamps, rows, prose)


PRONOUN_TEXT = st.lists(
    st.sampled_from(["she", "her", "hers", "he", "his", "him", "se", "sis", "sim", "hhe", "h", "s"])
    | st.text(alphabet="hs éſ_1-'", max_size=4),
    max_size=12,
).map("".join)


@settings(max_examples=400)
@given(PRONOUN_TEXT)
def test_the_pronouns_are_the_plain_alternation(text: str) -> None:
    plain = re.compile(r"\b(she|her|hers|he|his|him)\b")
    assert identify._PRONOUN.findall(text) == plain.findall(text)


@settings(max_examples=300)
@given(TEXTS, st.sampled_from(["", "Title"]), st.sampled_from(["", "Standfirst"]))
def test_zones_past_the_lead_leave_out_only_table_rows(text: str, title: str, sub: str) -> None:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    doc = CleanDocument(title=title, standfirst=sub, text="\n\n".join(paras), captions=("c",))
    every = [(title, 10.0), (sub, 6.0)]
    every += [(p, 4.0 if i == 0 else 2.0 if i < 3 else 0.5) for i, p in enumerate(doc.paragraphs)]
    every = [z for z in [*every, ("c", 1.0)] if z[0]]
    lead = identify._LEAD
    expected = every[:lead] + [z for z in every[lead:] if not furniture.is_result_row(z[0])]
    assert identify._zones(doc) == expected


@settings(max_examples=500)
@given(st.text(alphabet="abcz ,.!?;A1\t", max_size=40))
def test_the_words_of_a_sentence_are_the_plain_pattern(text: str) -> None:
    plain = re.compile(r"[a-z]{3,}[,.;!?]|[a-z]{3,} [a-z]{3,} [a-z]{3,}")
    assert bool(identify._WORDS_OF_A_SENTENCE.search(text)) == bool(plain.search(text))


def test_women_counterpart_is_a_name_within_a_name() -> None:
    for race in catalogue.races():
        base = {catalogue.norm(a) for a in (race.name, *race.aliases)}
        expected = next(
            (
                other
                for other in catalogue.races()
                if other.gender == "women"
                and any(
                    b.strip() in catalogue.norm(n)
                    for b in base
                    for n in (other.name, *other.aliases)
                )
            ),
            None,
        )
        assert catalogue.women_counterpart(race) == expected, race.name


ODD_TEXT = st.text(
    alphabet=st.sampled_from([*"aAzZ09 -()+:/\t\n", *"éÉøÆßŁıİſΣς¨ﬁ", "\u0301", "\u3000", "\xa0"]),
    max_size=300,
)


@settings(max_examples=400)
@given(st.one_of(TEXTS, ODD_TEXT))
def test_norm_words_are_the_words_of_norm(text: str) -> None:
    for piece in (text, text * 3):  # short and long
        folded = re.sub(r"[^a-z0-9]+", " ", catalogue.fold(piece)).strip()
        assert catalogue.norm_words(piece) == folded.split()
        assert catalogue.norm(piece) == f" {folded} "
