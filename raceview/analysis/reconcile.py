"""Merge every analysed document of one race into the race, its articles and its results.

A pure function of its input: the same documents in any order give the same race.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, is_
from typing import TYPE_CHECKING

from raceview.analysis.names import (
    RiderIndex,
    canonical_name,
    fold_name,
    surname_key,
    surname_variants,
)
from raceview.analysis.slug import fold, key
from raceview.models import (
    Article,
    ArticleVersion,
    Conflict,
    Race,
    RaceFacts,
    ResultRow,
    unvalidated,
)

if TYPE_CHECKING:
    from raceview.store.documents import AnalysedDocument

_TITLE_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class StampedRows:
    """A classification that is one document's rows, all of them in their order, unchanged
    but for each provenance stamped with the document and its article (so the store may write
    them from the JSON the document's analysis was saved as)."""

    document_id: int
    article_id: int | None
    rows: tuple[ResultRow, ...]  # the analysis's own tuple (its `results` or `gc`)

    def stamped(self) -> tuple[ResultRow, ...]:
        """The rows as the race writes them."""
        stamp = {"document_id": self.document_id, "article_id": self.article_id}
        return tuple(
            row
            if row.provenance is None
            else row.replaced(provenance=row.provenance.replaced(**stamp))
            for row in self.rows
        )


@dataclass(frozen=True)
class ReconciledRace:
    """Everything derived for one race."""

    race: Race
    results: tuple[ResultRow, ...]
    gc: tuple[ResultRow, ...]
    conflicts: tuple[Conflict, ...]
    articles: tuple[Article, ...]
    search: str
    #: `compact_search(search)` when known (reconcile works it out from the distinct words)
    search_words: str | None = None
    #: what `results` and `gc` are, when each is one document's rows only stamped (with
    #: `reconcile(for_store=True)`, the rows themselves are then left out: `StampedRows.stamped`)
    results_from: StampedRows | None = None
    gc_from: StampedRows | None = None


@dataclass
class _Story:
    docs: list[AnalysedDocument] = field(default_factory=list)


def reconcile(
    docs: Sequence[AnalysedDocument], *, for_store: bool = False
) -> ReconciledRace | None:
    """The race these documents report, or None when none of them names one.

    `for_store`: a classification that is one document's rows only stamped is left empty, and
    `results_from` or `gc_from` stands for it (the store writes it from the JSON the analysis
    was saved as): building rows nothing reads was a fifth of the time.
    """
    docs = sorted((d for d in docs if d.analysis.race is not None), key=lambda d: d.sha256)
    if not docs:
        return None
    ranked = sorted(docs, key=_completeness, reverse=True)
    stories = _group_stories(docs)
    article_of = {d.id: min(x.id for x in s.docs) for s in stories for d in s.docs}
    conflicts: list[Conflict] = []
    facts = _merge_facts(ranked, conflicts)
    results, results_from = _merge_rows(ranked, "results", conflicts, article_of, for_store)
    gc, gc_from = _merge_rows(ranked, "gc", conflicts, article_of, for_store)
    # rows left out are their document's, but for the provenance (the same riders and teams)
    listed_results = results_from.rows if results_from is not None and not results else results
    listed_gc = gc_from.rows if gc_from is not None and not gc else gc
    race_id = facts.race_id  # a slug, worked out once
    articles = tuple(_article(s, race_id) for s in stories)
    updated = max(d.fetched_at for d in docs)
    winner = next((r.rider for r in listed_results if r.pos == 1), None)
    race = Race(
        id=race_id,
        name=facts.name,
        year=facts.year,
        stage=facts.stage,
        date=facts.date,
        category=facts.category,
        gender=facts.gender,
        distance_km=facts.distance_km,
        start=facts.start,
        finish=facts.finish,
        edition=facts.edition,
        winner=winner,
        updated_at=updated,
        n_articles=len(articles),
        n_versions=len(docs),
    )
    search, search_words = _search_text(facts, race_id, (*listed_results, *listed_gc))
    return ReconciledRace(
        race,
        results,
        gc,
        tuple(conflicts),
        articles,
        search,
        search_words,
        results_from,
        gc_from,
    )


def _search_text(facts: RaceFacts, race_id: str, rows: Sequence[ResultRow]) -> tuple[str, str]:
    """The folded words a race is found by (name, year, id, stage, riders and teams), and the
    same with each word once (`compact_search` of it, which the store keeps)."""
    named: list[str | None] = [facts.name, str(facts.year), race_id]
    if facts.stage:
        named.append(f"stage {facts.stage}")
    named += [w for row in rows for w in (row.rider, row.team)]
    words = [w for w in named if w]
    folded = {w: _fold_word(w) for w in dict.fromkeys(words)}  # a team once, not per rider
    # the tokens of the distinct words, in order, are those of every word, first seen first
    once = " ".join(dict.fromkeys(" ".join(folded.values()).split()))
    return " ".join(map(folded.__getitem__, words)), once


#: `fold_name` of a word of a search text: the same riders and teams come race after race.
_fold_word = lru_cache(maxsize=65536)(fold_name)


def _completeness(doc: AnalysedDocument) -> tuple[bool, bool, bool, int, int, str]:
    """How good a version is: full beats stub, a table beats prose, longer beats shorter."""
    a = doc.analysis
    has_table = any(r.provenance is not None and r.provenance.method == "table" for r in a.results)
    return (
        a.kind != "gallery",
        not a.stub,
        has_table,
        len(a.results),
        len(a.text),
        doc.fetched_at.isoformat(),
    )


def _group_stories(docs: Sequence[AnalysedDocument]) -> list[_Story]:
    """Documents with the same origin, or alike titles of the same kind, are one story."""
    stories: list[_Story] = []
    for doc in sorted(docs, key=lambda d: d.id):
        home = next((s for s in stories if any(_same_story(doc, o) for o in s.docs)), None)
        if home is None:
            stories.append(_Story([doc]))
        else:
            home.docs.append(doc)
    return stories


def _same_story(a: AnalysedDocument, b: AnalysedDocument) -> bool:
    if a.origin == b.origin:
        return True
    if (a.analysis.kind == "gallery") != (b.analysis.kind == "gallery"):
        return False
    if a.analysis.url and a.analysis.url == b.analysis.url:
        return True
    return _similarity(a.analysis.title, b.analysis.title) >= _TITLE_SIMILARITY or (
        a.analysis.kind == "gallery" and b.analysis.kind == "gallery"
    )


def _similarity(a: str, b: str) -> float:
    """Jaccard similarity of the folded words of two titles."""
    wa, wb = set(fold(a).split()), set(fold(b).split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _article(story: _Story, race_id: str) -> Article:
    """An article: the text of its most complete version, every version listed."""
    best = max(story.docs, key=_completeness)
    a = best.analysis
    title = a.title or next((d.analysis.title for d in story.docs if d.analysis.title), "")
    versions = tuple(
        ArticleVersion(
            document_id=d.id,
            sha256=d.sha256,
            origin=d.origin,
            fetched_at=d.fetched_at,
            title=d.analysis.title,
            length=len(d.analysis.text),
            stub=d.analysis.stub,
        )
        for d in sorted(story.docs, key=lambda d: (d is not best, d.fetched_at, d.id))
    )
    published = min(
        (d.analysis.published for d in story.docs if d.analysis.published), default=None
    )
    captions = tuple(dict.fromkeys(c for d in story.docs for c in d.analysis.captions))
    return Article(
        id=min(d.id for d in story.docs),
        race_id=race_id,
        title=title,
        standfirst=a.standfirst,
        kind=a.kind,
        published=published,
        url=a.url or next((d.analysis.url for d in story.docs if d.analysis.url), None),
        outlet=_outlet(a.url or best.origin),
        text=a.text,
        captions=captions,
        versions=versions,
    )


def _outlet(origin: str) -> str | None:
    """The host of a URL, without 'www.'; None for files."""
    if "://" not in origin:
        return None
    host = origin.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.") or None


# --- facts ---------------------------------------------------------------------------------


def _merge_facts(ranked: Sequence[AnalysedDocument], conflicts: list[Conflict]) -> RaceFacts:
    """One value per fact: the more precise when compatible, else the best document's."""
    facts = [(d.id, d.analysis.race) for d in ranked if d.analysis.race is not None]
    first = facts[0][1]

    def pick(name: str, better: Callable[[list[object]], object] | None = None) -> object:
        values = [(i, getattr(f, name)) for i, f in facts if getattr(f, name) is not None]
        distinct = list(dict.fromkeys(v for _, v in values))
        if len(distinct) <= 1:
            return distinct[0] if distinct else None
        chosen = better(distinct) if better else _CONFLICT
        if chosen is _CONFLICT:
            chosen = distinct[0]
            conflicts.append(
                Conflict(
                    field=name,
                    values=tuple(str(v) for v in distinct),
                    chosen=str(chosen),
                    sources=tuple(sorted({i for i, _ in values})),
                )
            )
        return chosen

    dated = [(i, f.date) for i, f in facts if f.date is not None and f.date_from_dateline]
    date = _pick_date(dated, facts, conflicts)
    return RaceFacts(
        name=first.name,
        year=first.year,
        stage=next((f.stage for _, f in facts if f.stage), None),  # an unnumbered day joins
        date=date,
        category=pick("category"),  # type: ignore[arg-type]
        gender=first.gender,
        distance_km=pick("distance_km", _more_precise_distance),  # type: ignore[arg-type]
        start=pick("start", _longest_compatible),  # type: ignore[arg-type]
        finish=pick("finish", _longest_compatible),  # type: ignore[arg-type]
        edition=pick("edition"),  # type: ignore[arg-type]
    )


_CONFLICT = object()


def _more_precise_distance(values: list[object]) -> object:
    """203 and 203.2 agree: take 203.2. Values further apart are a conflict."""
    nums = sorted(float(str(v)) for v in values)
    if nums[-1] - nums[0] >= 1.0:
        return _CONFLICT
    return max(nums, key=lambda v: (len(f"{v:g}"), v))


def _longest_compatible(values: list[object]) -> object:
    """'Estella' and 'Estella-Lizarra' agree: take the longer."""
    texts = [str(v) for v in values]
    longest = max(texts, key=len)
    return longest if all(key(t) in key(longest) for t in texts) else _CONFLICT


def _pick_date(
    dated: list[tuple[int, dt.date]],
    facts: list[tuple[int, RaceFacts]],
    conflicts: list[Conflict],
) -> dt.date | None:
    """A date line beats a guess; disagreeing date lines are a conflict."""
    pool = dated or [(i, f.date) for i, f in facts if f.date is not None]
    if not pool:
        return None
    counts = Counter(d for _, d in pool)
    chosen = max(counts, key=lambda d: (counts[d], -pool.index(next(p for p in pool if p[1] == d))))
    if len(counts) > 1:
        conflicts.append(
            Conflict(
                field="date",
                values=tuple(str(d) for d in counts),
                chosen=str(chosen),
                sources=tuple(sorted({i for i, _ in pool})),
            )
        )
    return chosen


# --- results ---------------------------------------------------------------------------------

_RIDER = attrgetter("rider")
_TEAM = attrgetter("team")
_STATUS_RANK = {s: i for i, s in enumerate(("finished", "otl", "dnf", "dns", "dsq"))}


def _merge_rows(
    ranked: Sequence[AnalysedDocument],
    which: str,
    conflicts: list[Conflict],
    article_of: dict[int, int],
    for_store: bool = False,
) -> tuple[tuple[ResultRow, ...], StampedRows | None]:
    """Rows of the best document, completed by the others; disagreements become conflicts.

    With them, the document whose rows they are when they are one document's rows only
    stamped (see `StampedRows`; `for_store`: the rows are then left out)."""
    sources = [(d.id, row) for d in ranked for row in getattr(d.analysis, which)]
    every_row = [row for _, row in sources]
    merge = _RowMerge(which, conflicts)
    for (doc_id, row), needs in zip(sources, _index_needs(every_row), strict=True):
        merge.take(doc_id, row, *needs)
    riders, teams, order, only_stamped = _spellings(merge, _team_spellings(every_row))
    source = _stamped_rows(ranked, which, merge.chosen, article_of) if only_stamped else None
    if source is not None and for_store:
        return (), source
    return tuple(_final_rows(merge, riders, teams, order, article_of)), source


def _stamped_rows(
    ranked: Sequence[AnalysedDocument],
    which: str,
    chosen: list[ResultRow],
    article_of: dict[int, int],
) -> StampedRows | None:
    """The document whose rows, every one in its order, are `chosen`, if one is (none for no
    rows: an empty classification is not written)."""
    first = next((d for d in ranked if getattr(d.analysis, which)), None)
    if first is None or not chosen:
        return None
    own: tuple[ResultRow, ...] = getattr(first.analysis, which)
    if len(own) != len(chosen) or not all(map(is_, own, chosen)):
        return None
    return StampedRows(first.id, article_of.get(first.id), own)


def _spellings(
    merge: _RowMerge, teams: dict[str, str]
) -> tuple[list[str], list[str | None], list[int] | None, bool]:
    """How the race writes the rider and the team of each chosen row, the order the rows go in
    (None: as they are), and whether that changes nothing (the rows need only be stamped)."""
    spellings = merge._other_spellings
    riders: list[str] = []
    spelled: list[str | None] = []
    keys: list[tuple[bool, int, int]] = []
    rank = _STATUS_RANK
    same = True
    for i, row in enumerate(merge.chosen):
        rider = row.rider
        written = merge.rider(i) if i in spellings else (rider.strip() or rider)
        riders.append(written)
        team = row.team
        spelled_team = teams[team] if team else None
        spelled.append(spelled_team)
        if same and (written != rider or spelled_team != team):
            same = False
        pos = row.pos
        keys.append((pos is None, pos or 0, rank[row.status]))
    if keys == sorted(keys):  # most come in order
        return riders, spelled, None, same
    return riders, spelled, sorted(range(len(keys)), key=keys.__getitem__), False  # stable


def _final_rows(
    merge: _RowMerge,
    riders: list[str],
    teams: list[str | None],
    order: list[int] | None,
    article_of: dict[int, int],
) -> list[ResultRow]:
    """The chosen rows as the race writes them (see `_spellings`), each provenance stamped
    with its document and article.

    Each is `row.replaced(rider=..., team=..., provenance=...)` with the provenance
    `.replaced(document_id=..., article_id=...)`, built directly (a copy of the row's and the
    provenance's state), which is half the cost of two generic copies; `test_reconcile_fast`
    compares the two.
    """
    out: list[ResultRow] = []
    for row, doc_id, rider, team in zip(merge.chosen, merge.source, riders, teams, strict=True):
        state = row.__dict__.copy()
        state["rider"] = rider
        state["team"] = team
        if doc_id is not None:  # the row has a provenance (see `_RowMerge.take`)
            provenance = state["provenance"]
            stamped = provenance.__dict__.copy()
            stamped["document_id"] = doc_id
            stamped["article_id"] = article_of.get(doc_id)
            state["provenance"] = unvalidated(
                provenance.__class__,
                stamped,
                provenance.__pydantic_fields_set__.union(_STAMPED_FIELDS),
            )
        out.append(
            unvalidated(row.__class__, state, row.__pydantic_fields_set__.union(_FINAL_FIELDS))
        )
    return out if order is None else [out[i] for i in order]


_STAMPED_FIELDS = frozenset({"document_id", "article_id"})
_FINAL_FIELDS = frozenset({"rider", "team", "provenance"})


def _index_needs(rows: Sequence[ResultRow]) -> list[tuple[bool, bool]]:
    """For each row, whether its surname shares a variant (see `surname_variants`) with the
    surname of an earlier row, and with that of a later one.

    Only then may an earlier row name its rider (it is looked up in the rider index), or may
    it name a later row's rider (it is added to the index).
    """
    keys = list(map(surname_key, map(_RIDER, rows)))
    variants = {k: surname_variants(k) for k in keys}
    earlier = _shares_with_a_previous(keys, variants)
    later = _shares_with_a_previous(keys[::-1], variants)[::-1]
    return list(zip(earlier, later, strict=True))


def _shares_with_a_previous(keys: Sequence[str], variants: dict[str, frozenset[str]]) -> list[bool]:
    """For each surname, whether its variants meet those of a surname before it (a surname
    met before does: its variants hold it)."""
    met: set[str] = set()
    seen: set[str] = set()
    shares = []
    for surname in keys:
        if surname in met:
            shares.append(True)
            continue
        met.add(surname)
        mine = variants[surname]
        shares.append(not seen.isdisjoint(mine))
        seen |= mine
    return shares


class _RowMerge:
    """The rows of one classification as the documents come, best first: a rider the index
    knows completes the row chosen for them, a position already taken is a conflict."""

    def __init__(self, which: str, conflicts: list[Conflict]) -> None:
        self.which = which
        self.conflicts = conflicts
        self.riders = RiderIndex()  # the riders of rows that may name another row's rider
        self.chosen: list[ResultRow] = []
        self.source: list[int | None] = []  # the document of each chosen row (None: no provenance)
        self._other_spellings: dict[int, list[str]] = {}
        self._slot: dict[str, int] = {}
        self._by_pos: dict[int, int] = {}

    def take(self, doc_id: int, row: ResultRow, look_up: bool, indexed: bool) -> None:
        """Merge one row of document `doc_id` (`look_up`: an earlier row may name its rider;
        `indexed`: a later one may)."""
        known = self.riders.matches(row.rider) if look_up else None
        if known:
            index = self._slot[known[0]]
            self._other_spellings.setdefault(index, []).append(row.rider)
            self.chosen[index] = _complete(
                self.chosen[index], row, self.which, (doc_id, self.source[index]), self.conflicts
            )
            return
        taken = self._by_pos.get(row.pos) if row.pos is not None else None
        if taken is not None:
            self.conflicts.append(
                Conflict(
                    field=f"{self.which}.pos{row.pos}",
                    values=(self.chosen[taken].rider, row.rider),
                    chosen=self.chosen[taken].rider,
                    sources=_sources(doc_id, self.source[taken]),
                )
            )
            return
        if indexed:
            self.riders.add(row.rider)
            self._slot[row.rider] = len(self.chosen)
        if row.pos is not None:
            self._by_pos[row.pos] = len(self.chosen)
        self.chosen.append(row)
        self.source.append(doc_id if row.provenance else None)

    def rider(self, index: int) -> str:
        """How to write the rider of chosen row `index`: the canonical name of every way the
        documents wrote them (one spelling every document used is that spelling, stripped)."""
        first = self.chosen[index].rider
        others = self._other_spellings.get(index)
        if others is None or all(o == first for o in others):
            return first.strip() or first  # `canonical_name([first]) or first`
        return canonical_name([first, *others]) or first


def _sources(*doc_ids: int | None) -> tuple[int, ...]:
    return tuple(sorted({d for d in doc_ids if d is not None}))


def _complete(
    base: ResultRow,
    other: ResultRow,
    which: str,
    docs: tuple[int, int | None],
    conflicts: list[Conflict],
) -> ResultRow:
    """Fill what `base` lacks from `other`; record a conflict where both know and differ."""
    update: dict[str, object] = {}
    for name in ("pos", "team", "gap_s", "time_s", "nationality"):
        mine, theirs = getattr(base, name), getattr(other, name)
        if mine is None and theirs is not None:
            update[name] = theirs
        elif (
            mine is not None
            and theirs is not None
            and (key(str(mine)) != key(str(theirs)))
            and name in ("pos", "gap_s")
        ):
            conflicts.append(
                Conflict(
                    field=f"{which}.{base.rider}.{name}",
                    values=(str(mine), str(theirs)),
                    chosen=str(mine),
                    sources=_sources(*docs),
                )
            )
    return base.replaced(**update) if update else base


def _team_spellings(rows: Sequence[ResultRow]) -> dict[str, str]:
    """How to write each team the rows name: the most frequent spelling of its key (ties: the
    first seen)."""
    written = Counter(map(_TEAM, rows))
    written.pop(None, None)  # no team: not spelled
    written.pop("", None)
    best: dict[str, tuple[str, int]] = {}
    for team, n in written.items():  # first seen first
        k = key(team)
        if k not in best or n > best[k][1]:
            best[k] = (team, n)
    return {team: best[key(team)][0] for team in written}
