"""Gallery captions: recognised, split apart and kept out of the article text."""

from __future__ import annotations

import re

from raceview.analysis.prefilter import prefiltered

# "(Image credit: Name/Agency)", "(Photo: ...)", "Photo: Name / Agency" at the end of a caption.
_CREDIT = prefiltered(
    r"\(\s*(?:image|photo|picture|pic)?\s*(?:credit|courtesy|source|by)?s?\s*:\s*[^()]{1,120}\)"
    r"|\((?:photo|image|picture)\s+by\s+[^()]{1,80}\)"
    r"|\b(?:photo|image|picture)\s*(?:credit)?\s*:\s*[A-Z][\w .'’&-]{1,60}/\s*[\w .'’&-]{1,40}",
    re.IGNORECASE,
)
_COUNTER = prefiltered(r"\b(?:image|photo|picture|slide)\s+\d+\s+(?:of|/)\s+\d+\b", re.IGNORECASE)


def is_caption_line(line: str) -> bool:
    """Whether a line is one or more gallery captions."""
    return bool(_COUNTER.search(line)) or _is_credited(line)


def _is_credited(line: str) -> bool:
    """Whether a line ends with a photo credit (or has several): a caption line."""
    # every credit holds '(' and ')', or ':' and '/': a line without them is not searched
    may_credit = ("(" in line and ")" in line) or (":" in line and "/" in line)
    return may_credit and len(_CREDIT.findall(line)) >= 1 and _mostly_captions(line)


def _mostly_captions(line: str) -> bool:
    """A story paragraph may credit a photo once; a caption line ends with its credit."""
    stripped = line.rstrip()
    return bool(_CREDIT.search(stripped[-130:])) or len(_CREDIT.findall(line)) >= 2


def split_captions(line: str) -> list[str]:
    """The captions in a line, credits and counters removed."""
    text = _COUNTER.sub(" ", line)
    pieces = _CREDIT.split(text)
    return [" ".join(p.split()) for p in pieces if len(p.split()) >= 2]


def extract_captions(lines: list[str]) -> tuple[list[str], list[str]]:
    """(story lines, captions) from the lines of a document."""
    story: list[str] = []
    captions: list[str] = []
    counted = _COUNTER.holds_needle("\n".join(lines))  # else no line holds a counter's word
    for line in lines:
        if (counted and _COUNTER.search(line)) or _is_credited(line):
            captions += split_captions(line)
        else:
            story.append(line)
    return story, captions
