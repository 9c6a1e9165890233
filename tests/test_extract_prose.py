"""Result extraction from prose and tables, phrase by phrase (the results issue's checklist).

Each case is a short original report; the assertions name the rows a fan would read from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import cues
from raceview.analysis.mentions import Riders
from raceview.analysis.pipeline import analyse
from raceview.analysis.prose import _READERS, Segment, _blank, _blanked, _SentenceReader
from raceview.analysis.sentences import Sentence
from raceview.models import DocumentAnalysis, RaceFacts, RawDocument


def analysed(body: str, title: str = "Race report", date: str = "2024-04-07") -> DocumentAnalysis:
    text = f" date {date} {title}\nA day of racing in the spring classics\n{body}\n"
    raw = text.encode()
    return analyse(
        RawDocument(
            body=raw,
            origin="/tmp/report.txt",
            content_type="text/plain",
            fetched_at=dt.datetime(2024, 4, 8, tzinfo=dt.UTC),
            sha256=hashlib.sha256(raw).hexdigest(),
        )
    )


def rows(analysis: DocumentAnalysis, gc: bool = False) -> list[tuple[int | None, str, int | None]]:
    return [(r.pos, r.rider, r.gap_s) for r in (analysis.gc if gc else analysis.results)]


ROUBAIX = "Paris-Roubaix: "


@pytest.mark.parametrize(
    "sentence",
    [
        "Mathieu van der Poel (Alpecin-Deceuninck) won Paris-Roubaix on Sunday.",
        "Mathieu van der Poel soloed to victory at Paris-Roubaix on Sunday.",
        "Mathieu van der Poel took the win at Paris-Roubaix on Sunday.",
        "Mathieu van der Poel claimed a second straight victory at Paris-Roubaix on Sunday.",
        "Mathieu van der Poel triumphed at Paris-Roubaix on Sunday.",
    ],
)
def test_winner_verbs(sentence: str) -> None:
    result = rows(analysed(sentence, ROUBAIX + "a day in the Hell of the North"))
    assert result[0][:2] == (1, "Mathieu van der Poel")


def test_outsprinted_and_ahead_of_give_the_podium_in_order() -> None:
    a = analysed(
        "Jasper Philipsen outsprinted Michael Matthews at Milan-San Remo on Saturday. "
        "Earlier, Tadej Pogačar had attacked on the Poggio.\n"
        "Mads Pedersen won the bunch sprint for fourth.",
        "Milan-San Remo: Philipsen by a tyre",
        "2024-03-16",
    )
    assert [r[:2] for r in rows(a)][:2] == [(1, "Jasper Philipsen"), (2, "Michael Matthews")]
    a = analysed(
        "Tadej Pogačar won Liège-Bastogne-Liège ahead of Romain Bardet and Mathieu van der Poel.",
        "Liège-Bastogne-Liège: Pogačar again",
        "2024-04-21",
    )
    assert [r[:2] for r in rows(a)] == [
        (1, "Tadej Pogačar"),
        (2, "Romain Bardet"),
        (3, "Mathieu van der Poel"),
    ]


def test_the_seed_sentences_shape() -> None:
    a = analysed(
        "Ion Izagirre (Cofidis) distanced Sergio Higuita (Bora-Hansgrohe) on the last climb to win "
        "the Gran Premio Miguel Indurain. He also won the race in 2016.\n"
        "Higuita crossed the line two seconds behind Izagirre, with Mattias Skjelmose "
        "(Trek-Segafredo) third at the same time and Andreas Kron (Lotto-Dstny) fourth at "
        "13 seconds.",
        "GP Miguel Indurain: Izagirre again",
        "2023-04-01",
    )
    assert rows(a) == [
        (1, "Ion Izagirre", 0),
        (2, "Sergio Higuita", 2),
        (3, "Mattias Skjelmose", 2),
        (4, "Andreas Kron", 13),
    ]
    assert all(r.provenance and r.provenance.sentence for r in a.results)
    assert a.results[3].team == "Lotto-Dstny"


def test_places_and_podium_phrases() -> None:
    a = analysed(
        "Lotte Kopecky (SD Worx-Protime) won the Tour of Flanders on Sunday. Elisa Longo Borghini "
        "(Lidl-Trek) was runner-up and Pfeiffer Georgi (dsm-firmenich PostNL) rounded out the "
        "podium. Kasia Niewiadoma finished fourth, and Marianne Vos was in fifth place.",
        "Tour of Flanders: Kopecky in the women's race",
    )
    assert [r[:2] for r in rows(a)] == [
        (1, "Lotte Kopecky"),
        (2, "Elisa Longo Borghini"),
        (3, "Pfeiffer Georgi"),
        (4, "Kasia Niewiadoma"),
        (5, "Marianne Vos"),
    ]
    assert a.race is not None and a.race.gender == "women"


def test_coreference_and_relative_gaps() -> None:
    a = analysed(
        "Demi Vollering (SD Worx-Protime) won Strade Bianche on Saturday. Kasia Niewiadoma was "
        "second at 0:20. Marlen Reusser attacked early but faded. She crossed the line 0:45 down "
        "in third, and Juliette Labous was fourth, a further eight seconds back.",
        "Strade Bianche: Vollering in Siena",
        "2024-03-02",
    )
    assert rows(a) == [
        (1, "Demi Vollering", 0),
        (2, "Kasia Niewiadoma", 20),
        (3, "Marlen Reusser", 45),
        (4, "Juliette Labous", 53),
    ]


def test_vague_margin_is_unknown() -> None:
    a = analysed(
        "Olav Kooij won Gent-Wevelgem on Sunday, beating Jasper Philipsen by half a wheel.",
        "Gent-Wevelgem: Kooij",
        "2024-03-24",
    )
    assert rows(a) == [(1, "Olav Kooij", 0), (2, "Jasper Philipsen", None)]


def test_results_table_beats_prose_and_cut_row_is_ignored() -> None:
    a = analysed(
        "Tadej Pogačar (UAE Team Emirates) won stage 4 of the Tour de France on Tuesday.\n"
        "Remco Evenepoel was third.\n"
        "Stage 4 result\n"
        "1 Tadej Pogačar (Slo) UAE Team Emirates 3:59:04\n"
        "2 Remco Evenepoel (Bel) Soudal Quick-Step 0:00:35\n"
        "3 Juan Ayuso (Esp) UAE Team Emirates s.t.\n"
        "4 Jonas Vingegaard (Den) Visma | Lease a Bike 0:00:37\n"
        "5 Primož Rogl",
        "Tour de France stage 4: Pogačar on the Galibier",
        "2024-07-02",
    )
    assert rows(a) == [
        (1, "Tadej Pogačar", 0),
        (2, "Remco Evenepoel", 35),
        (3, "Juan Ayuso", 35),
        (4, "Jonas Vingegaard", 37),
    ]
    assert a.race is not None and a.race.stage == "4"


def test_gc_from_prose_and_a_standings_table_before_the_stage_is_not_the_result() -> None:
    a = analysed(
        "Jonathan Milan (Lidl-Trek) won stage 6 of Tirreno-Adriatico.\n"
        "GC before today's stage\n"
        "1 Jonas Vingegaard (Den) Visma | Lease a Bike 20:10:11\n"
        "2 Juan Ayuso (Esp) UAE Team Emirates 0:00:54\n"
        "Jonas Vingegaard leads the GC by 54 seconds over Juan Ayuso and 1:04 over Jai Hindley.",
        "Tirreno-Adriatico stage 6: Milan again",
        "2024-03-09",
    )
    assert rows(a) == [(1, "Jonathan Milan", 0)]
    assert rows(a, gc=True) == [
        (1, "Jonas Vingegaard", 0),
        (2, "Juan Ayuso", 54),
        (3, "Jai Hindley", 64),
    ]


def test_distractions_create_no_rows() -> None:
    a = analysed(
        "Arnaud De Lie won Kuurne-Brussel-Kuurne on Sunday. He also won the race in 2022, and "
        'finished third at Omloop Het Nieuwsblad last year. "I was second here before," he '
        "said. The bookmakers had him at 5/1.",
        "Kuurne-Brussel-Kuurne: De Lie",
        "2024-02-25",
    )
    assert rows(a) == [(1, "Arnaud De Lie", 0)]


def test_dnf_and_dns_are_statuses_without_a_place() -> None:
    a = analysed(
        "Tadej Pogačar won stage 3 of the Volta a Catalunya. Mikel Landa abandoned after a crash.",
        "Volta a Catalunya stage 3: Pogačar",
        "2024-03-20",
    )
    statuses = {r.rider: r.status for r in a.results}
    assert statuses == {"Tadej Pogačar": "finished", "Mikel Landa": "dnf"}
    assert next(r for r in a.results if r.rider == "Mikel Landa").pos is None


def test_a_preview_creates_no_race() -> None:
    a = analysed(
        "Tadej Pogačar starts as the favourite and could win on Sunday if the weather holds.",
        "Tour of Flanders preview: who will win?",
    )
    assert a.kind == "preview"
    assert a.race is None and a.results == ()


def test_gaps_given_respectively_and_the_leaders_jersey() -> None:
    a = analysed(
        "Tadej Pogačar (UAE Team Emirates) took the stage ahead of Mikel Landa and Aleksandr "
        "Vlasov, who crossed the line in that order, 1:01 and 1:07 behind. Pogačar retains the "
        "leader's jersey with an advantage of 3:41 over Landa. Vlasov now sits third overall at "
        "3:53.",
        "Volta a Catalunya stage 4: Pogačar again",
        "2024-03-21",
    )
    assert rows(a) == [(1, "Tadej Pogačar", 0), (2, "Mikel Landa", 61), (3, "Aleksandr Vlasov", 67)]
    assert rows(a, gc=True) == [
        (1, "Tadej Pogačar", 0),
        (2, "Mikel Landa", 221),
        (3, "Aleksandr Vlasov", 233),
    ]


def test_a_chase_group_led_home_and_a_top_n() -> None:
    a = analysed(
        "Mathieu van der Poel (Alpecin-Deceuninck) won the E3 Saxo Classic on Friday, finishing "
        "1:31 clear of Jasper Stuyven (Lidl-Trek). Behind them, Mads Pedersen led the chasers "
        "home, and Wout van Aert took fourth place.",
        "E3 Saxo Classic: Van der Poel solos again",
        "2024-03-22",
    )
    assert rows(a) == [
        (1, "Mathieu van der Poel", 0),
        (2, "Jasper Stuyven", 91),
        (3, "Mads Pedersen", None),
        (4, "Wout van Aert", None),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "Mads Pedersen of the Danish team Lidl-Trek",
        "Mads Pedersen, riding for the American squad Lidl-Trek,",
        "Mads Pedersen (Lidl-Trek)",
        "Mads Pedersen of Lidl-Trek",
    ],
)
def test_a_team_written_after_the_name(written: str) -> None:
    a = analysed(f"{written} won Gent-Wevelgem on Sunday.", title="Gent-Wevelgem: Pedersen wins")
    assert [(r.pos, r.rider, r.team) for r in a.results] == [(1, "Mads Pedersen", "Lidl-Trek")]


def test_a_team_in_the_plural_possessive_before_the_name() -> None:
    a = analysed(
        "Tadej Pogačar won the stage on Sunday. UAE Team Emirates' João Almeida was second,"
        " 20 seconds behind.",
        title="Tour de Suisse: Pogačar wins again",
        date="2024-06-16",
    )
    teams = {r.rider: r.team for r in a.results}
    assert teams["João Almeida"] == "UAE Team Emirates"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([", the 2015 winner,", ", former champion", ",", " won", "X", " 2019 "])
        | st.text(max_size=6),
        max_size=10,
    ).map("".join)
)
def test_blanking_the_aside_spans_is_blanking_the_asides(text: str) -> None:
    spans = [m.span() for m in cues.APPOSITIVE.finditer(text)]
    assert _blanked(text, spans) == cues.APPOSITIVE.sub(_blank, text)


# -- the rare cues' readers run only where a sentence holds one of their needles ---------------

_RARE_PATTERNS = (
    cues.LEADS,
    cues.RESPECTIVELY,
    cues.PODIUM3,
    cues.SPRINT_FOR,
    cues.FOLLOWED_BY,
    cues.RUNNER_UP,
    cues.MEDAL,
    cues.STATUS,
    cues.RELEGATED,
    cues.SPRINT_WON_BY,
    cues.LED_GROUP,
)
_CUE_WORDS = sorted({n for p in _RARE_PATTERNS for n in p.needles or ()})
_SENTENCE_PIECES = st.one_of(
    st.sampled_from(_CUE_WORDS),
    st.sampled_from(_CUE_WORDS).map(str.title),
    st.sampled_from(["Tadej Pogacar", "Vingegaard", "he", "won", "second", "the", "by", "and"]),
    st.sampled_from(["the group", "1:02", "seconds", "respectively", "in", "of", "home", ","]),
    st.text(max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=14).map(" ".join))
def test_the_rare_cue_test_is_whether_any_rare_cue_holds_a_needle(text: str) -> None:
    assert cues.RARE_CUES.holds_needle(text) == any(p.holds_needle(text) for p in _RARE_PATTERNS)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=14).map(" ".join), st.sampled_from(["stage", "one-day"]))
def test_a_rare_cue_reader_finds_nothing_without_its_needles(text: str, category: str) -> None:
    riders = Riders()
    riders.learn("Tadej Pogacar")
    riders.learn("Jonas Vingegaard")
    race = RaceFacts(name="Tour de France", year=2024, stage="5", category=category)  # type: ignore[arg-type]
    seg = Segment(text, 0, "prose")
    for reader, reads_rare_cue in _READERS:
        sentence = _SentenceReader(
            Sentence(text, 0, len(text)), seg, race, riders, 1, "Tadej Pogacar"
        )
        reader(sentence)
        if reads_rare_cue and not cues.RARE_CUES.holds_needle(sentence.text):
            assert sentence.claims == {}
