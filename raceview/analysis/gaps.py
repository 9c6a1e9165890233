"""Time gaps in every notation reports use, with what they are relative to.

"two seconds behind", "+0:13", "0:00:13", "1'05\"", "1min 5sec", "a minute and five seconds",
"a three-second gap", "s.t.", "same time", "a further 8 seconds back", "a bike length" (unknown).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from raceview.analysis.folded_patterns import FoldedPattern, groups
from raceview.analysis.prefilter import folded, prefiltered

GapKind = Literal["gap", "relative", "same", "vague", "time"]

_I = re.IGNORECASE
_UNITS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "half": 0,
}  # fmt: skip
_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
# The number words a gap can be written in, in the order the pattern tries them.
NUMBER_BRANCHES = [
    *(rf"{tens}(?:[- ](?:{'|'.join(_ONES)}))?" for tens in ("twenty", "thirty", "forty", "fifty")),
    *_ONES,
    *_TEENS,
    "an?",
]


def first_letter_groups(branches: list[str]) -> str:
    """The alternation of `branches` (each opening with a plain lowercase letter), grouped by
    that letter: `re` tests each letter once, not every branch in turn (twice as quick where
    a word matches none). Branches opening with different letters never match at the same
    place (not even under IGNORECASE), and each group keeps its branches in order, so the
    grouped alternation matches exactly what the plain one does."""
    groups: dict[str, list[str]] = {}
    for branch in branches:
        groups.setdefault(branch[0], []).append(branch[1:])
    return "|".join(
        letter + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
        for letter, rests in groups.items()
    )


_NUM = rf"(?:\d{{1,4}}|{first_letter_groups(NUMBER_BRANCHES)})"
_H = r"(?:hours?|hrs?|h)"
_M = r"(?:minutes?|mins?|m|')"
_S = r"(?:seconds?|secs?|sec|s|\"|''|”|″)"

_CLOCK = prefiltered(r"(?<![\d:.])(\+\s?)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])", shortest=1)
_PRIME = prefiltered(r"(?<![\d'])(\+\s?)?(?:(\d{1,2})h\s?)?(\d{1,2})[’'′]\s?(\d{1,2})(?:\"|''|”|″)")
_UNIT_RUN = prefiltered(
    rf"(?<![\w.])(?=\+?\s?{_NUM}(?:[.,]\d{{1,3}})?[\s-]?(?:{_H}|{_M}|{_S})(?!\w))(\+\s?)?"
    rf"(?:({_NUM})[\s-]?{_H}\.?,?\s*(?:and\s+)?)?(?:({_NUM})[\s-]?{_M}\.?,?\s*"
    rf"(?:and\s+)?)?(?:({_NUM})(?:[.,](\d{{1,3}}))?[\s-]?{_S}\.?)?(?![\w])",
    _I,
)
_PLUS_SECONDS = prefiltered(r"(?<![\w+])\+\s?(\d{1,4})(?![\d:'’.,]|\s?(?:km|m\b|%))", shortest=1)
_SAME = prefiltered(
    r"\bs\.\s?t\.?(?!\w)|\bsame time\b|\bin the same group\b"
    r"|(?<![\w,]),,(?![\w,])|\bin the same time\b|(?<=\s)st(?=\s*$)",
    _I,
)
_VAGUE = prefiltered(
    r"\b(?:a couple of|a few|a handful of|several|(?:just\s+)?(?:over|under|more than|less than"
    r"|almost|nearly|around|about|roughly|some|barely|little more than)\s+(?:a|an|" + _NUM + r"))"
    r"\s*(?:seconds?|minutes?)\b"
    r"|\b(?:a|half a|a quarter of a|a couple of|a few|several|\d+|" + _NUM + r")\s*(?:bike[- ])?"
    r"(?:bike lengths?|wheels?|lengths?|metres?|meters?|tyres?|tires?|centimetres?|inches?)\b"
    r"|\b(?:bike|half a bike|wheel)[- ]length\b|\bphoto[- ]finish\b|\bnarrowly\b",
    _I,
)
# The case-insensitive ones run on the folded text (the same spans, quicker).
_VAGUE_FOLDED = FoldedPattern(_VAGUE)
_SAME_FOLDED = FoldedPattern(_SAME)
_UNIT_RUN_FOLDED = FoldedPattern(_UNIT_RUN, look_ahead=False)  # slower with it (measured)
# A unit run starts where `\+?\s?` and a number with its unit follow (its look-ahead): so at
# most 2 characters before a number's unit written after a digit (at most 3 characters after
# the number starts, `\d{1,4}`) or after a number word. A text with neither has no unit run,
# and none starts more than 5 characters before the first of them.
_UNIT_AFTER = rf"(?:[.,]\d{{1,3}})?[\s-]?(?:{_H}|{_M}|{_S})(?!\w)"
# A number (a digit or a number word) followed by its unit: the first place one starts is the
# first of either kind's (one search, not one for each).
_NUMBER_WITH_UNIT = FoldedPattern(
    prefiltered(rf"(?:\d|{first_letter_groups(NUMBER_BRANCHES)}){_UNIT_AFTER}", _I)
)
_UNIT_RUN_LEAD = 5
#: The characters one of which every `_PRIME` match holds (its minutes mark).
_PRIME_MARKS = ("'", "’", "′")
# What a unit run is checked against (inline before: `re`'s cache lookup cost as much).
_DIGIT_OR_LETTER = re.compile(r"\d|[a-z]", _I)
_ARTICLE_RUN = re.compile(r"\+?\s*an?\s", _I)
_DECADE = re.compile(r"\d0s")
_AGE_BEFORE = re.compile(r"(?:mid-|early |late |(?:his|her|their) )$", _I)
_BARE_ARTICLE = re.compile(r"\+?\s*an?\s*[a-z\"']{1,2}\.?", _I)
_ARTICLE_CONTEXT_BEFORE = re.compile(r"\b(?:by|at|just|only|barely|than)\s*$", _I)
_ARTICLE_CONTEXT_AFTER = re.compile(
    r"^\s*(?:and\b|behind|back|down|ahead|later|adrift|gap|clear|in arrears|lead|advantage)", _I
)
_RELATIVE_BEFORE = re.compile(r"\b(?:a further|another|further|an additional|additional)\s*$", _I)
#: The words every `_RELATIVE_BEFORE` match ends with (before its `\s*$`), folded.
_RELATIVE_LAST = ("further", "another", "additional")
_RELATIVE_AFTER = re.compile(r"^\s*(?:further (?:back|behind|down|adrift)|more)\b", _I)
_TIME_BEFORE = re.compile(
    r"\b(?:in(?: a (?:winning )?time of)?|time of"
    r"|clocked|clocking|covered .{0,40} in|in a time)\s*$",
    _I,
)
#: The words every `_TIME_BEFORE` match ends with (before its `\s*$`), folded.
_TIME_LAST = ("in", "of", "clocked", "clocking", "time")


@dataclass(frozen=True)
class Gap:
    """A gap (or a finishing time) stated somewhere in a sentence."""

    start: int
    end: int
    seconds: int | None
    kind: GapKind


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word)
    total = 0
    for part in parts:
        if part not in _UNITS:
            return None
        total += _UNITS[part]
    return total


def find_gaps(text: str) -> list[Gap]:
    """Every gap, time, same-time marker and vague margin in `text`, in order."""
    return list(_find_gaps(text))


@lru_cache(maxsize=4096)
def _find_gaps(text: str) -> tuple[Gap, ...]:
    """`find_gaps`, remembered: a story's sentences come back in its later versions (a `Gap`
    is immutable, so one is shared by every caller)."""
    found: list[Gap] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, seconds: int | None, kind: GapKind) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Gap(start, end, seconds, kind))

    for m in _VAGUE_FOLDED.finditer(text):
        add(m.start(), m.end(), None, "vague")
    for m in _SAME_FOLDED.finditer(text):
        add(m.start(), m.end(), None, "same")
    for m in _PRIME.finditer(text) if _holds_prime_mark(text) else ():
        secs = int(m.group(2) or 0) * 3600 + int(m.group(3)) * 60 + int(m.group(4))
        add(m.start(), m.end(), secs, _kind(text, m.start(), m.end(), secs, bool(m.group(1))))
    for m in _CLOCK.finditer(text):
        a, b, c = int(m.group(2)), int(m.group(3)), m.group(4)
        if b >= 60 or (c is not None and int(c) >= 60) or _looks_like_hour_of_day(text, m.end()):
            continue
        secs = a * 3600 + b * 60 + int(c) if c is not None else a * 60 + b
        add(m.start(), m.end(), secs, _kind(text, m.start(), m.end(), secs, bool(m.group(1))))
    for m in _unit_runs(text):
        whole, plus, hours, minutes, seconds, decimals = groups(text, m)
        assert whole is not None
        if not (hours or minutes or seconds) or not whole.strip():
            continue
        if not _DIGIT_OR_LETTER.search(whole) or _bare_article(whole):
            continue
        if _ARTICLE_RUN.match(whole) and not _article_in_context(text, m.start(), whole):
            continue
        if _DECADE.fullmatch(whole.strip()) and _AGE_BEFORE.search(
            text[max(0, m.start() - 8) : m.start()]
        ):
            continue  # "in her mid-20s" is an age
        h, mi, s = _number(hours), _number(minutes), _number(seconds)
        if None in [v for v, g in ((h, hours), (mi, minutes), (s, seconds)) if g]:
            continue
        secs = (h or 0) * 3600 + (mi or 0) * 60 + (s or 0)
        if decimals:  # "6.8 seconds": whole seconds, rounded
            secs += round(int(decimals) / 10 ** len(decimals))
        end = m.end()
        while end > m.start() and text[end - 1] in " ,":
            end -= 1
        add(m.start(), end, secs, _kind(text, m.start(), end, secs, bool(plus)))
    for m in _PLUS_SECONDS.finditer(text):
        add(m.start(), m.end(), int(m.group(1)), "gap")
    return tuple(sorted(found, key=lambda g: g.start))


def _holds_prime_mark(text: str) -> bool:
    """Whether the text holds one of `_PRIME_MARKS` (which every `_PRIME` match holds)."""
    return "'" in text or "’" in text or "′" in text


def _unit_runs(text: str) -> Iterator[re.Match[str]]:
    """`_UNIT_RUN_FOLDED.finditer(text)`, from a little before the first number with a unit
    (none when the text has no such number)."""
    first = _NUMBER_WITH_UNIT.search(text)
    if first is None:
        return iter(())
    return _UNIT_RUN_FOLDED.finditer(text, max(0, first.start() - _UNIT_RUN_LEAD))


def _bare_article(run: str) -> bool:
    """'a m' or 'an s' are words, not gaps: a number word alone needs a spelled-out unit."""
    return bool(_BARE_ARTICLE.fullmatch(run.strip()))


def _article_in_context(text: str, start: int, run: str) -> bool:
    """'by a second', 'a minute behind': a spelled-out 'a' counts only next to gap words
    (`run`, the unit run found at `start`)."""
    return bool(
        _ARTICLE_CONTEXT_BEFORE.search(text[max(0, start - 12) : start])
        or _ARTICLE_CONTEXT_AFTER.match(text[start + len(run) :])
        or " and " in run
    )


def _looks_like_hour_of_day(text: str, end: int) -> bool:
    return bool(
        re.match(
            r"\s*(?:am|pm|a\.m\.|p\.m\.|cet|cest|bst|gmt|utc|local time|hrs)\b", text[end:], _I
        )
    )


def _kind(text: str, start: int, end: int, seconds: int, plus: bool) -> GapKind:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    if plus:
        return "gap"
    # the words a match of the patterns ending in `\s*$` ends with, asked first (a search
    # for such a pattern tries every place of `before`)
    last = folded(before).rstrip()
    relative_before = last.endswith(_RELATIVE_LAST) and _RELATIVE_BEFORE.search(before)
    if relative_before or _RELATIVE_AFTER.match(after):
        return "relative"
    if (last.endswith(_TIME_LAST) and _TIME_BEFORE.search(before)) or (
        seconds >= 3600 and not re.match(r"\s*(?:down|behind|back)", after)
    ):
        return "time"
    return "gap"


@lru_cache(maxsize=4096)
def parse_time_cell(cell: str) -> Gap | None:
    """A table's time cell: an absolute time, a gap, 's.t.' or blank-as-same (a `Gap` is
    immutable, so one is shared by every row that has the cell)."""
    text = cell.strip()
    if not text or text in {",,", "''", '"', "=", "-", "—", "–"}:
        return Gap(0, len(cell), None, "same")
    clock = _CELL_CLOCK.fullmatch(text)
    if clock and int(clock.group(3)) < 60 and int(clock.group(4) or 0) < 60:
        return _clock_cell(clock)
    gaps = find_gaps(text)
    if not gaps:
        return None
    gap = gaps[0]
    if gap.kind == "time" and (text.startswith("+") or text.lower().startswith("at")):
        return Gap(gap.start, gap.end, gap.seconds, "gap")
    return gap


_CELL_CLOCK = re.compile(r"(\+\s?)?(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _clock_cell(clock: re.Match[str]) -> Gap:
    """'+0:13', '0:13' or '3:42:03' alone in a cell (what `find_gaps` makes of it, quicker)."""
    a, b, c = int(clock.group(2)), int(clock.group(3)), clock.group(4)
    seconds = a * 3600 + b * 60 + int(c) if c is not None else a * 60 + b
    kind: GapKind = "time" if seconds >= 3600 and not clock.group(1) else "gap"
    return Gap(0, clock.end(), seconds, kind)
