"""IGNORECASE patterns run case-sensitively on the folded text: the same spans, ~2x quicker.

`re` compares each letter of an IGNORECASE pattern through its case tables and loses its fast
paths (a branch whose first letter cannot match is not skipped at once): the win cue takes
11.7 µs on a report sentence, its plain twin on the folded sentence 5.0 µs. `folded` lowercases
a text as IGNORECASE compares letters, one character for one. So when every atom of a pattern
(a literal, a class, a category) accepts a character under IGNORECASE exactly when its plain
form accepts the character folded, the two patterns take the same steps and find the same
spans. `plain_twin` builds the plain form only for patterns made of such atoms: lowercase ASCII
letters, ASCII characters without case, the quote marks in `UNCASED`, ranges clear of the
capitals, `\\w`, `\\d`, `\\s` and their negations (tests/test_folded_patterns.py checks each kind
on every code point). The matches are of the folded text: read their groups from the text by
their spans (`groups`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from raceview.analysis.prefilter import Prefiltered, folded, with_first_chars

#: Non-ASCII characters without case the patterns use: IGNORECASE equates each only with itself
#: and no other character folds to one (the tests check every code point).
UNCASED = frozenset("’‘“”″′–—…")
_CATEGORIES = frozenset(
    f"CATEGORY_{kind}" for name in ("DIGIT", "WORD", "SPACE") for kind in (name, f"NOT_{name}")
)


class FoldedPattern:
    """A prefiltered IGNORECASE pattern with its plain twin for folded texts."""

    __slots__ = ("pattern", "plain")

    def __init__(self, pattern: Prefiltered, *, look_ahead: bool = True) -> None:
        self.pattern = pattern
        self.plain = plain_twin(pattern.pattern, pattern.flags, look_ahead=look_ahead)

    def finditer(
        self, text: str, pos: int = 0, *, checked: bool = False
    ) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text, pos)`, its matches of `folded(text)` when the twin exists
        (the spans are the same: read groups with `groups`). `checked`: the caller has found
        one of the pattern's needles in the text (or does not mind the pattern running)."""
        if not checked and not self.pattern.holds_needle(text):
            return iter(())
        if self.plain is None:
            return self.pattern.compiled.finditer(text, pos)
        return self.plain.finditer(folded(text), pos)

    def search(self, text: str) -> re.Match[str] | None:
        """`pattern.search(text)`, matched in `folded(text)` when the twin exists."""
        if not self.pattern.holds_needle(text):
            return None
        if self.plain is None:
            return self.pattern.compiled.search(text)
        return self.plain.search(folded(text))


def groups(text: str, match: re.Match[str]) -> tuple[str | None, ...]:
    """The match's groups (group 0 first) as `text` writes them, by their spans."""
    return tuple(text[s:e] if s >= 0 else None for s, e in match.regs)


def plain_twin(pattern: str, flags: int, *, look_ahead: bool = True) -> re.Pattern[str] | None:
    """`pattern` without IGNORECASE when it finds in a folded text exactly what it finds with
    IGNORECASE in the text; None when that is unsure.

    The twin goes behind its first-character look-ahead (`with_first_chars`) unless it opens
    with a literal or a class, which `re` skips to by itself (the look-ahead would only slow
    it), or `look_ahead` is false (a pattern it was measured to slow).
    """
    if not flags & re.IGNORECASE:
        return None
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        plain = re.compile(pattern, flags & ~re.IGNORECASE)
        tree = _parser.parse(pattern, plain.flags)
    except Exception:  # another Python's internals: the pattern as it is
        return None
    walker = _FoldSafe(_constants)
    if plain.flags & re.IGNORECASE or not walker.items(list(tree)):
        return None
    return with_first_chars(plain) if look_ahead and not walker.opens_with_class(tree) else plain


def _char_is_fold_safe(code: int) -> bool:
    """Whether IGNORECASE equates the character with exactly the characters that fold to it."""
    char = chr(code)
    return (code < 128 and not char.isupper()) or char in UNCASED


class _FoldSafe:
    """Walks a parsed pattern: whether every atom of it is fold-safe."""

    def __init__(self, ops: Any) -> None:
        self.ops = ops

    def items(self, items: list[tuple[Any, Any]]) -> bool:
        return all(self.item(op, arg) for op, arg in items)

    def item(self, op: Any, arg: Any) -> bool:
        ops = self.ops
        if op in (ops.LITERAL, ops.NOT_LITERAL):
            return _char_is_fold_safe(arg)
        if op is ops.IN:
            return all(self.member(o, a) for o, a in arg)
        if op in (ops.ANY, ops.AT):
            return True
        if op is ops.SUBPATTERN:
            _, add_flags, del_flags, sub = arg
            return not add_flags and not del_flags and self.items(list(sub))
        if op in (ops.ASSERT, ops.ASSERT_NOT):
            return self.items(list(arg[1]))
        if op is ops.ATOMIC_GROUP:
            return self.items(list(arg))
        if op is ops.BRANCH:
            return all(self.items(list(branch)) for branch in arg[1])
        if op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT):
            return self.items(list(arg[2]))
        return False  # back-references and the rest: unsure

    def opens_with_class(self, items: Any) -> bool:
        """Whether `re` finds the characters a match starts with by itself: the pattern opens
        with a literal, a class, or branches that each open with a literal."""
        ops = self.ops
        while True:
            if not len(items):
                return False
            op, arg = items[0]
            if op is not ops.SUBPATTERN:
                break
            items = arg[3]
        if op in (ops.LITERAL, ops.IN):
            return True
        return op is ops.BRANCH and all(len(b) and b[0][0] is ops.LITERAL for b in arg[1])

    def member(self, op: Any, arg: Any) -> bool:
        ops = self.ops
        if op is ops.LITERAL:
            return _char_is_fold_safe(arg)
        if op is ops.RANGE:
            low, high = int(arg[0]), int(arg[1])
            return high < 128 and (high < ord("A") or low > ord("Z"))
        if op is ops.CATEGORY:
            return str(arg) in _CATEGORIES
        return bool(op is ops.NEGATE)
