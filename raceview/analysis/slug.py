"""Identifiers and comparison keys built from names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accents stripped: 'Pogačar' -> 'pogacar'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = stripped.lower()  # first, so that Ø, Æ and Ł fold too
    return lowered.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A comparison key: folded and with everything but letters and digits removed."""
    return _NON_ALNUM.sub("", fold(text))


def slug(text: str) -> str:
    """A URL-safe slug: 'Gran Premio Miguel Induráin' -> 'gran-premio-miguel-indurain'."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def race_id(name: str, year: int, stage: str | None = None) -> str:
    """The race id: slug of the canonical name, the year and, for a stage, the stage."""
    base = f"{slug(name)}-{year}"
    return f"{base}-stage-{slug(stage)}" if stage else base
