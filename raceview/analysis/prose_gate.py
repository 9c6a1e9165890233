"""Which cue patterns a sentence can match, from one scan of its folded text.

Each prefiltered pattern skips a text that holds none of its needles, but asking a dozen
patterns means a dozen scans of the sentence (a trie pattern each: 1-5 µs). `NeedleGate`
scans the folded text once for all their needles and tells each pattern whether it may match.

The scan tries, at every place of the text, the longest needle that starts there (a trie behind
a look-ahead, so that needles may overlap). Every needle that starts at a place is a prefix of
the longest one, so each found needle stands for the patterns of the needles inside it
(`_stands_for`): the gate says "may match" for exactly the patterns whose needle the text
holds, the answer of each pattern's own needle test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from raceview.analysis import cues
from raceview.analysis.prefilter import Prefiltered, folded


class NeedleGate:
    """The needles of several prefiltered patterns, looked for in one scan."""

    __slots__ = ("_bit_of", "_bits", "_findall", "patterns")

    def __init__(self, patterns: Sequence[Prefiltered]) -> None:
        if any(p.needles is None for p in patterns):
            raise ValueError("a pattern without needles may match any text")
        self.patterns = tuple(patterns)
        owners: dict[str, int] = {}  # needle -> the patterns (bits) it is a needle of
        for i, pattern in enumerate(self.patterns):
            for needle in pattern.needles or ():
                owners[needle] = owners.get(needle, 0) | 1 << i
        self._bits = {needle: _stands_for(needle, owners) for needle in owners}
        self._findall = re.compile(f"(?=({_longest_first(owners)}))").findall
        self._bit_of = {pattern: 1 << i for i, pattern in enumerate(self.patterns)}

    def bit(self, *patterns: Prefiltered) -> int:
        """The bits of `patterns` in `scan`'s answer (0 for a pattern the gate does not know)."""
        bits = 0
        for pattern in patterns:
            bits |= self._bit_of.get(pattern, 0)
        return bits

    def found_in(
        self, bits: int, parts: Sequence[Prefiltered | re.Pattern[str]], text: str
    ) -> bool:
        """`any(part.search(text) for part in parts)`, each part the gate knows tried only
        when `bits` (the text's `scan`) say it may match, and then without its needle test."""
        for part in parts:
            if isinstance(part, Prefiltered) and part in self._bit_of:
                if bits & self._bit_of[part] and part.compiled.search(text):
                    return True
            elif part.search(text):
                return True
        return False

    def scan(self, text: str) -> int:
        """The bits of the patterns that may match `text` (a clear bit: it holds none of the
        pattern's needles)."""
        bits = 0
        for needle in self._findall(folded(text)):
            bits |= self._bits[needle]
        return bits


def _stands_for(found: str, owners: dict[str, int]) -> int:
    """The patterns a found needle stands for: those with a needle inside it."""
    bits = 0
    for start in range(len(found)):
        for end in range(start + 1, len(found) + 1):
            bits |= owners.get(found[start:end], 0)
    return bits


_Trie = dict[str, "_Trie"]


def _longest_first(needles: dict[str, int]) -> str:
    """A pattern matching the longest needle that starts at a place (a trie: one branch per
    next character; "" marks a needle's end)."""
    root: _Trie = {}
    for needle in needles:
        node = root
        for ch in needle:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(root)


def _trie_pattern(node: _Trie) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


# The patterns a result sentence is asked about: ANY_CUE's (has it a cue at all?), the readers'
# (which can find something?), the history and GC checks'.
GATE = NeedleGate(
    (
        cues.WIN,
        cues.ORDINAL,
        cues.FINISHED,
        cues.GC_WORDS,
        cues.STATUS,
        cues.PODIUM3,
        cues.RUNNER_UP,
        cues.FOLLOWED_BY,
        cues.LEADS,
        cues.MEDAL,
        cues.LED_GROUP,
        cues.RESPECTIVELY,
        cues.SPRINT_FOR,
        cues.RELEGATED,
        cues.SPRINT_WON_BY,
        cues.HISTORY_ANYWHERE,
        cues.GC_OPENING,
        cues.JERSEY_ASIDE,
    )
)
