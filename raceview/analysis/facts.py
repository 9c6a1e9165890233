"""Race facts stated in prose: distance, start and finish, edition."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from raceview.analysis.prefilter import Prefiltered, folded, prefiltered
from raceview.analysis.words import MONTHS, WEEKDAYS

_I = re.IGNORECASE
_KM = prefiltered(
    r"(?<![\d.,])(\d{2,3}(?:[.,]\d{1,2})?)\s?-?\s?(?:km|kms|kilometres|kilometers|kilometre|kilometer)\b",
    _I,
)
_MILES = prefiltered(r"(?<![\d.,])(\d{2,3}(?:\.\d)?)\s?-?\s?(?:miles?|mi)\b", _I)
_NOT_RACE_LENGTH_AFTER = re.compile(
    r"^\W*(?:to go|to race|to ride|remaining|left|from (?:the )?(?:finish|line|end)|out\b"
    r"|before|into|of the (?:race|stage|route|course)|climb|ascent|long climb|uphill|descent"
    r"|solo|breakaway|break|attack|lead|per hour|an hour|/h|h\b|time trial)",
    _I,
)
_NOT_RACE_LENGTH_BEFORE = prefiltered(
    r"(?:final|last|first|with|after|within|at|the closing|around|some|about|over|under|inside"
    r"|in the|opening|remaining|averag\w*)\s*$",
    _I,
)
_RACE_CONTEXT = prefiltered(
    r"\b(?:race|stage|route|course|one-day|classic|parcours|journey|day|event|edition|rode"
    r"|covered|raced|long|hilly|flat|mountain|lumpy|rolling|over|of racing)\b",
    _I,
)
_PLACE = r"[A-Z][\w'’.-]+(?:[ -](?:de|del|la|le|les|di|sur|en|am|an|im|of|the|[A-Z][\w'’.-]+))*"
_FROM_TO = prefiltered(rf"\bfrom ({_PLACE}) (?:and back )?to ({_PLACE})")
_STARTED_IN = prefiltered(rf"\b(?:start(?:ed|ing|s)? in|depart(?:ed|ing|s)? from) ({_PLACE})")
_FINISH_IN = prefiltered(
    rf"\b(?:finish(?:ed|ing|es)? (?:in|at)|finish line in|the finish in|arriv(?:ed|al|ing) in)"
    rf" ({_PLACE})"
)
_EDITION = prefiltered(r"\b(\d{1,3})(?:st|nd|rd|th) (?:edition|running|(?:annual )?[A-Z])")
_NOT_PLACE = frozenset(
    ("The", "A", "An", "His", "Her", "Their", "Its", "This", "That", *WEEKDAYS, *MONTHS)
)


#: How far before its needle a match of each pattern can start: "320.55 - km", "the finish in".
_REACH = {"km": 9, "miles": 8, "edition": 3, "from": 0, "start": 0, "finish": 4}


#: The patterns every match of which begins with a digit (a length, an edition number): only
#: digits are tried as their starts, not each character within reach of 'mi' or 'th '.
_DIGIT_LED = frozenset((_KM, _MILES, _EDITION))
_DIGIT = re.compile(r"\d")  # a decimal digit (Unicode category Nd), as `str.isdecimal` tells


def _matches(pattern: Prefiltered, text: str, reach: int) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern each match of which holds one of its needles at
    most `reach` characters after its start: only the positions so close before a needle are
    tried, so the digits of a results table cost nothing. (Its matches are never empty.)"""
    if pattern.needles is None:
        yield from pattern.compiled.finditer(text)
        return
    lower = _folded_text(text)
    if pattern in _DIGIT_LED:  # `\d` is a decimal digit; folding keeps every digit in place
        # a needle with no digit within reach before it ('and ', 'Emirates') starts nothing
        digit = _DIGIT.search
        starts = {
            p
            for n in _needle_stems(pattern.needles)
            for i in _occurrences(lower, n)
            if digit(lower, max(0, i - reach), i + 1)
            for p in range(max(0, i - reach), i + 1)
            if lower[p].isdecimal()
        }
    else:
        starts = {
            p
            for n in _needle_stems(pattern.needles)
            for i in _occurrences(lower, n)
            for p in range(max(0, i - reach), i + 1)
        }
    end = 0
    for start in sorted(starts):
        if start >= end:
            match = pattern.compiled.match(text, start)
            if match:
                yield match
                end = match.end()


_STEM = 4  # needles that share their first characters are looked for by what they share


@lru_cache(maxsize=16)  # one set of needles a pattern (keyed on bundled patterns only)
def _needle_stems(needles: frozenset[str]) -> tuple[str, ...]:
    """Fewer strings to find, in place of the needles: each group of needles sharing their
    first `_STEM` characters by its common prefix ('start in', 'started in', 'starting in'
    by 'start'). A prefix stands where its needle does, so every needle's occurrence is one
    of its stem's, at the same place: the reach is unchanged, a few more starts are tried."""
    groups: dict[str, list[str]] = {}
    for needle in needles:
        groups.setdefault(needle[:_STEM], []).append(needle)
    return tuple(sorted(_common_prefix(group) for group in groups.values()))


def _common_prefix(strings: list[str]) -> str:
    """The longest prefix all the strings share (that of the first and last in order)."""
    first, last = min(strings), max(strings)
    size = next(
        (i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first)
    )
    return first[:size]


def _occurrences(text: str, needle: str) -> Iterator[int]:
    """Where `needle` stands in `text`."""
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


@lru_cache(maxsize=4)  # the facts text is read for each of the patterns
def _folded_text(text: str) -> str:
    return folded(text)


def distance_km(text: str) -> float | None:
    """The race's length: the most precise of the lengths stated for the whole race."""
    found: list[float] = []
    for match in _matches(_KM, text, _REACH["km"]):
        if _is_race_length(text, match.start(), match.end()):
            found.append(float(match.group(1).replace(",", ".")))
    for match in _matches(_MILES, text, _REACH["miles"]):
        if _is_race_length(text, match.start(), match.end()):
            found.append(round(float(match.group(1)) * 1.609344, 1))
    plausible = [km for km in found if 5 <= km <= 320]
    if not plausible:
        return None
    longest = max(plausible)
    close = [km for km in plausible if longest - km < 1.0]
    return max(close, key=lambda km: (len(f"{km:g}"), km))


def _is_race_length(text: str, start: int, end: int) -> bool:
    after = text[end : end + 40]
    before = text[max(0, start - 30) : start]
    if _NOT_RACE_LENGTH_AFTER.match(after) or _NOT_RACE_LENGTH_BEFORE.search(before):
        return False
    sentence = text[max(0, start - 120) : end + 80]
    return bool(_RACE_CONTEXT.search(sentence))


def start_finish(text: str) -> tuple[str | None, str | None]:
    """Start and finish towns ("from Estella and back to Estella")."""
    for match in _matches(_FROM_TO, text, _REACH["from"]):
        start, finish = match.group(1), match.group(2)
        window = text[max(0, match.start() - 150) : match.end() + 80]
        if _place(start) and _place(finish) and _RACE_CONTEXT.search(window):
            return start, finish
    start = next(_places(_STARTED_IN, text, _REACH["start"]), None)
    finish = next(_places(_FINISH_IN, text, _REACH["finish"]), None)
    return start, finish


def _places(pattern: Prefiltered, text: str, reach: int) -> Iterator[str]:
    """The place names `pattern` finds (its first group)."""
    return (m.group(1) for m in _matches(pattern, text, reach) if _place(m.group(1)))


def _place(name: str) -> bool:
    return name.split()[0] not in _NOT_PLACE and len(name) >= 3


def edition(text: str) -> int | None:
    """The edition number ("the 32nd edition", "the 108th Tour")."""
    match = next(_matches(_EDITION, text, _REACH["edition"]), None)
    if match is None:
        return None
    number = int(match.group(1))
    return number if 1 <= number <= 150 else None
