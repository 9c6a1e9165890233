"""Rider and team identity across spellings, accents, order and punctuation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from raceview.analysis.slug import fold, key

_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "del", "della", "le", "la", "du", "dos", "das",
     "ten", "ter", "mc", "mac"}
)  # fmt: skip


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name, in reading order (a fresh list)."""
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name, in reading order ("POGAČAR Tadej" -> ['tadej', 'pogacar'])."""
    raw = name.replace("-", " - ").split()
    tokens = [t for t in raw if t != "-"]
    # "POGAČAR Tadej" (surname in capitals first, as results sites write it) -> "Tadej POGAČAR"
    caps = [t for t in tokens if _capitalised(t)]
    if caps and _capitalised(tokens[0]) and not _capitalised(tokens[-1]):
        n = len(caps) if tokens[: len(caps)] == caps else 1
        tokens = tokens[n:] + tokens[:n]
    return tuple(key(t) for t in tokens if key(t))


def _capitalised(token: str) -> bool:
    """A surname in capitals ('POGAČAR'), not an initial ('T.')."""
    return token.isupper() and sum(c.isalpha() for c in token) > 1


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The folded surname, particles included ('Wout van Aert' -> 'vanaert')."""
    tokens = _name_tokens(name)
    if not tokens:
        return ""
    i = len(tokens) - 1
    while i > 0 and tokens[i - 1] in _PARTICLES:
        i -= 1
    return "".join(tokens[i:])


@lru_cache(maxsize=65536)
def given_key(name: str) -> str:
    """The folded given names ('' when the name is a bare surname)."""
    tokens = _name_tokens(name)
    surname = surname_key(name)
    joined = "".join(tokens)
    return joined[: len(joined) - len(surname)] if joined.endswith(surname) else ""


_FUZZY_LENGTH = 6  # shorter keys are only ever equal to one another, never close


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart for longer strings (Izaguirre ~ Izagirre)."""
    if a == b:
        return True
    if min(len(a), len(b)) < _FUZZY_LENGTH or abs(len(a) - len(b)) > 1:
        return False
    return _edit_distance_at_most_one(a, b)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


@lru_cache(maxsize=262144)
def same_rider(a: str, b: str) -> bool:
    """Whether two written names denote the same rider (never merges Ion and Gorka)."""
    if key(a) == key(b):
        return True
    ta, tb = _name_tokens(a), _name_tokens(b)
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if 1 < len(short) < len(long_) and long_[-len(short) :] == short:
        return True  # "Longo Borghini" is "Elisa Longo Borghini"
    sa, sb = surname_key(a), surname_key(b)
    if sa != sb and not _close(sa, sb):
        return False
    ga, gb = given_key(a), given_key(b)
    if not ga or not gb or ga == gb:
        return True
    return (ga[0] == gb[0] and (len(ga) == 1 or len(gb) == 1)) or _close(ga, gb)


def canonical_name(variants: Iterable[str]) -> str:
    """The most frequent full form among spellings of one rider (ties: the longest, then first)."""
    forms = [v.strip() for v in variants if v.strip()]
    if not forms:
        return ""
    if len(forms) == 1:
        return forms[0]
    full = [f for f in forms if given_key(f)] or forms
    counts = Counter(full)
    order = {f: i for i, f in reversed(list(enumerate(full)))}
    return max(counts, key=lambda f: (counts[f], len(f), -order[f]))


def display_name(name: str) -> str:
    """'POGAČAR Tadej' -> 'Tadej Pogačar'; other names are returned as written."""
    tokens = name.split()
    caps = [t for t in tokens if t.isupper() and len(t) > 1 and t.isalpha()]
    if not caps or not tokens[0].isupper() or tokens[-1].isupper():
        return name
    n = 0
    while n < len(tokens) and tokens[n].isupper() and len(tokens[n]) > 1:
        n += 1
    surname = " ".join(t.capitalize() if t.isalpha() else t.title() for t in tokens[:n])
    return " ".join([*tokens[n:], surname])


def fold_name(name: str) -> str:
    """A folded, space-normalised name for search."""
    return " ".join(fold(name).split())


class CloseSurnames:
    """The surnames met so far (in one document), and which of them are one edit apart.

    Surnames `_close` finds one edit apart (Izaguirre ~ Izagirre) are at least six letters
    long, so they share their first three letters (the edit comes after them) or their last
    three (it is in the first three, and at least three letters follow it, the same in both):
    each surname is filed under its head and its tail, and finding the close ones of a
    surname compares it only with those filed with its own. What is found is kept, and kept
    exact as surnames come, so that it is worked out once for a document however many indexes
    (`RiderIndex`) share it. Surnames too short to be close to any other are left out.
    """

    def __init__(self) -> None:
        self._heads: dict[str, list[str]] = {}  # first three letters -> surnames met, in order
        self._tails: dict[str, list[str]] = {}  # last three letters -> surnames met, in order
        self._rank: dict[str, int] = {}  # surnames met, in the order they came
        self._close: dict[str, list[str]] = {}  # surname -> close surnames met, oldest first
        self._unmet: set[str] = set()  # keys of `_close` not met themselves (nor short)

    def meet(self, surname: str, close: list[str] | None = None) -> None:
        """Note a surname (once). `close`: its `of`, when the caller has just asked it."""
        if surname in self._rank or len(surname) < _FUZZY_LENGTH:
            return
        if close is None:
            close = self.of(surname)
        unmet = self._unmet
        unmet.discard(surname)
        if unmet:  # the new surname may be close to these: found again
            for looked in unmet:
                del self._close[looked]
            unmet.clear()
        self._rank[surname] = len(self._rank)
        head = self._heads.get(surname[:3])
        if head is None:
            self._heads[surname[:3]] = [surname]
        else:
            head.append(surname)
        tail = self._tails.get(surname[-3:])
        if tail is None:
            self._tails[surname[-3:]] = [surname]
        else:
            tail.append(surname)
        for other in close:  # the newest close surname of those close to it
            known = self._close.get(other)
            if known is not None:
                known.append(surname)

    def of(self, surname: str) -> list[str]:
        """The surnames met (but `surname`) one edit from `surname`, oldest first."""
        close = self._close.get(surname)
        if close is None:
            if len(surname) < _FUZZY_LENGTH:  # close to none, whatever comes
                close = self._close[surname] = []
            else:
                close = self._close[surname] = self._find(surname)
                if surname not in self._rank:
                    self._unmet.add(surname)
        return close

    def _find(self, surname: str) -> list[str]:
        head = self._heads.get(surname[:3])
        tail = self._tails.get(surname[-3:])
        if head is None and tail is None:
            return []
        near = {
            o
            for filed in (head, tail)
            if filed is not None
            for o in filed
            if o != surname and _close(o, surname)
        }
        if len(near) > 1:
            return sorted(near, key=self._rank.__getitem__)
        return list(near)


class RiderIndex:
    """Names found by surname first, so a 150-rider table is not compared pair by pair.

    The close surnames (`CloseSurnames`) may be shared with the document's other indexes.
    """

    def __init__(self, surnames: CloseSurnames | None = None) -> None:
        self.surnames = surnames or CloseSurnames()
        self._by_surname: dict[str, list[str]] = {}
        self._rank: dict[str, int] = {}  # surnames in the order they came, for oldest-first

    def add(self, name: str) -> None:
        """Index a name (once)."""
        surname = surname_key(name)
        bucket = self._by_surname.get(surname)
        if bucket is None:
            self._by_surname[surname] = [name]
            self._rank[surname] = len(self._rank)
            if len(surname) >= _FUZZY_LENGTH:  # (`meet` leaves shorter ones out)
                self.surnames.meet(surname)
        elif name not in bucket:
            bucket.append(name)

    def remove(self, name: str) -> None:
        """Forget a name."""
        bucket = self._by_surname.get(surname_key(name), [])
        if name in bucket:
            bucket.remove(name)

    def matches(self, written: str) -> list[str]:
        """The indexed names that denote the same rider as `written`, oldest first."""
        surname = surname_key(written)
        bucket = self._by_surname.get(surname)
        if not bucket:
            found = []
        elif len(bucket) == 1 and bucket[0] == written:  # most names: met once, as written
            found = [written]
        else:
            found = [n for n in bucket if n == written or same_rider(n, written)]
        close = self.surnames.of(surname)
        if close:
            for other in self._indexed(close):
                found += [n for n in self._by_surname[other] if same_rider(n, written)]
        return found

    def first_match(self, written: str) -> str | None:
        """The oldest indexed name that denotes the same rider as `written` (`matches`'
        first), found without looking further."""
        surname = surname_key(written)
        bucket = self._by_surname.get(surname)
        if bucket:
            for name in bucket:
                if name == written or same_rider(name, written):
                    return name
        if len(surname) < _FUZZY_LENGTH:  # close to none
            return None
        close = self.surnames.of(surname)
        if close:
            for other in self._indexed(close):
                for name in self._by_surname[other]:
                    if same_rider(name, written):
                        return name
        return None

    def first_match_or_add(self, written: str) -> str | None:
        """`first_match(written)`; when there is none, `written` is indexed (`add`) too, its
        surname worked out and looked up once for both."""
        surname = surname_key(written)
        by_surname = self._by_surname
        bucket = by_surname.get(surname)
        if bucket:
            for name in bucket:
                if name == written or same_rider(name, written):
                    return name
        short = len(surname) < _FUZZY_LENGTH  # close to none, and not met
        close = [] if short else self.surnames.of(surname)
        if close:
            for other in self._indexed(close):
                for name in by_surname[other]:
                    if same_rider(name, written):
                        return name
        if bucket is None:
            by_surname[surname] = [written]
            self._rank[surname] = len(self._rank)
            if not short:
                self.surnames.meet(surname, close)
        else:  # not in it: each of its names was compared
            bucket.append(written)
        return None

    def _indexed(self, surnames: list[str]) -> list[str]:
        """Those of `surnames` this index holds, in the order they came to it."""
        mine = [s for s in surnames if s in self._rank]
        if len(mine) > 1:
            mine.sort(key=self._rank.__getitem__)
        return mine


@lru_cache(maxsize=65536)
def surname_variants(surname: str) -> frozenset[str]:
    """The surname and every string one deletion away from it.

    Surnames equal or one edit apart, the only ones a `RiderIndex` compares, always share one.
    """
    return frozenset((surname, *(surname[:i] + surname[i + 1 :] for i in range(len(surname)))))
