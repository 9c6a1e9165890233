"""Rider mentions in prose: names, their teams and nationalities, and who they refer to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from raceview.analysis import catalogue
from raceview.analysis.catalogue import norm
from raceview.analysis.names import RiderIndex, display_name, given_key, surname_key
from raceview.analysis.prefilter import prefiltered
from raceview.analysis.slug import key
from raceview.analysis.words import LEADING_STOPWORDS, NOT_NAME_WORDS

# A word: a letter, then word characters and joiners, not ending in '.' or '-'.
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.&–—-]*[\w'’&–—])?")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "del",
        "della",
        "le",
        "la",
        "du",
        "dos",
        "das",
        "ten",
        "ter",
        "y",
        "d'",
    ]
)
_LEADING_STOPWORDS = frozenset(LEADING_STOPWORDS)
_NOT_NAME = frozenset(NOT_NAME_WORDS)
_PLACE_BEFORE = re.compile(r"\b(?:the|in|at|into|towards|toward|near|through|outside|around)\s+$")
_PAREN = re.compile(r"^\s*\(([^()]{1,70})\)")
_OF_TEAM = re.compile(
    r"^,?\s+(?:of|from|for|riding for|racing for|who rides for|of the)\s+((?:[\w&|.'’/-]+\s?){1,5})"
)
_OF_NATION = re.compile(r"^,?\s+of (?:the )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)")
_DIGIT = re.compile(r"\d")
_THREE_LETTERS = re.compile(r"[A-Za-z]{3}")
_PAREN_PARTS = re.compile(r"\s*(?:(?<!/)/(?!/)|,)\s*")  # '/' (not '//') or ','
_TEAM_NOUN = re.compile(r"^(?:the\s+)?(?:[A-Z][\w'’-]+\s+)?(?:team|squad|outfit)\s+")
_ROLE_AFTER = re.compile(
    r"^,\s+the\s+((?:[\w&|.'’/-]+\s){1,5})(?:rider|man|woman|leader|sprinter|climber|captain|racer|star)\b"
)
# The words of a role before a name ("the Visma rider X", "Visma's X"), in match order.
_ROLE_WORDS = (
    *"rider man woman leader sprinter climber captain racer star teammate team-mate".split(),
    "team mate",
    "domestique",
    "lead-out man",
    "'s",
    "’s",
)
_ROLE_BEFORE = prefiltered(r"((?:[\w&|.'’/-]+\s){1,5})(?:" + "|".join(_ROLE_WORDS) + r")\s+$")


@dataclass
class Mention:
    """A written reference to a rider (or a possessor like "Visma's")."""

    start: int
    end: int
    name: str
    team: str | None = None
    nationality: str | None = None
    possessive: bool = False
    rider: str | None = None  # the resolved full name


@dataclass
class Riders:
    """The riders of one document: full names, and what we know of each.

    `names` and `index` change only through `add` and `learn`, so what `resolve` finds is
    remembered until they do.
    """

    names: list[str] = field(default_factory=list)
    teams: dict[str, str] = field(default_factory=dict)
    nations: dict[str, str] = field(default_factory=dict)
    index: RiderIndex = field(default_factory=RiderIndex)
    _resolved: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _known: set[str] = field(default_factory=set, init=False, repr=False, compare=False)
    # Indexed names whose rider no other indexed name denotes: each is its own `resolve`.
    _alone: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._known.update(self.names)

    def add(self, mention: Mention) -> None:
        """Learn a full-name mention's rider, team and nationality."""
        mention.rider = self.learn(mention.name, mention.team, mention.nationality)

    def learn(self, name: str, team: str | None = None, nationality: str | None = None) -> str:
        """The rider a written name denotes (a full name none matches is a new one), noting the
        team and nationality written next to it."""
        rider = self.resolve(name) if len(name.split()) < 2 else None
        if rider is None:
            rider = self._learn_full_name(name)
        self._note(rider, team, nationality)
        return rider

    def learn_full_names(self, written: Iterable[tuple[str, str | None, str | None]]) -> None:
        """`learn` each (name, team, nationality), every name of two words or more."""
        for name, team, nationality in written:
            self._note(self._learn_full_name(name), team, nationality)

    def _learn_full_name(self, name: str) -> str:
        # what the index would find for a lone name: the name itself
        return name if name in self._alone else self._learn_name(name)

    def _note(self, rider: str, team: str | None, nationality: str | None) -> None:
        """The first team and nationality written next to a rider's name."""
        if team and rider not in self.teams:
            self.teams[rider] = team
        if nationality and rider not in self.nations:
            self.nations[rider] = nationality

    def _learn_name(self, name: str) -> str:
        """The known rider a name (not a lone one) with given names denotes, or the name as a
        new rider; a longer spelling of the same surname renames the rider."""
        if given_key(name):
            existing = self.index.first_match_or_add(name)
            if existing is None:
                self.names.append(name)
                self._known.add(name)
                self._resolved.clear()
                # Compared with every indexed name, it denotes none of their riders, and
                # (`same_rider` being symmetric) neither does a name indexed so after it.
                self._alone.add(name)
                return name
        else:  # indexed without the comparison: it may denote anyone's rider
            self.names.append(name)
            self._known.add(name)
            self.index.add(name)
            self._resolved.clear()
            self._alone.clear()
            return name
        if len(name) > len(existing) and surname_key(name) == surname_key(existing):
            self._rename(existing, name)
            return name
        return existing

    def _rename(self, old: str, new: str) -> None:
        self.names[self.names.index(old)] = new
        if old not in self.names:  # (it may have been written twice)
            self._known.discard(old)
        self._known.add(new)
        self.index.remove(old)
        self.index.add(new)
        self._resolved.clear()
        self._alone.clear()
        if old in self.teams:
            self.teams[new] = self.teams.pop(old)
        if old in self.nations:
            self.nations[new] = self.nations.pop(old)

    def resolve(self, written: str) -> str | None:
        """The full name a short reference ("Higuita", "Van Aert") denotes, if unique."""
        if written in self._alone:
            return written
        if written in self._resolved:
            return self._resolved[written]
        found = self._resolved[written] = self._resolve(written)
        return found

    def _resolve(self, written: str) -> str | None:
        matches = self.index.matches(written)
        if len(matches) == 1:
            return matches[0]
        if not matches and len(written.split()) == 1:  # "Remco": a first name in a press release
            wanted = key(written)
            given = None  # the one rider of that given name, if one
            for name in self.names:
                if given_key(name) == wanted:
                    if given is not None:
                        return None
                    given = name
            return given
        exact = [n for n in matches if surname_key(n) == surname_key(written)]
        return exact[0] if len(exact) == 1 else None

    def full_name(self, rider: str) -> str:
        """The current full form of a rider's name (it may have grown since)."""
        if rider in self._known:  # `names` as a set
            return rider
        return self.resolve(rider) or rider


def _tokens(text: str) -> list[re.Match[str]]:
    """The words of a text, as matches (their places are read only where a run needs them)."""
    return list(_TOKEN.finditer(text))


def _runs(text: str) -> list[tuple[int, int, list[str], bool]]:
    """Runs of capitalised tokens (with particles inside), each (start, end, words, possessive)."""
    runs: list[tuple[int, int, list[str], bool]] = []
    tokens = _tokens(text)
    words = [token.group() for token in tokens]
    count = len(words)
    free = 0  # the first token not in a run yet
    # A word's first character is a letter, never a digit: capitalised when it is upper case
    # (and then the word is no number either).
    for i in [i for i, word in enumerate(words) if word[0].isupper()]:
        if i < free or (words[i].lower() in _PARTICLES and not _next_capital(words, i)):
            continue
        run: list[str] = []
        start, end = tokens[i].span()
        possessive = False
        j = i
        while j < count:
            w = words[j]
            if j > i:
                s = tokens[j].start()
                if text[end:s] != " ":
                    break
                if not (w[0].isupper() or (w.lower() in _PARTICLES and _next_capital(words, j))):
                    break
            else:
                s = start
            if w.endswith(_POSSESSIVE_ENDS) and len(w) > 2:
                word = w[:-2] if w.endswith(("'s", "’s")) else w[:-1]
                run.append(word)
                end = s + len(word)
                possessive = True
                j += 1
                break
            run.append(w)
            end = s + len(w)
            j += 1
            after = text[end : end + 1]
            if after in ",;:()" or (after == "." and _is_sentence_end(text, end)):
                break
        runs.append((start, end, run, possessive))
        free = max(j, i + 1)
    return runs


_POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")


def _is_sentence_end(text: str, dot: int) -> bool:
    return dot + 1 >= len(text) or text[dot + 1] == " "


def _next_capital(words: list[str], i: int) -> bool:
    """Whether a capitalised word follows, possibly after more particles ('van der Poel')."""
    j = i + 1
    while j < len(words) and words[j].lower() in _PARTICLES:
        j += 1
    return j < len(words) and j - i <= 3 and words[j][0].isupper()


def find_mentions(text: str, shared: bool = False) -> list[Mention]:
    """Rider-like names in a sentence, with team and nationality when written next to them.

    `shared`: the remembered mentions themselves, not copies, for a caller that only reads.
    """
    if shared:
        return list(_find_mentions(text))
    return [
        Mention(m.start, m.end, m.name, m.team, m.nationality, m.possessive, m.rider)
        for m in _find_mentions(text)
    ]


@lru_cache(maxsize=4096)
def _find_mentions(text: str) -> tuple[Mention, ...]:
    return tuple(_scan_mentions(text))


def _scan_mentions(text: str) -> list[Mention]:
    mentions: list[Mention] = []
    for start, end, words, possessive in _runs(text):
        while words and words[0] in _LEADING_STOPWORDS:
            start = text.index(words[1], start) if len(words) > 1 else end
            words = words[1:]
        if not words:
            continue
        lead = text[max(0, start - 12) : start]
        if _PLACE_BEFORE.search(lead) and not (possessive or _PAREN.match(text[end:])):
            continue  # "the Lange Munte", "in San Remo": places, not riders
        whole = " ".join(words)
        if possessive and catalogue.find_team(whole):  # "UAE Team Emirates' João Almeida"
            mentions.append(Mention(start, end, whole, possessive=True))
            continue
        team_prefix, words, start = _split_team_prefix(text, words, start)
        name = " ".join(words)
        if not name or not _is_name_like(name):
            if possessive and name:
                mentions.append(Mention(start, end, name, possessive=True))
            continue
        mention = Mention(start, end, display_name(name), possessive=possessive)
        if team_prefix:
            mention.team = team_prefix
        _attach_after(text, mention)
        mentions.append(mention)
    _attach_possessors(text, mentions)
    return [
        m for m in mentions if not m.possessive or (m.team is None and _name_like(m.name.split()))
    ]


def _split_team_prefix(
    text: str, words: list[str], start: int
) -> tuple[str | None, list[str], int]:
    """'Lidl-Trek Mads Pedersen' -> ('Lidl-Trek', ['Mads', 'Pedersen'])."""
    for k in range(len(words) - 2, 0, -1):
        team = catalogue.find_team(" ".join(words[:k]))
        if team is not None:
            rest = words[k:]
            return " ".join(words[:k]), rest, text.index(rest[0], start)
    return None, words, start


def looks_like_name(words: list[str]) -> bool:
    """Whether words can be a rider's name (no race, team, place or classification words)."""
    return bool(words) and not any(w.lower().strip("'’.,") in _NOT_NAME for w in words)


@lru_cache(maxsize=16384)
def _is_name_like(name: str) -> bool:
    """`_name_like` of a name's words, remembered (riders are named again and again).

    A run's words hold no whitespace, so the name they make splits back into them."""
    return _name_like(name.split(" "))


def _name_like(words: list[str]) -> bool:
    if not words or len(words) > 5:
        return False
    if any(w.lower().strip("'’") in _NOT_NAME for w in words):
        return False
    normed = norm(" ".join(words))  # what find_team and find_country look up
    if catalogue.team_alias_index().get(normed) or catalogue.country_index().get(normed):
        return False
    if normed in catalogue.race_alias_index():
        return False
    capitals = [w for w in words if w[:1].isupper()]
    if len(capitals) == 1 and len(words) > 1:
        return False
    return all(len(w) > 1 or w.isupper() for w in words)


def _attach_after(text: str, mention: Mention) -> None:
    """Team and nationality written after a name: '(Bel/Soudal-Quick-Step)', 'of Cofidis'."""
    rest = text[mention.end :]
    paren = _PAREN.match(rest)
    if paren:
        _read_paren(paren.group(1), mention)
        return
    for pattern in (_OF_TEAM, _ROLE_AFTER):
        match = pattern.match(rest)
        if match:
            words = match.group(1)  # "Cofidis", or "the Dutch team dsm-firmenich PostNL"
            team = _longest_team_prefix(words) or _longest_team_prefix(_TEAM_NOUN.sub("", words))
            if team:
                mention.team = team
                return
    nation = _OF_NATION.match(rest)
    if nation and catalogue.find_country(nation.group(1)):
        mention.nationality = nation.group(1)  # "Tadej Pogacar of Slovenia"


def _read_paren(content: str, mention: Mention) -> None:
    if _DIGIT.search(content) and not _THREE_LETTERS.search(content):
        return
    parts = [p.strip() for p in _PAREN_PARTS.split(content) if p.strip()]
    for part in parts:
        if catalogue.find_team(part) and not (
            len(part) == 3 and part[1:].islower() and catalogue.find_country(part)
        ):
            mention.team = mention.team or part
        elif catalogue.find_country(part) and mention.nationality is None:
            mention.nationality = part
        elif part[:1].isupper() and mention.team is None and not _DIGIT.search(part):
            mention.team = part


def _longest_team_prefix(text: str) -> str | None:
    words = text.split()
    for k in range(min(5, len(words)), 0, -1):
        candidate = " ".join(words[:k]).rstrip(",.;")
        if catalogue.find_team(candidate):
            return candidate
    return None


def _attach_possessors(text: str, mentions: list[Mention]) -> None:
    """ "Visma's Wout van Aert": the possessor is the team; "Belgium's X": the nation."""
    for i, m in enumerate(mentions):
        if not m.possessive or i + 1 >= len(mentions):
            continue
        nxt = mentions[i + 1]
        if text[m.end : nxt.start].strip(" '’s") != "":
            continue
        if catalogue.find_team(m.name):
            nxt.team = nxt.team or m.name
            m.team = m.name
        elif catalogue.find_country(m.name):
            nxt.nationality = nxt.nationality or m.name
            m.team = m.name
    for m in mentions:
        window = text[max(0, m.start - 80) : m.start]
        if m.team is None and not m.possessive and _ends_with_role(window):
            before = _ROLE_BEFORE.search(window)
            if before:
                m.team = _longest_team_suffix(before.group(1))


def _ends_with_role(text: str) -> bool:
    """Whether `text` ends with a role word and a space, as every _ROLE_BEFORE match does
    ('the Visma rider '): a quick test before the pattern."""
    kept = text.rstrip()
    return len(kept) < len(text) and kept.endswith(_ROLE_WORDS)


def _longest_team_suffix(text: str) -> str | None:
    words = text.split()
    for k in range(min(5, len(words)), 0, -1):
        candidate = " ".join(words[-k:]).strip(",.;")
        if catalogue.find_team(candidate):
            return candidate
    return None
