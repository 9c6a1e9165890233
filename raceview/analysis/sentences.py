"""Sentences with their character spans, aware of initials, abbreviations and decimals."""

from __future__ import annotations

import re
from typing import NamedTuple

_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9À-ÖØ-Þ])")
_LAST_WORD = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"(?:[a-zA-Z]\.)+[a-zA-Z]?")
_ABBREVIATIONS = frozenset(
    [
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "vs",
        "no",
        "nos",
        "approx",
        "km",
        "ca",
        "inc",
        "ltd",
        "co",
        "gen",
        "sgt",
        "col",
        "mt",
        "ft",
        "pt",
        "fig",
        "etc",
    ]
)


class Sentence(NamedTuple):
    """A sentence and where it stands in its text (a tuple: a report has dozens)."""

    text: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split `text` into sentences; spans are offsets into the text plus `offset`."""
    out: list[Sentence] = []
    if not _may_split(text):
        _add(out, text, 0, len(text), offset)
        return out
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        end = match.end()
        _add(out, text, start, end, offset)
        start = end
    _add(out, text, start, len(text), offset)
    return out


def _may_split(text: str) -> bool:
    """Whether `_BOUNDARY` can match: a sentence mark with a character after it (a paragraph
    of one sentence ends with its only mark)."""
    body = text[:-1]
    return "." in body or "!" in body or "?" in body or "…" in body


def _add(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Sentence(stripped, offset + s, offset + s + len(stripped)))


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    word = _LAST_WORD.search(text[max(0, dot - 40) : dot])
    if word is None:
        return False
    token = word.group(1).lstrip("(\"'“‘")
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "J. Smith"
    if token.lower().rstrip(".") in _ABBREVIATIONS:
        return True
    return bool(_DOTTED.fullmatch(token))  # "s.t", "U.S"
