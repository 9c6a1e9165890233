"""Championships: world, European, Olympic and national, road race or time trial, by gender."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from raceview.analysis import catalogue
from raceview.analysis.catalogue import RaceEntry
from raceview.analysis.prefilter import AnyNeedle, prefiltered

_I = re.IGNORECASE
_LEVELS = {
    "world": prefiltered(
        r"\bworld (?:road )?championships?\b|\bworlds\b"
        r"|\bworld (?:road race |time trial |tt )?(?:title|crown)\b"
        r"|\b(?:is|becomes?|became|crowned|retains?|retained|wins?|won|claims?|claimed|takes?|took"
        r"|defends?|defended|new) (?:the |her |his )?(?:new )?(?:world champion|rainbow jersey"
        r"|rainbow stripes|rainbow bands)",
        _I,
    ),
    "european": prefiltered(
        r"\beuropean (?:road )?championships?\b|\beuros\b"
        r"|\beuropean (?:road race |time trial |tt )?(?:title|crown)\b",
        _I,
    ),
    "olympic": prefiltered(
        r"\bolympic (?:games|road race|time trial|title|gold)\b|\bolympics\b", _I
    ),
    "national": prefiltered(
        r"\bnational (?:road )?(?:race |time trial )?(?:championships?|title)\b"
        r"|\b(?:is|becomes?|became|crowned"
        r"|new) (?:the )?(?:new )?(?P<nation>[A-Z][a-z]+) (?:road race "
        r"|time trial |road )?champion\b"
        r"|\b(?P<nation2>[A-Z][a-z]+) (?:national |road race |time trial |road )?"
        r"champion(?:ship)?s?\b(?=[ !.,])"
        r"|\bnationals\b|\bpro road (?:race )?(?:national )?(?:championships?|title)\b"
        r"|\b(?:road race|time trial|road) (?:championships?|title)\b|\bstars-and-stripes\b"
        r"|\btricolore\b|\bnational champion\b",
        _I,
    ),
}
#: A text holding no needle of any level's pattern names no championship.
_ANY_LEVEL = AnyNeedle(*_LEVELS.values())
_TIME_TRIAL = prefiltered(r"\btime[- ]trial\b|\bITT\b|\bTT\b|\bchrono\b|\bagainst the clock\b", _I)
_FEMALE = re.compile(r"\b(?:she|her|hers|women'?s?|woman)\b", _I)
_MALE = re.compile(r"\b(?:he|his|him|men'?s)\b", _I)
_ROAD_RACE = re.compile(r"\broad race\b", _I)
_WOMEN = prefiltered(r"\bwomen'?s?\b|\bfemmes?\b|\bladies\b|\bshe\b|\bher\b", _I)


class Zone(Protocol):
    """A weighted piece of text."""

    @property
    def text(self) -> str: ...

    @property
    def weight(self) -> float: ...


def championship(zones: Sequence[Zone]) -> tuple[RaceEntry | None, float]:
    """The championship the weighted zones report, with the weight of evidence."""
    scores: dict[str, float] = {}
    for zone in zones[:4]:
        if not _ANY_LEVEL.holds_needle(zone.text):
            continue  # the usual case: no level's pattern could match
        for level, pattern in _LEVELS.items():
            if any(_is_level(level, m) for m in pattern.finditer(zone.text)):
                scores[level] = scores.get(level, 0.0) + zone.weight
    if not scores:
        return None, 0.0
    level, score = max(scores.items(), key=lambda item: item[1])
    head = " ".join(z.text for z in zones[:3])
    tt = _time_trial(zones[0].text if zones else "", head)
    lead = " ".join(z.text for z in zones[:3])
    female = len(_FEMALE.findall(lead))
    male = len(_MALE.findall(lead))
    women = (
        bool(_WOMEN.search(" ".join(z.text for z in zones[:2]))) and female >= male
    ) or female > male
    entry = _national(head, women) if level == "national" else _international(level, tt, women)
    return entry, score if entry else 0.0


def _time_trial(title: str, head: str) -> bool:
    """The discipline the title names first; else the one the head names."""
    for text in (title, head):
        road = _ROAD_RACE.search(text)
        chrono = _TIME_TRIAL.search(text)
        if road or chrono:
            return chrono is not None and (road is None or chrono.start() < road.start())
    return False


def _is_level(level: str, match: re.Match[str]) -> bool:
    """A national cue names a nation ('Belgian champion'), not a race ('Giro champion')."""
    if level != "national":
        return True
    nation = match.groupdict().get("nation") or match.groupdict().get("nation2")
    return nation is None or catalogue.find_country(nation) is not None


def _international(level: str, tt: bool, women: bool) -> RaceEntry | None:
    word = {"world": "World", "european": "European", "olympic": "Olympic"}[level]
    for race in catalogue.races():
        if race.tier != "championship" or word not in race.name:
            continue
        if ("Time Trial" in race.name) == tt and (race.gender == "women") == women:
            return race
    return None


def _national(text: str, women: bool) -> RaceEntry | None:
    nations: dict[tuple[str, str], RaceEntry] = {}
    for race in catalogue.races():
        if race.tier == "championship" and "National" in race.name:
            base = race.name.split(" National")[0]
            country = catalogue.find_country(base) or catalogue.find_country(
                {"US": "USA"}.get(base, base)
            )
            if country is not None:
                nations.setdefault((country.ioc, race.gender), race)
    for word in re.findall(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?", text):
        for candidate in (word, word.split()[0]):
            if len(candidate) == 2 and not candidate.isupper():
                continue
            country = catalogue.find_country({"US": "USA", "U.S.": "USA"}.get(candidate, candidate))
            if country is not None:
                entry = nations.get((country.ioc, "women" if women else "men"))
                if entry is not None:
                    return entry
    return None
