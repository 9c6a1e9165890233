"""Patterns run only on texts that hold a word every one of their matches must contain.

Python's `re` tries a case-insensitive alternation of words at every position of a text, and
most sentences hold none of the words: "won", "victory", "bike length". `prefiltered` works out,
from the parsed pattern, literal strings one of which every match contains, and skips the
pattern when the lowercased text holds none of them. It never changes a result: a pattern for
which no such strings can be found (one that can match digits only, say) always runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

#: Characters that `re.IGNORECASE` equates with an ASCII letter but `str.lower` does not.
_LOWER_AS_RE = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
_MIN_NEEDLE = 2  # a one-character needle is in almost every text: no gain
_MAX_NEEDLES = 200


def folded(text: str) -> str:
    """The text lowercased as `re.IGNORECASE` compares letters (short texts cached, as many
    patterns read one sentence; a long text is folded again for each, not kept)."""
    return _folded(text) if len(text) <= 2000 else _fold(text)


@lru_cache(maxsize=256)
def _folded(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if "İ" in text or "ı" in text or "ſ" in text:
        text = text.translate(_LOWER_AS_RE)
    return text.lower()


class Prefiltered:
    """A compiled pattern with the needles one of which each of its matches contains."""

    __slots__ = ("_holds", "compiled", "flags", "needles", "pattern")

    def __init__(self, compiled: re.Pattern[str], needles: frozenset[str] | None) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.needles = needles
        self._holds = _holder(needles)

    def holds_needle(self, text: str) -> bool:
        """Whether `text` could match: it holds one of the needles."""
        return self.needles is None or self._holds(folded(text))

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        return self.compiled.search(string, pos, endpos) if self.holds_needle(string) else None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.match`."""
        return self.compiled.match(string, pos, endpos) if self.holds_needle(string) else None

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        if not self.holds_needle(string):
            return iter(())
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """`re.Pattern.findall`."""
        return self.compiled.findall(string, pos, endpos) if self.holds_needle(string) else []

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """`re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count) if self.holds_needle(string) else string


def prefiltered(pattern: str, flags: int | re.RegexFlag = 0) -> Prefiltered:
    """`re.compile(pattern, flags)`, skipped on texts that cannot match it (always run when
    that is unknown)."""
    compiled = re.compile(pattern, flags)
    return Prefiltered(compiled, required_strings(compiled))


def required_strings(compiled: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase strings one of which every match of `compiled` contains; None if unknown."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(compiled.pattern, compiled.flags)
    except Exception:  # another Python's internals: no prefilter, never a wrong answer
        return None
    found = _Reader(_constants).sequence(list(tree))
    if not found or min(map(len, found)) < _MIN_NEEDLE or len(found) > _MAX_NEEDLES:
        return None
    return frozenset(found)


class _Reader:
    """Walks a parsed pattern (the `re._parser` tree) for the literal strings it requires."""

    _MAX_EXACT = 64  # the most strings an exact run may stand for ("w" + "in|on" = 2)

    def __init__(self, ops: Any) -> None:
        self.ops = ops

    def sequence(self, items: list[tuple[Any, Any]]) -> set[str] | None:
        """Items matched one after the other: the best requirement of any one stretch.

        A stretch of items whose text is one of a few exact strings ("w" then "in|on" is
        "win" or "won") requires one of those strings; any other item requires what it does.
        """
        best: set[str] | None = None
        run: set[str] = {""}
        for op, arg in items:
            exact = self.exact(op, arg)
            if exact is not None and len(run) * len(exact) <= self._MAX_EXACT:
                run = {a + b for a in run for b in exact}
                continue
            best = _better(best, _without_longer(run))
            best = _better(best, self.node(op, arg))
            run = {""}
        return _better(best, _without_longer(run))

    def node(self, op: Any, arg: Any) -> set[str] | None:
        """The strings one item requires (None: it may match without any known string)."""
        ops = self.ops
        if op is ops.SUBPATTERN:
            return self.sequence(list(arg[3]))
        if op is ops.ATOMIC_GROUP:
            return self.sequence(list(arg))
        if op is ops.BRANCH:
            found: set[str] = set()
            for branch in arg[1]:
                strings = self.sequence(list(branch))
                if strings is None:
                    return None
                found |= strings
            return _without_longer(found)
        if op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT):
            low, _, item = arg
            return self.sequence(list(item)) if low >= 1 else None
        return None  # classes, anchors, lookarounds, back-references: no string is sure

    def exact(self, op: Any, arg: Any) -> set[str] | None:
        """Every text an item can consume, when it is a few known strings (lowercased)."""
        ops = self.ops
        if op is ops.LITERAL:
            return {chr(arg).lower()} if chr(arg).isascii() else None
        if op in (ops.AT, ops.ASSERT, ops.ASSERT_NOT):
            return {""}  # zero-width: consumes nothing
        if op is ops.SUBPATTERN:
            return self.exact_sequence(list(arg[3]))
        if op is ops.BRANCH:
            found: set[str] = set()
            for branch in arg[1]:
                strings = self.exact_sequence(list(branch))
                if strings is None or len(found | strings) > self._MAX_EXACT:
                    return None
                found |= strings
            return found
        if op is ops.IN:
            chars = {chr(a).lower() for o, a in arg if o is ops.LITERAL and chr(a).isascii()}
            return chars if len(chars) == len(arg) else None
        if op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT) and arg[1] <= 1:
            item = self.exact_sequence(list(arg[2]))
            if item is None:
                return None
            return item | {""} if arg[0] == 0 else item
        return None

    def exact_sequence(self, items: list[tuple[Any, Any]]) -> set[str] | None:
        """Every text a sequence can consume, when it is a few known strings."""
        run: set[str] = {""}
        for op, arg in items:
            exact = self.exact(op, arg)
            if exact is None or len(run) * len(exact) > self._MAX_EXACT:
                return None
            run = {a + b for a in run for b in exact}
        return run


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None or not all(a):
        return b if b is not None and all(b) else None
    if b is None or not all(b):
        return a
    return max(a, b, key=lambda s: (min(5, *map(len, s)), -len(s)))


def _without_longer(strings: set[str]) -> set[str]:
    """Drop each string that contains another: finding the shorter one is enough."""
    kept: set[str] = set()
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.add(s)
    return kept


def _holder(needles: frozenset[str] | None) -> Callable[[str], bool]:
    """A test for 'the folded text holds one of the needles'."""
    if needles is None:
        return lambda _: True
    if len(needles) <= 4:
        ordered = tuple(sorted(needles))
        return lambda text: any(n in text for n in ordered)
    alternation = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    return lambda text: alternation.search(text) is not None
