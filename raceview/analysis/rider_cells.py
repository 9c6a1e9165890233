"""A results table's rider cell: the rider's name, and the team and nation written with it.

'Tadej Pogačar (Slo) UAE Team Emirates', 'X, Denmark, Team', or most often a bare name. A bare
name is read without `find_mentions`: `bare_name` accepts only cells it reads as
`find_mentions` and the rest of `read_rider_cell` would (tests/test_rider_cells.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from raceview.analysis import catalogue
from raceview.analysis.mentions import find_mentions, looks_like_name
from raceview.analysis.names import display_name
from raceview.analysis.words import LEADING_STOPWORDS

_CODE = re.compile(r"\s+([A-Z]{3})(?=\s|$)")  # ' SLO': a nation's code, maybe
_BARE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # letters, maybe hyphenated
_LEADING_STOPWORDS = frozenset(LEADING_STOPWORDS)

RiderCell = tuple[str | None, str | None, str | None]  # rider, team, nationality


@lru_cache(maxsize=4096)
def rider_team(text: str) -> RiderCell:
    """Split 'Tadej Pogačar (Slo) UAE Team Emirates' or 'X, Denmark, Team' into its parts."""
    bare = bare_name(text)
    return (bare, None, None) if bare is not None else read_rider_cell(text)


def bare_name(text: str) -> str | None:
    """The name a cell of two to four capitalised words and nothing else denotes; None when it
    may be more than a name ('Team Visma', 'Lidl-Trek Mads Pedersen', 'Pogačar SLO').

    Such a cell is one run of capitalised words for `find_mentions` (or, if every word is a
    particle, none, and then the fallback of `read_rider_cell` reads it as a name too), so it
    is a name unless a catalogue lookup or a word list says otherwise: those are asked here.
    """
    words = text.split(" ")
    if not 2 <= len(words) <= 4 or words[0] in _LEADING_STOPWORDS:
        return None
    for word in words:
        if not (word[:1].isupper() and _BARE_WORD.fullmatch(word)):
            return None
    if _CODE.search(text) or not looks_like_name(words):
        return None
    parts = [" ".join(words[:k]) for k in range(1, len(words) - 1)]  # a team before the name
    parts += [" ".join(words[k:]) for k in range(2, len(words))]  # a team after it
    if any(catalogue.find_team(part) for part in parts):
        return None
    if catalogue.find_team(text) or catalogue.find_country(text):
        return None
    if catalogue.norm(text) in catalogue.race_alias_index():
        return None
    return display_name(text)


def read_rider_cell(text: str) -> RiderCell:
    """The rider, team and nationality of any rider cell, read as prose names are."""
    text = _CODE.sub(_code_in_parens, text, count=1)
    mentions = find_mentions(text)
    if mentions and mentions[0].start <= 2:
        m = mentions[0]
        team, nat = m.team, m.nationality
        tail = re.sub(r"^\s*\([^()]*\)", "", text[m.end :]).strip(" ,;|-–—\t")
        for part in [p.strip() for p in re.split(r"\s*,\s*", tail) if p.strip()]:
            if catalogue.find_country(part) and not catalogue.find_team(part):
                nat = nat or part
            elif team is None or catalogue.find_country(team):
                if team and catalogue.find_country(team):
                    nat = nat or team
                team = part
        return m.name, team or None, nat
    parts = [p.strip() for p in re.split(r"\s{2,}|\s[|–—-]\s|,\s", text) if p.strip()]
    if len(parts) >= 2 and len(parts[0].split()) >= 2:
        return display_name(parts[0]), parts[1], None
    words = text.split()
    for k in range(len(words) - 1, 1, -1):
        if catalogue.find_team(" ".join(words[k:])):
            return display_name(" ".join(words[:k])), " ".join(words[k:]), None
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if len(w) > 3):
        return display_name(text), None, None
    return None, None, None


def _code_in_parens(match: re.Match[str]) -> str:
    """' SLO' -> ' (SLO)' when it is a nation's code and no team's name."""
    code = match.group(1)
    if catalogue.find_country(code) and not catalogue.find_team(code):
        return f" ({code})"
    return match.group(0)
