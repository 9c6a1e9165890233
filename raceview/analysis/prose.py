"""Claims from prose: who won, who was second, the gaps, the GC, DNFs — sentence by sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from raceview.analysis import catalogue, cues
from raceview.analysis.catalogue import norm
from raceview.analysis.claims import Claim, Which
from raceview.analysis.gaps import Gap, find_gaps
from raceview.analysis.mentions import Mention, Riders, find_mentions
from raceview.analysis.prefilter import Prefiltered, folded
from raceview.analysis.prose_gate import GATE
from raceview.analysis.sentences import Sentence, split_sentences
from raceview.models import Method, RaceFacts, Status

_I = re.IGNORECASE


_T = TypeVar("_T")


class _cached(Generic[_T]):
    """`functools.cached_property` without its lock, which Python 3.11 takes at each first
    read (a sentence reader reads six such properties; no thread shares a reader)."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, reader: Any, owner: type | None = None) -> _T:
        value = self.compute(reader)
        reader.__dict__[self.name] = value  # read from the instance from now on
        return value


@dataclass
class Segment:
    """A piece of text the extractor reads: the title, the standfirst, or a paragraph."""

    text: str
    offset: int
    method: Method


def segments(title: str, standfirst: str, paragraphs: list[tuple[int, str]]) -> list[Segment]:
    """Headline segments, then the paragraphs with their offsets in the article text."""
    out = [Segment(title, 0, "headline"), Segment(standfirst, 0, "headline")]
    return [s for s in out if s.text] + [Segment(p, off, "prose") for off, p in paragraphs]


_Written = tuple[str, str | None, str | None]  # a rider's (name, team, nationality)


def register_riders(
    segs: list[Segment], riders: Riders, tabled: Mapping[int, list[Claim]] | None = None
) -> None:
    """First pass: learn every full name (and its team) the document writes.

    `tabled` maps a paragraph's offset to the claims its results-table rows made: their riders
    are learnt from the parsed cells, which is what reading the row as prose would find.
    """
    tabled = tabled or {}
    # full names first (the prose's before the headline's), then the short ones, in order
    prose_full: list[_Written] = []
    headline_full: list[_Written] = []
    short: list[_Written] = []
    for seg in segs:
        if seg.method == "prose":
            full = prose_full
            rows = tabled.get(seg.offset)
        else:
            full, rows = headline_full, None
        if rows is None:
            for m in find_mentions(seg.text, shared=True):
                written = (m.name, m.team, m.nationality)
                (full if len(m.name.split()) >= 2 else short).append(written)
        else:
            for c in rows:
                written = (c.rider, c.team, c.nationality)
                (full if len(c.rider.split()) >= 2 else short).append(written)
    riders.learn_full_names(prose_full)
    riders.learn_full_names(headline_full)
    for name, team, nationality in short:
        if riders.resolve(name):
            riders.learn(name, team, nationality)


def prose_claims(segs: list[Segment], race: RaceFacts, riders: Riders) -> list[Claim]:
    """Second pass: every claim the sentences make."""
    claims: list[Claim] = []
    order = 0
    subject: str | None = None
    winner: str | None = None
    riders_of: dict[str, str | None] = {}  # _SentenceReader._rider by name: no rider is learnt here
    for seg in segs:
        # the anchored cue tried at once: its needle test would read the whole paragraph
        if seg.method == "prose" and claims and cues.NEW_STORY.compiled.match(seg.text):
            break
        for sent in split_sentences(seg.text, seg.offset):
            order += 1
            reader = _SentenceReader(sent, seg, race, riders, order, subject, winner, riders_of)
            found = reader.read()
            claims += found
            subject = reader.subject or subject
            if seg.method == "prose":
                winner = next(
                    (c.rider for c in found if c.which == "result" and c.pos == 1), winner
                )
    return claims


class _SentenceReader:
    """Reads one sentence into claims."""

    def __init__(
        self,
        sent: Sentence,
        seg: Segment,
        race: RaceFacts,
        riders: Riders,
        order: int,
        previous_subject: str | None,
        winner: str | None = None,
        riders_of: dict[str, str | None] | None = None,
    ) -> None:
        self.sent = sent
        self.seg = seg
        self.race = race
        self.riders = riders
        self.order = order
        self.previous_subject = previous_subject
        self.winner = winner
        self.riders_of = {} if riders_of is None else riders_of
        self.text = _blank_quotes(sent.text)
        self.mentions = self._mentions()
        self.subject: str | None = self.mentions[0].rider if self.mentions else None
        self.claims: dict[str, Claim] = {}
        self._bounds: dict[int, tuple[int, int]] = {}  # clause_bounds, by offset
        self._which: dict[int, Which] = {}  # which, by offset

    @_cached
    def asides(self) -> list[tuple[int, int]]:
        """The spans of the asides between commas (', the 2015 world champion,')."""
        return [m.span() for m in cues.APPOSITIVE.finditer(self.text)]

    @_cached
    def cue_bits(self) -> int:
        """The cue patterns the sentence may match (`GATE.scan`: one scan for all of them)."""
        return GATE.scan(self.text)

    def may_match(self, pattern: Prefiltered, text: str) -> bool:
        """`pattern.holds_needle(text)`, from `cue_bits` when `text` is the sentence itself."""
        bit = GATE.bit(pattern)
        if bit and text is self.text:
            return bool(self.cue_bits & bit)
        return pattern.holds_needle(text)

    @_cached
    def without_asides(self) -> str:
        """The sentence with asides blanked (offsets kept), for the history and GC checks (the
        sentence itself when it has none)."""
        return _blanked(self.text, self.asides) if self.asides else self.text

    @_cached
    def without_jersey_asides(self) -> str:
        """`without_asides` with jersey asides ('the yellow jersey, X,') blanked too."""
        core = self.without_asides
        if not self.may_match(cues.JERSEY_ASIDE, core):
            return core
        return cues.JERSEY_ASIDE.compiled.sub(_blank, core)

    def _mentions(self) -> list[Mention]:
        # a copy (with its rider) only of each mention that names a rider
        found = [
            Mention(m.start, m.end, m.name, m.team, m.nationality, m.possessive, rider)
            for m in find_mentions(self.text, shared=True)
            if (rider := self._rider(m.name)) is not None
        ]
        pronoun = None
        if self.previous_subject:
            # a pronoun counts only where no mention starts before it: when one starts the
            # sentence, only a pronoun at its start (the search's first match, if any)
            starts_with_mention = any(m.start == 0 for m in found)
            pronoun = (
                cues.PRONOUN.compiled.match(self.text)
                if starts_with_mention
                else cues.PRONOUN.search(self.text)
            )
        if pronoun and self.previous_subject and not any(m.start < pronoun.start() for m in found):
            found.insert(
                0, Mention(pronoun.start(), pronoun.end(), "", rider=self.previous_subject)
            )
        target = self.winner or self.previous_subject
        descriptor = cues.DESCRIPTOR.compiled.match(self.text) if target else None  # anchored
        if descriptor and target and not any(m.start < descriptor.end() for m in found):
            team = _team_in(descriptor.group(0))
            if team and target not in self.riders.teams:
                self.riders.teams[target] = team
            found.insert(0, Mention(descriptor.start(), descriptor.end(), "", team, rider=target))
        return found

    def _rider(self, name: str) -> str | None:
        """The full name of the rider a written name denotes (a full name not known yet is a
        rider too; a short one is not), remembered for the document: its riders no longer
        change."""
        if name not in self.riders_of:
            rider = self.riders.resolve(name)
            if rider is None and len(name.split()) >= 2:
                rider = name
            self.riders_of[name] = None if rider is None else self.riders.full_name(rider)
        return self.riders_of[name]

    def read(self) -> list[Claim]:
        if not self.mentions or not self._has_cue():
            return []
        if self._historic():
            if self.cue_bits & _STATUS_BIT:
                self._statuses()
            return list(self.claims.values())
        bits = self.cue_bits
        for (reader, _), gate in zip(_READERS, _READER_GATES, strict=True):
            if gate is None or bits & gate:
                reader(self)
        return list(self.claims.values())

    def _has_cue(self) -> bool:
        """`cues.has_cue(self.text)`, its patterns asked only when `cue_bits` say they may
        match."""
        return cues.has_quick_cue(self.text) or GATE.found_in(
            self.cue_bits, cues.ANY_CUE.parts, self.text
        )

    # -- helpers ----------------------------------------------------------------------------

    def _historic(self) -> bool:
        """A sentence about other days: another year, 'last year', 'he also won', the future.

        Asides between commas (", the 2015 world champion,") do not count, and a history word
        far from every result cue of the sentence does not either.
        """
        core = self.without_asides
        if not self._may_be_historic(core):
            return False
        starts = [m.start() for m in cues.CUES_AT.finditer(core)] or [0]
        for cue in starts:
            window = core[max(0, cue - 50) : cue + 25]
            years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", window)}
            if years - {self.race.year}:
                return True
            if cues.HISTORY.search(window) and not cues.WIN_NOW.search(core):
                return True
        return False

    def _may_be_historic(self, core: str) -> bool:
        """Whether any part of `core` writes another year or (with no 'today') a history word:
        when not, no window `_historic` looks at can, and its cues need not be found."""
        if {int(y) for y in cues.YEAR_ANYWHERE.findall(core)} - {self.race.year}:
            return True
        return self.may_match(cues.HISTORY_ANYWHERE, core) and not cues.WIN_NOW.search(core)

    def _other_race_near(self, at: int, span: int = 70) -> bool:
        """Whether the words after a cue name another race ('won the Tour last July')."""
        # the words of norm(window), as `phrases` would split it
        words = catalogue.norm_words(self.text[at : at + span])
        own = norm(self.race.name)
        for phrase in catalogue.race_alias_pattern().phrases_in(words):
            entry = catalogue.race_alias_index()[f" {phrase} "]
            if norm(entry.name) == own:
                continue  # the race itself (its women's counterpart, slow to find, not needed)
            counterpart = catalogue.women_counterpart(entry) if entry.gender == "men" else None
            if counterpart is None or norm(counterpart.name) != own:
                return True
        return False

    def claim(self, m: Mention, which: Which = "result") -> Claim:
        assert m.rider is not None
        key = f"{which}:{m.rider}"
        if key not in self.claims:
            self.claims[key] = Claim(
                which=which,
                rider=m.rider,
                method=self.seg.method,
                sentence=self.sent.text,
                start=self.sent.start,
                end=self.sent.end,
                order=self.order,
                team=m.team or self.riders.teams.get(m.rider),
                nationality=m.nationality or self.riders.nations.get(m.rider),
            )
        return self.claims[key]

    def which(self, at: int) -> Which:
        """'gc' when the words around `at` are about the overall classification, else 'result'."""
        if at not in self._which:
            self._which[at] = self._which_at(at)
        return self._which[at]

    def _which_at(self, at: int) -> Which:
        if (
            self.race.category == "one-day"
            or (self.race.stage is None and self.race.category != "stage")
            or not self._may_name_gc
        ):
            return "result"
        left = [m.end() for m in cues.LOCAL_BREAK.finditer(self.text[:at])]
        right = [m.start() + at for m in cues.LOCAL_BREAK.finditer(self.text[at:])]
        start = max([max(0, at - 80), *left])
        window = self.without_jersey_asides[start : min([at + 60, *right])]
        lo, _ = self.clause_bounds(at)
        opening = self.text[: min(at, 80)] if lo == 0 else ""
        return "gc" if cues.GC_WORDS.search(window) or cues.GC_OPENING.search(opening) else "result"

    def clause_bounds(self, at: int) -> tuple[int, int]:
        """The span of the clause `at` stands in (between ';', ':', ', while' and the like)."""
        if at not in self._bounds:
            self._bounds[at] = self._clause_bounds_at(at)
        return self._bounds[at]

    @_cached
    def _may_name_gc(self) -> bool:
        """Whether GC words can be near any offset: the sentence holds their needles."""
        return self.may_match(cues.GC_WORDS, self.without_jersey_asides) or self.may_match(
            cues.GC_OPENING, self.text
        )

    @_cached
    def _one_clause(self) -> bool:
        """Whether the sentence is one clause: no part of it holds a clause mark."""
        return cues.CLAUSE_MARK.search(self.text) is None

    def _clause_bounds_at(self, at: int) -> tuple[int, int]:
        if self._one_clause:
            return 0, len(self.text)
        starts = [m.end() for m in cues.CLAUSE_START.finditer(self.text[:at])]
        ends = [m.start() + at for m in cues.CLAUSE_END.finditer(self.text[at:])]
        return (max(starts) if starts else 0, min(ends) if ends else len(self.text))

    def subject_before(self, at: int) -> Mention | None:
        lo, _ = self.clause_bounds(at)
        before = [m for m in self.mentions if lo <= m.start < at]
        for m in reversed(before):
            if not _OBJECT_MARKER_BEFORE.search(self.text[max(0, m.start - 30) : m.start]):
                return m
        return before[0] if before else None

    def nearest_before(self, at: int, taken: set[str] | None = None) -> Mention | None:
        lo, _ = self.clause_bounds(at)
        for m in reversed([m for m in self.mentions if lo <= m.start < at]):
            if taken is None or m.rider not in taken:
                return m
        return None

    def next_after(self, at: int, within: int = 40) -> Mention | None:
        return next((m for m in self.mentions if at <= m.start <= at + within), None)

    def mentions_after(self, at: int) -> list[Mention]:
        _, hi = self.clause_bounds(at)
        return [m for m in self.mentions if at <= m.start < hi]

    # -- cues -------------------------------------------------------------------------------

    def _winner(self) -> None:
        done: set[str] = set()
        for match in cues.WIN_FOLDED.finditer(self.text, checked=True):  # read() gated it
            word = self.text[match.start() : match.end()]  # the match is of the folded text
            verb = word.lower()
            lead = self.text[max(0, match.start() - 30) : match.start()]
            inside = self.text[: match.start()]
            if inside.count("(") > inside.count(")") or word == "Victorious":
                continue  # "(Bahrain Victorious)" is a team, not a win
            if _NEGATED_BEFORE.search(lead):
                continue
            who = self.subject_before(match.start())
            if who is None:
                who = (
                    self.next_after(match.end(), 12)
                    if cues.VICTORY_FOR.search(self.text[: match.end()] + " ")
                    else None
                )
            if who is None or who.rider is None:
                continue
            between = self.text[who.end : match.start()] if who.end <= match.start() else ""
            placed = [_ordinal_value(m.group(0)) for m in cues.ORDINAL.finditer(between)]
            if any(v and v > 1 for v in placed) or cues.RUNNER_UP.search(between):
                continue  # "X took second place at 1:02, edging Y": X did not win
            if self._other_race_near(match.end()) or _WHO_BEFORE.search(lead):
                continue  # "..., who won the time trial a week earlier": another result
            which = self._win_kind(match.start(), match.end(), word)
            winner = self.claims.get(f"{which}:{who.rider}")
            if which in done and not (winner is not None and winner.pos == 1):
                continue  # a second winner in one sentence: not this race's
            done.add(which)
            self.claim(who, which).pos = 1
            if _BEATING_VERB.search(verb):
                self._objects_from(match.end(), 2, which)
            rest = self.text[match.end() : self.clause_bounds(match.end())[1]]
            ahead = _AHEAD_OF.search(rest)
            if ahead and not _MEASURE_BEFORE.search(rest[: ahead.start()]):
                self._objects_from(match.end() + ahead.end(), 2, which)

    def _win_kind(self, start: int, end: int, word: str) -> Which:
        """A stage race's 'won the Tour of Britain' is the overall win; 'won the stage' is not
        (`word`: the win cue, found from `start` to `end`)."""
        which = self.which(start)
        if self.race.category != "stage":
            return which
        after = self.text[end : end + 60]
        if _STAGE_WORD.search(word) or _STAGE_JUST_BEFORE.search(
            self.text[max(0, start - 12) : start]
        ):
            return "result"
        if _DAY_RESULT_AFTER.match(after):
            return "result"
        names = _race_names(self.race.name)
        written = norm(after[:45])
        if any(n in written for n in names) or _OVERALL_AFTER.match(after):
            return "gc"
        # a win next to GC words ("took the pink jersey, winning at Oropa") is the day's win,
        # unless the words are the win's own ("won overall", "won the GC")
        near = self.text[start : end + 25]
        return "gc" if cues.GC_WORDS.search(near) else "result"

    def _leads(self) -> None:
        """'X leads the GC by 23 seconds over Y and 41 seconds over Z', 'X now leads Y by 4s'."""
        if self.race.category == "one-day":
            return
        for match in cues.LEADS.finditer(self.text):
            if not cues.GC_WORDS.search(self.text) and not re.search(
                r"\bby\b", self.text[match.end() :]
            ):
                continue
            who = self.subject_before(match.start())
            if who is None:
                continue
            leader = self.claim(who, "gc")
            leader.pos = leader.pos or 1
            pos = 2
            for m in self.mentions_after(match.end())[:3]:
                between = self.text[match.end() : m.start]
                if re.search(
                    r"\b(?:third|fourth|fifth|sixth)\b", self.text[m.end : m.end + 25], _I
                ):
                    break
                if not re.search(r"\b(?:over|on|ahead of|leads?|and|by)\b|^\s*$", between, _I):
                    break
                if not any(g.seconds for g in find_gaps(self.text[match.end() : m.end + 40])):
                    break
                c = self.claim(m, "gc")
                c.pos = c.pos or pos
                pos += 1
            return

    def _objects_from(self, at: int, first_pos: int, which: Which) -> None:
        """Riders listed after `at` take the places from `first_pos` on."""
        pos = first_pos
        for m in self.mentions_after(at)[:3]:
            between = self.text[at : m.start]
            if _STOP.search(between) or (
                pos > first_pos and (len(between) > 50 or not _AND_OR_COMMA.search(between))
            ):
                break
            c = self.claim(m, which)
            if c.pos is None:
                c.pos = pos
            pos += 1
            at = m.end

    def _respectively(self) -> None:
        match = cues.RESPECTIVELY.search(self.text)
        if not match:
            return
        before = [m for m in self.mentions if m.start < match.start()][-2:]
        if len(before) == 2:
            which = self.which(match.start())
            for m, word in zip(before, (match.group(1), match.group(2)), strict=True):
                self.claim(m, which).pos = cues.ORDINAL_WORDS.index(word.lower()) + 1

    def _podium(self) -> None:
        match = cues.PODIUM3.search(self.text)
        if not match:
            return
        lo, _ = self.clause_bounds(match.start())
        before = [m for m in self.mentions if lo <= m.start < match.start()]
        after = self.mentions_after(match.end())
        group = before[-2:] if before else after[:2]
        top = re.match(r"\s*(?:the )?top (\w+)", self.text[match.end() :], _I)
        last_place = _count(top.group(1)) if top else 3
        if last_place is None:
            return
        if len(group) == 2 and re.search(r"\band\b", self.text[group[0].end : group[1].start]):
            self.claim(group[0]).pos = self.claim(group[0]).pos or last_place - 1
            self.claim(group[1]).pos = self.claim(group[1]).pos or last_place
        elif group:
            last = group[-1] if before else group[0]
            c = self.claim(last)
            c.pos = c.pos or last_place

    def _followed_by(self) -> None:
        match = cues.FOLLOWED_BY.search(self.text)
        if not match:
            return
        anchor = self.subject_before(match.start())
        base = self.claims.get(f"result:{anchor.rider}") if anchor else None
        if base is None or base.pos is None:
            return
        self._objects_from(match.end(), base.pos + 1, base.which)

    def _sprint_for(self) -> None:
        match = cues.SPRINT_FOR.search(self.text)
        if not match:
            return
        pos = _ordinal_value(match.group(1))
        who = self.subject_before(match.start())
        if pos and who:
            self.claim(who).pos = pos
            self._beaten_after(match.end(), pos, "result")

    def _ordinals(self) -> None:
        taken = {c.rider for c in self.claims.values() if c.pos is not None}
        for match in cues.ORDINAL_FOLDED.finditer(self.text, checked=True):  # gated
            if any(a <= match.start() < b for a, b in self.asides):
                continue  # ", fourth overall last year,": an aside about another race
            value = _ordinal_value(self.text[match.start() : match.end()])  # of the folded text
            if value is None or value > 200:
                continue
            lead = self.text[max(0, match.start() - 25) : match.start()]
            after = self.text[match.end() :]
            if (
                value == 1
                and not _FIRST_PLACE_AFTER.match(after)
                and not _PLACED_BEFORE.search(lead)
            ):
                continue
            if _DETERMINER_BEFORE.search(lead) and not _PLACE_WORD_AFTER.match(after):
                continue
            if _STAGE_BEFORE.search(lead) and _STAGE_AFTER.match(after):
                continue
            who = self.nearest_before(match.start(), taken)
            if who is None and _GIVEN_TO_AFTER.match(after):
                who = self.next_after(match.end(), 25)
            if who is None and _OPENING_IN.match(self.text[: match.start()]):
                who = self.next_after(match.end(), 25)
            if who is None or self._other_race_near(match.end(), 40):
                continue
            c = self.claim(who, self.which(match.start()))
            if c.pos is None:
                c.pos = value
                taken.add(c.rider)
                self._beaten_after(match.end(), value, c.which)

    def _beaten_after(self, at: int, pos: int, which: Which) -> None:
        """'X was second, ahead of Y' / 'X took second, edging Y': Y is the next place down."""
        _, hi = self.clause_bounds(at)
        rest = self.text[at:hi]
        beaten = _BEATEN_AFTER.search(rest)
        if beaten and not _BEHIND_OR_AFTER.search(rest[: beaten.start()]):
            self._objects_from(at + beaten.end(), pos + 1, which)

    def _runner_up(self) -> None:
        for match in cues.RUNNER_UP.finditer(self.text):
            who = self.nearest_before(match.start()) or self.next_after(match.end(), 20)
            if who is None:
                continue
            c = self.claim(who, self.which(match.start()))
            c.pos = c.pos or 2

    def _medals(self) -> None:
        for match in cues.MEDAL.finditer(self.text):
            who = self.subject_before(match.start()) or self.next_after(match.end(), 25)
            if who is not None:
                c = self.claim(who, self.which(match.start()))
                c.pos = c.pos or cues.MEDALS[match.group(1).lower()]

    def _gaps(self) -> None:
        gaps = find_gaps(self.text)
        paired = self._respective_gaps(gaps)
        for gap in gaps:
            if gap in paired:
                continue
            owner, ref = self._gap_owner(gap)
            if owner is None:
                continue
            c = self.claim(owner, self.which(gap.start))
            if gap.kind == "time":
                c.time_s = c.time_s or gap.seconds
                continue
            if c.gap is None:
                c.gap = gap
                c.gap_ref = ref

    def _respective_gaps(self, gaps: list[Gap]) -> set[Gap]:
        """'Y and Z, who crossed the line in that order, 1:01 and 1:07 behind': one gap each."""
        for i in range(len(gaps) - 1):
            run = [gaps[i]]
            for nxt in gaps[i + 1 :]:
                if not _LIST_JOIN.fullmatch(self.text[run[-1].end : nxt.start]):
                    break
                run.append(nxt)
            if len(run) < 2 or any(g.kind not in ("gap", "same") for g in run):
                continue
            lo, _ = self.clause_bounds(run[0].start)
            listed = [m for m in self.mentions if m.start < run[0].start and m.start >= lo]
            owners = listed[-len(run) :]
            if len(owners) < len(run) or not _AND.search(
                self.text[owners[0].end : owners[-1].start]
            ):
                continue
            which = self.which(run[0].start)
            for owner, gap in zip(owners, run, strict=True):
                claim = self.claim(owner, which)
                claim.gap = gap
                claim.finished_cue = True
            return set(run)
        return set()

    def _gap_owner(self, gap: Gap) -> tuple[Mention | None, str | None]:
        """Whose gap this is, and the rider it is measured from when not the winner."""
        before = self.text[max(0, gap.start - 40) : gap.start]
        after = self.text[gap.end : gap.end + 60]
        margin = _MARGIN_BEFORE.search(before)
        over = _OVER_AFTER.match(after)
        if over and (margin or _LEAD_VERB.search(self.text[: gap.start])):
            target = self.next_after(gap.end + over.end() - 1, 5)
            if target is not None:
                self.claim(target, self.which(gap.start)).finished_cue = True
                return target, None
        if _CLEAR_AFTER.match(after):
            dropped = [
                m
                for m in self.mentions
                if m.start < gap.start
                and _DROPPED_BEFORE.search(self.text[max(0, m.start - 30) : m.start])
            ]
            if dropped:
                self.claim(dropped[-1], self.which(gap.start)).finished_cue = True
            return (dropped[-1] if dropped else None), None
        beaten = self.nearest_before(gap.start) if margin else None
        if (
            beaten is not None
            and _BY_BEFORE.search(before)
            and _BEAT_BEFORE.search(self.text[max(0, beaten.start - 30) : beaten.start])
        ):
            self.claim(beaten, self.which(gap.start)).finished_cue = True
            return beaten, None  # "beat Vollering by two seconds"
        if margin and gap.kind != "time" and cues.WIN.search(self.text[: gap.start]):
            objs = self.mentions_after(gap.end)
            return (objs[0] if objs else None), None
        ahead = _AHEAD_AFTER.match(after)
        if ahead:
            targets = self._listed_after(gap.end + ahead.end() - 1)
            for extra in targets:
                c = self.claim(extra, self.which(gap.start))
                c.gap = c.gap or gap
                c.finished_cue = True
            return (targets[0] if targets else None), None
        behind = _BEHIND_AFTER.match(after)
        ref = None
        if behind:
            target = self.next_after(gap.end + behind.end() - 1, 5)
            ref = target.rider if target else None
        owner = self.nearest_before(gap.start)
        if owner is not None and ref == owner.rider:
            owner = None
        if owner is None and cues.GROUP.search(before):
            # "The chasing group arrived 39 seconds later, and Kopecky won the sprint for fourth"
            owner = next(iter(self.mentions_after(gap.end)), None)
        return owner, ref

    def _listed_after(self, at: int) -> list[Mention]:
        """'X and Y', 'X, Y and Z' starting right after `at`."""
        out: list[Mention] = []
        for m in self.mentions_after(at):
            gap = self.text[(out[-1].end if out else at) : m.start]
            if out and not _LISTED_JOIN.fullmatch(gap):
                break
            if not out and len(gap.strip()) > 40:
                break
            out.append(m)
        return out

    def _group_leaders(self) -> None:
        """'X led in the next group': X took the first place behind the riders ahead."""
        for match in cues.SPRINT_WON_BY.finditer(self.text):
            who = self.next_after(match.end(), 5)
            if who is not None:
                claim = self.claim(who, self.which(match.start()))
                claim.finished_cue = claim.led_group = True
        for match in cues.LED_GROUP.finditer(self.text):
            who = self.subject_before(match.start())
            if who is not None:
                claim = self.claim(who, self.which(match.start()))
                claim.finished_cue = True
                claim.led_group = True

    def _relegations(self) -> None:
        """'X crossed the line second but was relegated': the place on the road does not count."""
        match = cues.RELEGATED.search(self.text)
        if match is None:
            return
        who = self.subject_before(match.start())
        if who is not None:
            claim = self.claims.get(f"result:{who.rider}")
            if claim is not None:
                number = re.search(
                    r"\brelegated to (\d{1,3})(?:st|nd|rd|th)\b", self.text[match.start() :], _I
                )
                claim.pos = int(number.group(1)) if number else None
                claim.finished_cue = False

    def _statuses(self) -> None:
        for match in cues.STATUS.finditer(self.text):
            statuses: tuple[Status, ...] = ("dnf", "dns", "dsq", "otl")
            status = statuses[next(i for i in range(4) if match.group(i + 1))]
            who = self.subject_before(match.start())
            if who is not None:
                c = self.claim(who)
                if c.pos is None:
                    c.status = status

    def _finish_cues(self) -> None:
        for match in cues.FINISHED_FOLDED.finditer(self.text, checked=True):  # gated
            who = self.subject_before(match.start())
            if who is not None and who.rider is not None:
                key = f"{self.which(match.start())}:{who.rider}"
                if key in self.claims:
                    self.claims[key].finished_cue = True
                elif any(g.kind != "time" for g in find_gaps(self.text[match.start() :])):
                    self.claim(who, self.which(match.start())).finished_cue = True


# The cue readers of a sentence, in the order they read it, each with whether its cue is one of
# cues.RARE_CUES (it finds nothing in a sentence that holds none of their needles).
_READERS: tuple[tuple[Callable[[_SentenceReader], None], bool], ...] = (
    (_SentenceReader._winner, False),
    (_SentenceReader._leads, True),
    (_SentenceReader._respectively, True),
    (_SentenceReader._podium, True),
    (_SentenceReader._sprint_for, True),
    (_SentenceReader._ordinals, False),
    (_SentenceReader._followed_by, True),
    (_SentenceReader._runner_up, True),
    (_SentenceReader._medals, True),
    (_SentenceReader._gaps, False),
    (_SentenceReader._statuses, True),
    (_SentenceReader._finish_cues, False),
    (_SentenceReader._relegations, True),
    (_SentenceReader._group_leaders, True),
)

# What each reader (in `_READERS`' order) needs the sentence to hold a needle of, as `GATE`
# bits: a reader's cues are these patterns' matches, so without a needle it finds nothing.
# None: always read (the gaps have patterns of their own).
_READER_GATES: tuple[int | None, ...] = (
    GATE.bit(cues.WIN),
    GATE.bit(cues.LEADS),
    GATE.bit(cues.RESPECTIVELY),
    GATE.bit(cues.PODIUM3),
    GATE.bit(cues.SPRINT_FOR),
    GATE.bit(cues.ORDINAL),
    GATE.bit(cues.FOLLOWED_BY),
    GATE.bit(cues.RUNNER_UP),
    GATE.bit(cues.MEDAL),
    None,
    GATE.bit(cues.STATUS),
    GATE.bit(cues.FINISHED),
    GATE.bit(cues.RELEGATED),
    GATE.bit(cues.SPRINT_WON_BY, cues.LED_GROUP),
)
_STATUS_BIT = GATE.bit(cues.STATUS)


class _EndAnchored:
    """An IGNORECASE pattern that can only match at the end of a text, its last word one of
    `last` and then whitespace (`\\b(?:not|...)\\s+$`): a search for it tries every place of
    the text, the test of the last word (folded as IGNORECASE compares letters; `rstrip`
    strips what `\\s` matches) is quicker and first."""

    __slots__ = ("last", "pattern")

    def __init__(self, pattern: re.Pattern[str], last: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.last = last

    def search(self, text: str) -> re.Match[str] | None:
        """`pattern.search(text)`."""
        if not folded(text).rstrip().endswith(self.last):
            return None
        return self.pattern.search(text)


# What the readers look for around a cue, compiled once.
_OBJECT_MARKER_BEFORE = _EndAnchored(
    cues.OBJECT_MARKERS.compiled,
    (
        *("with", "behind", "of", "from", "over", "by", "to", "alongside", "including", "and"),
        *("distanced", "dropped", "caught", "beat", "outsprinted", "passed", "joined"),
        *("joining", "pipped", "left", "leaving", "dropping", "passing", "overtaking"),
        *("catching", "distancing", "beating", "off", "out", "than", "for", "the"),
    ),
)
_NEGATED_BEFORE = _EndAnchored(
    re.compile(r"\b(?:not|failed to|without|never|unable to|hoping to|bid to|trying to)\s+$", _I),
    ("not", "to", "without", "never"),
)
_WHO_BEFORE = re.compile(r"\bwho\s+(?:\w+\s+)?$")
_BEATING_VERB = re.compile(
    r"outsprint|out-sprint|outkick|outpac|bested|beat|held off|holds? off|edg|pipp"
)
_AHEAD_OF = re.compile(
    r"\b(?:ahead of|in front of|from|over|against|beating|faster than|quicker than"
    r"|outsprinting|out-sprinting|outkicking|outpacing|edging(?: out)?|sprinting past"
    r"|coming past|passing"
    r"|holding off|pipping|distancing|dropping)\s"
)
_MEASURE_BEFORE = re.compile(r"\b(?:at|by|of)\s*$")
_STAGE_WORD = re.compile(r"\bstage\b", _I)
_STAGE_JUST_BEFORE = re.compile(r"\bstage\s+$", _I)
_DAY_RESULT_AFTER = re.compile(r"\s*(?:[\w'’-]+\s+){0,3}?(?:stage|sprint|time trial|prologue)", _I)
_OVERALL_AFTER = re.compile(
    r"\s*(?:the\s+)?(?:overall|general classification|gc|race overall|final classification)\b", _I
)
_FIRST_PLACE_AFTER = re.compile(r"\s*(?:place|across|over the line|to cross|overall)")
_PLACED_BEFORE = _EndAnchored(
    re.compile(r"\b(?:was|finished|came|placed|in)\s+$", _I),
    ("was", "finished", "came", "placed", "in"),
)
_DETERMINER_BEFORE = _EndAnchored(
    re.compile(r"\b(?:a|the|his|her|their|its|for the|for a)\s+$", _I),
    ("a", "the", "his", "her", "their", "its"),
)
_PLACE_WORD_AFTER = re.compile(r"\s*(?:place|overall|position|spot|,|\.|$|at|in|with|and|on)")
_STAGE_BEFORE = _EndAnchored(re.compile(r"\bstage\s+$|\bthe\s+$", _I), ("stage", "the"))
_STAGE_AFTER = re.compile(r"\s+stage")
_GIVEN_TO_AFTER = re.compile(r"\s*(?:place )?(?:went to|was|:|,)")
_OPENING_IN = re.compile(r"^\s*(?:in\s+)?$", _I)
_LEAD_VERB = re.compile(r"\b(?:leads?|led|leading|lead of|advantage of|gap of|margin of)\b", _I)


# The readers' other patterns (inline before: `re`'s cache lookup cost as much as some).
_BEATEN_AFTER = re.compile(
    r"\b(?:ahead of|in front of|edging(?: out)?|beating|outsprinting|pipping)\s", _I
)
_BEHIND_OR_AFTER = re.compile(r"\b(?:behind|after)\b", _I)
_LIST_JOIN = re.compile(r"\s*(?:,|and|,\s*and)\s*")
_AND = re.compile(r"\band\b")
_MARGIN_BEFORE = _EndAnchored(
    re.compile(r"\b(?:by|with|of)\s+(?:a\s+)?(?:margin of\s+)?$", _I), ("by", "with", "of", "a")
)
_OVER_AFTER = re.compile(r"\s*(?:\w+\s+){0,3}?(?:over|on|to|ahead of|from|clear of)\s+", _I)
_CLEAR_AFTER = re.compile(r"\s*(?:clear|to spare|in hand)\b(?!\s+of)", _I)
_DROPPED_BEFORE = re.compile(
    r"\b(?:dropped|distanced|beat|outsprinted|shook off|shaking off|left|dropping"
    r"|distancing|beating|leaving)\s+(?:the\s+)?$",
    _I,
)
_BY_BEFORE = re.compile(r"\bby\s+$", _I)
_BEAT_BEFORE = re.compile(
    r"\b(?:beat|beating|outsprinted|outsprinting|edged(?: out)?|edging(?: out)?"
    r"|held off|holding off|pipped|pipping)\s+(?:the\s+)?$",
    _I,
)
_AHEAD_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:ahead of|clear of|in front of|faster than|quicker than)\s+", _I
)
_BEHIND_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:behind|after|down on|adrift of|back on|slower than)\s+", _I
)
_LISTED_JOIN = re.compile(
    r"(?:\s*\([^()]*\))?\s*(?:,|and|,\s*and)\s*(?:[A-Z][\w&|.'’-]*(?:'s|’s)?\s*){0,3}"
)
_STOP = re.compile(r"[.;]")
_AND_OR_COMMA = re.compile(r"\band\b|,")


def _team_in(text: str) -> str | None:
    """The longest catalogue team named in a short phrase ('The UAE Team Emirates rider')."""
    words = text.split()
    for size in range(min(5, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            candidate = " ".join(words[i : i + size])
            if catalogue.find_team(candidate):
                return candidate
    return None


@lru_cache(maxsize=256)
def _race_names(name: str) -> tuple[str, ...]:
    """The normalised names of a race (its catalogue aliases too), for 'won the <race>'."""
    entry = catalogue.race_alias_index().get(norm(name))
    names = [name, *(entry.aliases if entry else ())]
    return tuple(norm(n) for n in names if len(n) > 4)


def _blank(match: re.Match[str]) -> str:
    """As many spaces as the match is long."""
    return " " * len(match.group(0))


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each of the (ordered, disjoint) spans replaced by spaces."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], " " * (end - start)]
        at = end
    return "".join([*out, text[at:]])


def _blank_quotes(text: str) -> str:
    """Quoted speech replaced by spaces (offsets kept): what riders say is not a result.

    Every quote opens with one of five marks: a sentence without any has none (the pattern,
    which has no needle, is not run on it)."""
    if not ('"' in text or "'" in text or "“" in text or "”" in text or "‘" in text):
        return text
    return cues.QUOTE.sub(_blank, text)


def _count(word: str) -> int | None:
    """'five' or '5' as a number (for 'the top five')."""
    if word.isdigit():
        return int(word)
    return cues.COUNTS.index(word.lower()) + 3 if word.lower() in cues.COUNTS else None


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in cues.MEDALS:
        return cues.MEDALS[word]
    if word in cues.ORDINAL_WORDS:
        return cues.ORDINAL_WORDS.index(word) + 1
    digits = re.match(r"(\d{1,3})", word)
    return int(digits.group(1)) if digits else None


def iter_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each paragraph of the article text with its offset."""
    offset = 0
    for para in text.split("\n\n"):
        if para.strip():
            yield offset, para
        offset += len(para) + 2
