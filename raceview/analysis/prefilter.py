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
#: Character categories a look-ahead class may name, by their `re._parser` names.
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}


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

    def __init__(
        self, compiled: re.Pattern[str], needles: frozenset[str] | None, pattern: str = ""
    ) -> None:
        self.compiled = compiled
        self.pattern = pattern or compiled.pattern  # as written (compiled may add a look-ahead)
        self.flags = compiled.flags
        self.needles = needles
        self._holds = _holder(needles)

    def holds_needle(self, text: str) -> bool:
        """Whether `text` could match: it holds one of the needles."""
        holds = self._holds
        return holds is None or holds(folded(text))

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

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        """`re.Pattern.split`."""
        return self.compiled.split(string, maxsplit) if self.holds_needle(string) else [string]

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """`re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count) if self.holds_needle(string) else string


class Alternation:
    """`re.compile("|".join(part.pattern for part in parts))`, asked only whether it matches.

    A big alternation of alternations is tried at every position of a text; asked part by
    part, each prefiltered or starting with a rare character, the answer comes twice as fast.
    """

    __slots__ = ("parts",)

    def __init__(self, *parts: re.Pattern[str] | Prefiltered) -> None:
        self.parts = parts

    def found_in(self, string: str) -> bool:
        """Whether the joined pattern matches anywhere in `string`."""
        return any(part.search(string) is not None for part in self.parts)


class AnyNeedle:
    """Whether a text holds a needle of any of several prefiltered patterns, in one test: a
    text holding none can match none of them."""

    __slots__ = ("_holds",)

    def __init__(self, *patterns: Prefiltered) -> None:
        needles = [p.needles for p in patterns]
        if any(n is None for n in needles):
            raise ValueError("a pattern without needles may match any text")
        self._holds = _holder(frozenset().union(*(n for n in needles if n is not None)))

    def holds_needle(self, text: str) -> bool:
        """Whether `text` could match one of the patterns."""
        return self._holds is None or self._holds(folded(text))


def prefiltered(
    pattern: str, flags: int | re.RegexFlag = 0, *, shortest: int = _MIN_NEEDLE
) -> Prefiltered:
    """`re.compile(pattern, flags)`, skipped on texts that cannot match it (always run when
    that is unknown), and tried only where a match can start (see `with_first_chars`).

    `shortest`: the shortest needle worth looking for (1 for a character rare in prose, ':').
    """
    compiled = re.compile(pattern, flags)
    needles = required_strings(compiled, shortest)
    return Prefiltered(with_first_chars(compiled), needles, pattern)


def with_first_chars(compiled: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern, behind a look-ahead for the characters its matches can start with.

    `re` tries a pattern that opens with `\\b` or an alternation at every position of the text;
    a leading character class lets it skip to the positions where a match can start (up to
    three times quicker on a sentence). The look-ahead consumes nothing, and it admits every
    character that can begin a match (under the same flags), so the matches are the same.
    Patterns that can match the empty string, or whose first characters are unknown, are
    returned as they are.
    """
    first = first_chars(compiled)
    if first is None:
        return compiled
    try:
        return re.compile(f"(?=[{first}])(?:{compiled.pattern})", compiled.flags)
    except re.error:  # e.g. inline global flags, which must open the pattern
        return compiled


def first_chars(compiled: re.Pattern[str]) -> str | None:
    """A character class body holding every character a match can begin with; None if that
    is unknown or the pattern can match the empty string."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(compiled.pattern, compiled.flags)
    except Exception:  # another Python's internals: no look-ahead, never a wrong answer
        return None
    found = _Starts(_constants).sequence(list(tree))
    if found is None or found[1] or not found[0]:
        return None
    return "".join(sorted(found[0]))


class _Starts:
    """Walks a parsed pattern for the characters its matches can start with."""

    def __init__(self, ops: Any) -> None:
        self.ops = ops

    def sequence(self, items: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
        """(class members a match of the items can start with, whether it can be empty)."""
        starts: set[str] = set()
        for op, arg in items:
            found = self.item(op, arg)
            if found is None:
                return None
            starts |= found[0]
            if not found[1]:
                return starts, False
        return starts, True

    def item(self, op: Any, arg: Any) -> tuple[set[str], bool] | None:
        ops = self.ops
        if op is ops.LITERAL:
            return {re.escape(chr(arg))}, False
        if op is ops.IN:
            return self.char_class(arg)
        if op is ops.ASSERT and arg[0] == 1:  # a look-ahead: what it requires starts the match
            found = self.sequence(list(arg[1]))
            return (found[0], False) if found is not None and not found[1] else (set(), True)
        if op in (ops.AT, ops.ASSERT, ops.ASSERT_NOT):
            return set(), True  # zero-width: the next item starts the match
        if op is ops.SUBPATTERN:
            _, add_flags, del_flags, items = arg
            if add_flags or del_flags:  # "(?i:...)": the look-ahead could not follow the flags
                return None
            return self.sequence(list(items))
        if op is ops.ATOMIC_GROUP:
            return self.sequence(list(arg))
        if op is ops.BRANCH:
            starts: set[str] = set()
            empty = False
            for branch in arg[1]:
                found = self.sequence(list(branch))
                if found is None:
                    return None
                starts |= found[0]
                empty = empty or found[1]
            return starts, empty
        if op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT):
            low, _, item = arg
            found = self.sequence(list(item))
            return None if found is None else (found[0], found[1] or low == 0)
        return None  # any character, negated literals, back-references: unknown

    def char_class(self, members: list[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
        ops = self.ops
        starts: set[str] = set()
        for op, arg in members:
            if op is ops.LITERAL:
                starts.add(re.escape(chr(arg)))
            elif op is ops.RANGE:
                starts.add(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
            elif op is ops.CATEGORY and str(arg) in _CATEGORIES:
                starts.add(_CATEGORIES[str(arg)])
            else:  # a negated class or another category: unknown
                return None
        return starts, False


def required_strings(
    compiled: re.Pattern[str], shortest: int = _MIN_NEEDLE
) -> frozenset[str] | None:
    """Lowercase strings one of which every match of `compiled` contains; None if unknown
    (or if one of them would be shorter than `shortest`)."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(compiled.pattern, compiled.flags)
    except Exception:  # another Python's internals: no prefilter, never a wrong answer
        return None
    found = _Reader(_constants).sequence(list(tree))
    if not found or min(map(len, found)) < shortest or len(found) > _MAX_NEEDLES:
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


def holder(needles: frozenset[str]) -> Callable[[str], bool]:
    """A test for 'the text holds one of the needles' (`any(n in text for n in needles)`),
    in one search when there are more than two."""
    if not needles:
        return lambda text: False
    test = _holder(needles)
    assert test is not None
    return test


def _holder(needles: frozenset[str] | None) -> Callable[[str], bool] | None:
    """A test for 'the folded text holds one of the needles' (None: every text may match)."""
    if needles is None:
        return None
    ordered = sorted(needles, key=len, reverse=True)
    if len(ordered) == 1:
        (only,) = ordered
        return lambda text: only in text
    if len(ordered) == 2:
        first, second = ordered
        return lambda text: first in text or second in text
    search = re.compile(_trie_pattern(_trie(needles))).search
    return lambda text: search(text) is not None


_Trie = dict[str, "_Trie"]


def _trie(strings: frozenset[str]) -> _Trie:
    """The strings as a trie of characters; a node ending a string is empty (what follows it
    does not matter: the string alone is enough)."""
    root: _Trie = {}
    for s in sorted(strings, key=len):
        node = root
        for ch in s:
            if ch in node and not node[ch]:
                break  # a shorter string ends here already
            node = node.setdefault(ch, {})
    return root


def _trie_pattern(node: _Trie) -> str:
    """A pattern matching exactly where one of the trie's strings starts: one branch per next
    character, where `re` would try each whole string at every position (up to 5x slower)."""
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items())]
    if len(branches) <= 1:
        return "".join(branches)
    return "(?:" + "|".join(branches) + ")"
