"""Identifiers and comparison keys built from names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class _CombiningMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < 8192:  # hostile text may use every code point: bounded
            self[code] = kept
        return kept


_NO_COMBINING = _CombiningMarks()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accents stripped: 'Pogačar' -> 'pogacar'."""
    if text.isascii():
        return text.lower()
    stripped = unicodedata.normalize("NFKD", text).translate(_NO_COMBINING)
    lowered = stripped.lower()  # first, so that Ø, Æ and Ł fold too
    return lowered.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A comparison key: folded and with everything but letters and digits removed."""
    return _NON_ALNUM.sub("", fold(text))


def slug(text: str) -> str:
    """A URL-safe slug: 'Gran Premio Miguel Induráin' -> 'gran-premio-miguel-indurain'."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def race_id(name: str, year: int, stage: str | None = None, day: dt.date | None = None) -> str:
    """The race id: slug of the canonical name, the year and, for a stage, the stage.

    A day of a stage race whose number is unknown is told apart by its date (`day`):
    'tour-de-france-2024-07-05', so that reports of different days never merge.
    """
    base = f"{slug(name)}-{year}"
    if stage:
        return f"{base}-stage-{slug(stage)}"
    if day is not None:
        return f"{base}-{day:%m-%d}" if day.year == year else f"{base}-{day.isoformat()}"
    return base


_DAY_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")  # the year, then the day's month and day


def is_day_id(race_id: str) -> bool:
    """Whether a race id names an unnumbered day of a stage race ('...-2024-07-05')."""
    return bool(_DAY_SUFFIX.search(race_id))
