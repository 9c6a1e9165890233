"""The curated tables of races, teams and countries (facts, in raceview/data/*.json)."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, chain, compress, count
from typing import Any

from raceview.analysis.slug import fold

_ALPHANUMERICS = re.compile(r"[a-z0-9]+")
_TOKENS = re.compile(r"\S+")


def norm(text: str) -> str:
    """Folded text with every run of non-alphanumerics as one space, padded by spaces."""
    return _norm(text) if len(text) < 200 else _padded_words(text)


@cache  # short texts: names, cells and headings asked again and again
def _norm(text: str) -> str:
    return _padded_words(text)


def _padded_words(text: str) -> str:
    return " " + " ".join(norm_words(text)) + " "


def norm_words(text: str) -> list[str]:
    """The words of `norm(text)`, normalised a whitespace-separated piece at a time (the
    same: whitespace folds to no letter, and no accent straddles it): pieces recur."""
    return list(chain.from_iterable(map(_piece_words, text.split())))


@lru_cache(maxsize=512)  # a paragraph is read for the race, then again for the team vote
def text_words(text: str) -> tuple[str, ...]:
    """`norm_words(text)` as a tuple, kept for the texts of the document in hand."""
    return tuple(chain.from_iterable(map(_piece_words, text.split())))


def padded(words: Sequence[str]) -> str:
    """`norm(text)` from `norm_words(text)`: the words between spaces."""
    return " " + " ".join(words) + " "


@lru_cache(maxsize=16384)
def _piece_words(piece: str) -> tuple[str, ...]:
    """The normalised words of a piece of text without whitespace: '(Uno-X' -> 'uno', 'x'."""
    return tuple(_ALPHANUMERICS.findall(fold(piece)))


@dataclass(frozen=True)
class RaceEntry:
    """A race in the catalogue."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # "one-day" | "stage"
    gender: str  # "men" | "women"
    tier: str


@dataclass(frozen=True)
class TeamEntry:
    """A team in the catalogue."""

    name: str
    aliases: tuple[str, ...]
    gender: str


@dataclass(frozen=True)
class Country:
    """A nation: codes, name and demonym."""

    ioc: str
    name: str
    demonym: str
    abbrev: tuple[str, ...]


def _load(name: str) -> list[dict[str, Any]]:
    try:
        text = resources.files("raceview.data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    data = json.loads(text)
    return data if isinstance(data, list) else []


@cache
def races() -> tuple[RaceEntry, ...]:
    """Every race of the catalogue."""
    return tuple(
        RaceEntry(
            name=r["name"],
            aliases=tuple(r.get("aliases") or ()),
            kind=r.get("kind") or "one-day",
            gender=r.get("gender") or "men",
            tier=r.get("tier") or "other",
        )
        for r in _load("races.json")
    )


@cache
def teams() -> tuple[TeamEntry, ...]:
    """Every team of the catalogue."""
    return tuple(
        TeamEntry(
            name=t["name"], aliases=tuple(t.get("aliases") or ()), gender=t.get("gender") or "men"
        )
        for t in _load("teams.json")
    )


@cache
def countries() -> tuple[Country, ...]:
    """Every nation of the catalogue."""
    return tuple(
        Country(
            ioc=c["ioc"],
            name=c["name"],
            demonym=c.get("demonym") or "",
            abbrev=tuple(c.get("abbrev") or ()),
        )
        for c in _load("countries.json")
    )


@cache
def race_alias_index() -> dict[str, RaceEntry]:
    """Normalised alias (padded with spaces) -> race."""
    index: dict[str, RaceEntry] = {}
    for race in races():
        for alias in (race.name, *race.aliases):
            index.setdefault(norm(alias), race)
    return index


@dataclass(frozen=True)
class PhraseMatch:
    """Where a catalogue phrase stands in normalised text (the re.Match methods callers use)."""

    begin: int
    stop: int
    phrase: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def group(self, _: int = 0) -> str:
        return self.phrase


class PhraseMatcher:
    """Finds phrases (token sequences) in normalised text by their first token: linear time."""

    def __init__(self, phrases: set[str]) -> None:
        by_length: dict[str, dict[int, set[tuple[str, ...]]]] = {}
        for phrase in phrases:
            tokens = tuple(phrase.split())
            if tokens:
                by_length.setdefault(tokens[0], {}).setdefault(len(tokens), set()).add(tokens)
        # first token -> (length, the phrases of that length), longest first: one look-up a
        # length, not one comparison a phrase ('women' starts 188 race names)
        self._by_first: dict[str, list[tuple[int, frozenset[tuple[str, ...]]]]] = {
            first: [(n, frozenset(options[n])) for n in sorted(options, reverse=True)]
            for first, options in by_length.items()
        }
        # the same for phrases of two tokens or more, by their first two tokens: a token that
        # starts many phrases ('team') is tried only with the lengths its next token allows
        by_pair: dict[tuple[str, str], dict[int, set[tuple[str, ...]]]] = {}
        for first, options in by_length.items():
            for n, phrases_of_n in options.items():
                for tokens in phrases_of_n:
                    if n >= 2:
                        by_pair.setdefault((first, tokens[1]), {}).setdefault(n, set()).add(tokens)
        self._by_pair: dict[tuple[str, str], list[tuple[int, frozenset[tuple[str, ...]]]]] = {
            pair: [(n, frozenset(options[n])) for n in sorted(options, reverse=True)]
            for pair, options in by_pair.items()
        }
        self._single_words = frozenset(
            first for first, options in by_length.items() if 1 in options
        )

    def finditer(self, text: str) -> list[PhraseMatch]:
        """Longest phrases first, left to right, never overlapping (like a regex alternation)."""
        tokens = text.split()
        found = self._found(tokens)
        if not found:
            return []
        spans = [(m.start(), m.end()) for m in _TOKENS.finditer(text)]
        return [
            PhraseMatch(spans[i][0], spans[i + len(option) - 1][1], " ".join(option))
            for i, option in found
        ]

    def finditer_words(self, words: Sequence[str]) -> list[PhraseMatch]:
        """`finditer(padded(words))`, the places worked out from the words' lengths."""
        found = self._found(words)
        if not found:
            return []
        # token i of the padded text starts at starts[i] and ends one before starts[i + 1]
        starts = list(accumulate((len(w) + 1 for w in words), initial=1))
        return [
            PhraseMatch(starts[i], starts[i + len(option)] - 1, " ".join(option))
            for i, option in found
        ]

    def phrases(self, text: str) -> list[str]:
        """The phrases `finditer` finds, without their places (cheaper)."""
        return self.phrases_in(text.split())

    def phrases_in(self, words: Sequence[str]) -> list[str]:
        """The phrases `phrases` finds in the text of these words."""
        return [" ".join(option) for _, option in self._found(words)]

    def _found(self, tokens: Sequence[str]) -> list[tuple[int, tuple[str, ...]]]:
        """(token index, phrase) of each match; only tokens that start a phrase are tried,
        longest phrase first (those of two tokens or more by the token pair, then the token)."""
        by_pair = self._by_pair
        single_words = self._single_words
        found: list[tuple[int, tuple[str, ...]]] = []
        free = 0  # the first token not inside a match
        last = len(tokens) - 1
        for i in compress(count(), map(self._by_first.__contains__, tokens)):
            if i < free:
                continue
            first = tokens[i]
            if i < last:
                for n, options in by_pair.get((first, tokens[i + 1]), ()):
                    candidate = tuple(tokens[i : i + n])
                    if candidate in options:
                        found.append((i, candidate))
                        free = i + n
                        break
            if free <= i and first in single_words:
                found.append((i, (first,)))
                free = i + 1
        return found


@cache
def race_alias_pattern() -> PhraseMatcher:
    """Finds every race alias in normalised text, longest first."""
    return PhraseMatcher({a.strip() for a in race_alias_index()})


@cache
def team_alias_index() -> dict[str, TeamEntry]:
    """Normalised alias -> team."""
    index: dict[str, TeamEntry] = {}
    for team in teams():
        for alias in (team.name, *team.aliases):
            index.setdefault(norm(alias), team)
    return index


def find_team(text: str) -> TeamEntry | None:
    """The catalogue team `text` names exactly (punctuation and case aside)."""
    return team_alias_index().get(norm(text))


@cache
def country_index() -> dict[str, Country]:
    """Name, demonym, IOC code and abbreviations (normalised) -> country."""
    index: dict[str, Country] = {}
    for c in countries():
        for form in (c.name, c.demonym, c.ioc, *c.abbrev):
            if form:
                index.setdefault(norm(form), c)
    return index


def find_country(text: str) -> Country | None:
    """The country `text` names ('Bel', 'BEL', 'Belgium', 'Belgian')."""
    return country_index().get(norm(text))


@cache
def women_counterpart(race: RaceEntry) -> RaceEntry | None:
    """The women's race of the same name as a men's race, if the catalogue has one."""
    base = {norm(a).strip() for a in (race.name, *race.aliases)}
    starts, women, text = _women_text()
    found = [at for at in map(text.find, base) if at >= 0]
    return women[bisect_right(starts, min(found)) - 1] if found and women else None


@cache
def _women_text() -> tuple[list[int], list[RaceEntry], str]:
    """The women's races' normalised names, one a line, in one text (races in catalogue
    order), with the offset each race's lines begin at: the race holding the first place a
    name is found at is the first race one of whose names holds it (a name has no newline).
    """
    starts: list[int] = []
    women: list[RaceEntry] = []
    at = 0
    for race, names in _women_names():
        starts.append(at)
        women.append(race)
        at += len(names) + 1
    return starts, women, "\n".join(names for _, names in _women_names())


@cache
def _women_names() -> tuple[tuple[RaceEntry, str], ...]:
    """Each women's race with its normalised names, one a line."""
    return tuple(
        (race, "\n".join(norm(a) for a in (race.name, *race.aliases)))
        for race in races()
        if race.gender == "women"
    )


@cache
def _team_pattern() -> PhraseMatcher:
    return PhraseMatcher({a.strip() for a in team_alias_index() if len(a.strip()) > 3})


#: The team vote reads this much of a text.
TEAM_VOTE_CHARS = 20000


def team_gender_vote(text: str) -> str | None:
    """'women' when the teams a text names are mostly women's teams, 'men' when men's."""
    return team_gender_vote_in(norm_words(text[:TEAM_VOTE_CHARS]))


def team_gender_vote_in(words: Sequence[str]) -> str | None:
    """`team_gender_vote` of the text whose normalised words these are."""
    index = team_alias_index()
    counts = {"men": 0, "women": 0}
    for phrase in _team_pattern().phrases_in(words):
        counts[index[f" {phrase} "].gender] += 1
    if counts["women"] > counts["men"]:
        return "women"
    if counts["men"] > counts["women"]:
        return "men"
    return None
