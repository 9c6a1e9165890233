"""What kind of document this is, and which race (name, year, stage, facts) it reports."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from raceview.analysis import catalogue
from raceview.analysis.catalogue import RaceEntry, norm, norm_words
from raceview.analysis.championships import championship
from raceview.analysis.cues import WIN
from raceview.analysis.document import CleanDocument
from raceview.analysis.facts import distance_km, edition, start_finish
from raceview.analysis.furniture import is_result_row
from raceview.analysis.prefilter import prefiltered
from raceview.analysis.words import MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS
from raceview.models import DocKind, RaceFacts

_I = re.IGNORECASE
_WIN = prefiltered(
    r"\b(?:wins?|won|winning|victory|victorious|triumphs?|triumphed|soloe?s?d? (?:to|in)"
    r"|takes? (?:the )?(?:win|victory|honours|title)|took (?:the )?(?:win|victory|title)|claims?"
    r"|claimed|outsprints?|outsprinted|sprints? to|sprinted to|beats?|beat|edges?|edged"
    r"|holds? off|held off|prevails?|prevailed|powers? to|powered to|storms? to|stormed to"
    r"|seals?|sealed|clinche[sd]|takes? (?:stage|the stage)|hat-trick)\b",
    _I,
)
_PREVIEW = prefiltered(
    r"\b(?:preview|who will win|favourites|favorites|contenders|how to watch|start ?list"
    r"|what to expect|route (?:guide|revealed|map)|tv guide|predictions?|riders to watch"
    r"|five things|\d+ things to|ones? to watch|odds)\b",
    _I,
)
_LIVE = re.compile(r"\blive(?:[- ]blog| coverage| updates| report| text)?\b|as it happened", _I)
_GALLERY = re.compile(r"\b(?:gallery|in pictures|photos|photo ?story|best images)\b", _I)
_ROUNDUP = re.compile(
    r"\bround-?up\b|\bweekend (?:racing|review|wrap)\b|\bracing wrap\b|\bwrap-?up\b", _I
)
_PRESS = prefiltered(
    r"(?i:\bpress release\b|\bmedia (?:contacts?|enquiries|requests|inquiries)\b"
    r"|\bfor immediate release\b|\bfor media requests\b|\bpress office\b"
    r"|\bcommuniqu[ée] de presse\b|\bpress contact\b)"
    r"|^About (?:[Tt]eam )?[A-Z][\w-]+(?: [A-Z][\w-]+){0,3}\s*$",
    re.M,
)
_TIMESTAMP = re.compile(r"^\s*\d{1,2}[:.h]\d{2}\s*(?:cet|cest|bst|gmt|utc|local|am|pm)?\b", _I)
_RESULTS_TITLE = re.compile(
    r"\bresults?\b|\bclassification\b|\bstandings\b|\bcommuniqu[ée]\b|\buitslag\b"
    r"|\bclassement\b|\bclassifica\b|\bergebnis",
    _I,
)
_WOMEN = prefiltered(
    r"\bwomen'?s?\b|\bfemmes?\b|\bf[ée]minine?\b|\bdonne\b|\bladies\b|\bvrouwen\b|\bfemenina\b"
    r"|\bwomen's worldtour\b|\bwwt\b",
    _I,
)
_DISTRACTED = prefiltered(
    r"(?:warm-?up (?:race )?(?:for|to)|ahead of (?:the|next)|before (?:the|next)|build-?up to"
    r"|preparation for|prepar\w+ for|heading to|en route to|next (?:up|week|month)|last year'?s?"
    r"|previous(?:ly)?|former|also won|earlier (?:this|in the) (?:year|season|month)"
    r"|after (?:his|her|their) |champion of the|favourite for|targets?|targeting"
    r"|will (?:ride|race|start|line up|head)|focus(?:ing)? on|record at the|runner-up at"
    r"|podium at|stage wins? at)\W*(?:\w+\W+){0,4}$",
    _I,
)
_DISTRACTED_AFTER = re.compile(
    r"^\W*(?:which|that|this|next|later) (?:\w+ ){0,3}(?:begins?|starts?|gets? under ?way|runs?)"
    r"|^\W*(?:begins?|starts?) (?:on|next|in)|^\W*(?:in|back in) (?:19|20)\d\d\b",
    _I,
)
_STAGE = re.compile(r"\bstage\s+(\d{1,2}[ab]?)\b|\b(\d{1,2}[ab]?)(?:st|nd|rd|th)?\s+stage\b", _I)
_ORDINALS = ORDINAL_WORDS
_WORD_STAGE = prefiltered(  # "the third stage", "the eighth and final stage"
    r"\b(" + "|".join(_ORDINALS) + r"|opening|final|last)(?:\s+and\s+(?:final|last))?\s+stage\b",
    _I,
)
_NUMBER_WORDS = NUMBER_WORDS
_STAGE_WORD = re.compile(r"\bstage\s+(" + "|".join(_NUMBER_WORDS) + r")\b", _I)
_PROLOGUE = re.compile(r"\bprologue\b", _I)
_YEAR = re.compile(r"(?<!\d)((?:19[5-9]|20[0-4])\d)(?!\d)")
_WEEKDAYS = tuple(day.lower() for day in WEEKDAYS)
_WEEKDAY = prefiltered(r"\b(?:on )?(" + "|".join(_WEEKDAYS) + r")(?:'s)?\b", _I)
_RACE_WORDS = prefiltered(
    r"\b(?:tour|giro|vuelta|volta|grand prix|gp|gran premio|classic|classique|classica|trofeo"
    r"|ronde|omloop|circuit|rund|coppa|memorial|criterium|critérium|championships?|race|ruta"
    r"|settimana|semaine|challenge|clasica|clásica|cup|prix|tirreno|paris)\b",
    _I,
)


class _Zone(NamedTuple):  # a tuple: a report has a zone for each of its rows
    text: str
    weight: float


_LEAD = 5  # the zones read by their place (championship, stage, a race the catalogue lacks)


def _zones(doc: CleanDocument) -> list[_Zone]:
    """The document's texts, weighted: title, standfirst, paragraphs, captions. Past the
    first `_LEAD`, a results table's rows are left out: only the catalogue look-up reads
    that far, and it skips rows (a report may have 150 of them)."""
    zones = [_Zone(t, w) for t, w in ((doc.title, 10.0), (doc.standfirst, 6.0)) if t]
    for i, (p, row) in enumerate(zip(doc.paragraphs, doc.row_flags, strict=True)):
        if not row or len(zones) < _LEAD:
            zones.append(_Zone(p, 4.0 if i == 0 else 2.0 if i < 3 else 0.5))
    zones += [_Zone(c, 1.0) for c in doc.captions if c]
    return zones


def classify_kind(doc: CleanDocument) -> DocKind:
    """Report, results page, live report, gallery, preview, news, round-up or press release."""
    head = f"{doc.title}\n{doc.standfirst}"
    paras = doc.paragraphs
    if _GALLERY.search(doc.title) or (len(doc.captions) >= 5 and len(doc.captions) > len(paras)):
        return "gallery"
    if _ROUNDUP.search(head) or _several_races_won(doc):
        return "roundup"
    if _LIVE.search(doc.title):
        return "live"
    tally = _tally(paras, doc.row_flags)
    if tally.timestamps >= 4:
        return "live"
    furniture = "\n".join(doc.removed)
    if any(_PRESS.search(t) for t in (furniture, head, doc.text[:300], doc.text[-600:])):
        return "press_release"
    result = reports_result(doc)
    title_result = _title_reports_result(doc.title)
    if _PREVIEW.search(doc.title) and not title_result:
        return "preview"
    if _PREVIEW.search(head) and not (result and title_result):
        return "preview"
    rows = len([r for t in doc.html_tables for r in t.rows]) + tally.text_rows
    prose = tally.prose
    results_title = bool(_RESULTS_TITLE.search(doc.title))
    if (rows >= 5 or (rows >= 3 and results_title)) and (
        results_title or (prose < 700 and not title_result)
    ):
        return "results"  # a results page may hold only the first rows ("5-175 to follow")
    return "report" if result or rows >= 5 else "news"


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_IN_YEAR = re.compile(r"\bin ((?:19|20)\d\d)\b")
_IN_MONTH = re.compile(r"\b(?:in|since|back in) (" + "|".join(MONTHS) + r")\b")


def reports_result(doc: CleanDocument) -> bool:
    """Whether the head or the first paragraphs state a result of this race, not a past one."""
    month = MONTHS[doc.published.month - 1] if doc.published else ""  # strftime("%B"), C locale
    for text in [doc.title, doc.standfirst, *doc.paragraphs[:2]]:
        for sentence in _SENTENCE_BREAK.split(text):
            if not (_RESULT_NOW.search(sentence) or _WIN.search(sentence) or WIN.search(sentence)):
                continue
            if (
                _PAST.search(sentence)
                or _other_month(sentence, month)
                or _other_year(sentence, doc)
            ):
                continue
            return True
    return False


def _other_year(sentence: str, doc: CleanDocument) -> bool:
    """'He won here in 2016': a year that is not the document's own."""
    years = {int(y) for y in _IN_YEAR.findall(sentence)}
    own = doc.published.year if doc.published else None
    return bool(years) and own is not None and own not in years


def _title_reports_result(title: str) -> bool:
    return bool(_RESULT_NOW.search(title) or _WIN.search(title)) and not (
        _PAST.search(title)
        or re.search(r"\b(?:to beat|one to|who can|could|favourite)\b", title, _I)
    )


def _other_month(sentence: str, month: str) -> bool:
    months = _IN_MONTH.findall(sentence)
    return any(m != month for m in months)


_MONTH_NAMES = "|".join(MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTH_NAMES})\.?,? (?P<y1>(?:19|20)\d\d)\b"
    rf"|\b(?:{_MONTH_NAMES})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?P<y2>(?:19|20)\d\d)\b"
)
_RESULT_NOW = prefiltered(
    r"\b(?:finished|finishes|was|took|takes|taking|placed|came)"
    r" (?:\d{1,2}(?:st|nd|rd|th)|second|third"
    r"|fourth|fifth)\b|\bbeaten (?:only )?by\b|\b(?:crowned|is the new|becomes?|became) .{0,30}"
    r"champion\b|\bwins?\b|\bvictory\b",
    _I,
)
_PAST = re.compile(
    r"\b(?:last year|last season|a year ago|had won|will|would|hopes? to|wants? to"
    r"|next year|could)\b",
    _I,
)


#: Three lowercase letters before a punctuation mark, or three lowercase words of three or
#: more letters in a row: the same texts as `[a-z]{3,}[,.;!?]|[a-z]{3,} [a-z]{3,} [a-z]{3,}`
#: (a run ends with its last three letters, the third word begins with its first three),
#: without trying every shorter run at each letter.
_WORDS_OF_A_SENTENCE = re.compile(r"[a-z]{3}(?:[,.;!?]| [a-z]{3,} [a-z]{3})")
_NUMBERED = re.compile(r"^\s*(?:[-*•]\s*)?\d{1,3}[.):]?\s")


def _is_prose(paragraph: str) -> bool:
    """A sentence of the story, not a table row, heading or key-value line."""
    return (
        "\t" not in paragraph
        and len(paragraph.split()) >= 8
        and bool(_WORDS_OF_A_SENTENCE.search(paragraph))
        and not _NUMBERED.match(paragraph)
    )


_TEXT_ROW = re.compile(r"^\s*(?:[-*•|]\s*)?\d{1,3}[.):]?\s+\S.*\d")


class _Tally(NamedTuple):
    """What the paragraphs tell of a document's kind."""

    timestamps: int  # paragraphs opening with a clock time (a live report's entries)
    text_rows: int  # result rows written as text: numbered lines, bullets, tab or pipe cells
    prose: int  # characters of the story's sentences


def _tally(paras: tuple[str, ...], rows: tuple[bool, ...] | None = None) -> _Tally:
    """The paragraphs' tally in one pass. A results-table row (`rows`: the document's
    `row_flags`, else tested here) is a text row, and neither a timestamp nor prose: it
    starts with a number and a space that no clock time has and that `_NUMBERED` finds."""
    timestamps = text_rows = prose = 0
    flags = rows if rows is not None else tuple(map(is_result_row, paras))
    for p, row in zip(paras, flags, strict=True):
        if row:
            text_rows += len(p) < 200
            continue
        timestamps += _TIMESTAMP.match(p) is not None
        text_rows += _TEXT_ROW.match(p) is not None and len(p) < 200
        prose += len(p) if _is_prose(p) else 0
    return _Tally(timestamps, text_rows, prose)


def _several_races_won(doc: CleanDocument) -> bool:
    """A round-up reports winners of several catalogue races in its head and first lines."""
    head = norm_words(" ".join([doc.title, doc.standfirst]))
    found = set(catalogue.race_alias_pattern().phrases_in(head))
    names = {catalogue.race_alias_index()[f" {f} "].name for f in found}
    return len(names) >= 3


def identify_race(
    doc: CleanDocument, kind: DocKind, fallback_year: int | None = None
) -> RaceFacts | None:
    """The race the document reports, or None when it names none."""
    zones = _zones(doc)
    entry, name = _best_race(zones)
    if name is None:
        return None
    gender = _gender(doc, entry)
    if entry is not None and gender == "women" and entry.gender == "men":
        counterpart = catalogue.women_counterpart(entry)
        if counterpart is not None:
            entry, name = counterpart, counterpart.name
    elif entry is not None:
        gender = entry.gender
    year = _year(doc, name, fallback_year)
    if year is None:
        return None
    stage = None if entry is not None and entry.kind == "one-day" else _stage(zones, entry)
    category = entry.kind if entry is not None else ("stage" if stage else None)
    facts_text = "\n".join([doc.standfirst, doc.text, *doc.captions])
    start, finish = start_finish(facts_text)
    return RaceFacts(
        name=name,
        year=year,
        stage=stage,
        date=_race_date(doc),
        category=category if category in ("one-day", "stage") else None,  # type: ignore[arg-type]
        gender=gender,  # type: ignore[arg-type]
        distance_km=distance_km(facts_text),
        start=start,
        finish=finish,
        edition=edition(facts_text),
        date_from_dateline=doc.dateline,
    )


def _best_race(zones: list[_Zone]) -> tuple[RaceEntry | None, str | None]:
    """The catalogue race with the most weight of mentions, a championship, or the title's name."""
    entry, score = _best_catalogue_race(zones)
    champ, champ_score = championship(zones)
    if champ is not None and champ_score >= max(score, 4.0):
        return champ, champ.name
    if entry is not None:
        return entry, entry.name
    return None, _name_from_title(zones[0].text if zones else "") or _unknown_race(zones)


def _best_catalogue_race(zones: list[_Zone]) -> tuple[RaceEntry | None, float]:
    """The catalogue race with the most weight of mentions (and that weight)."""
    scores: dict[str, float] = {}
    entries: dict[str, RaceEntry] = {}
    pattern = catalogue.race_alias_pattern()
    index = catalogue.race_alias_index()
    for zone in zones:
        if is_result_row(zone.text):  # a rider's line of a table names no race
            continue
        words = norm_words(zone.text)
        matches = pattern.finditer_words(words)
        if not matches:
            continue  # the usual case
        text = catalogue.padded(words)  # norm(zone.text)
        for match in matches:
            entry = index[f" {match.group(1)} "]
            before = text[max(0, match.start() - 80) : match.start()]
            after = text[match.end() : match.end() + 60]
            weight = zone.weight
            if _DISTRACTED.search(before) or _DISTRACTED_AFTER.search(after):
                weight *= 0.1
            scores[entry.name] = scores.get(entry.name, 0.0) + weight
            entries[entry.name] = entry
    if scores:
        best = max(scores, key=lambda n: (scores[n], len(n)))
        if scores[best] >= 1.0:
            return entries[best], scores[best]
    return None, 0.0


_UNKNOWN_RACE = re.compile(
    r"\b((?:Tour|Giro|Vuelta|Volta|Ronde|Grand Prix|GP|Gran Premio|Trofeo|Circuit|Classic|Classica"
    r"|Omloop|Rund|Coppa|Memorial|Critérium|Criterium|Settimana|Semaine|Challenge|Clásica|Ruta)"
    r"(?: (?:of|de|del|della|di|du|des|van|the|la|le|[A-Z][\w'’-]+)){1,5})"
)


def _unknown_race(zones: list[_Zone]) -> str | None:
    """A race the catalogue lacks, named early on ('the Tour of the Kernow Hills')."""
    for zone in zones[:5]:
        for match in _UNKNOWN_RACE.finditer(zone.text):
            name = match.group(1).strip()
            words = name.split()
            if sum(1 for w in words if w[:1].isupper()) >= 2 and words[-1][:1].isupper():
                return name
    return None


def _name_from_title(title: str) -> str | None:
    """'Tour of Somewhere: X wins stage 2' -> 'Tour of Somewhere' (races not catalogued)."""
    head = re.split(r"\s*[:|–—]\s+", title, maxsplit=1)[0]
    head = _YEAR.sub("", head)
    head = re.sub(r"\bstage\s+\d+[ab]?\b.*$", "", head, flags=_I).strip(" -,")
    if head != title.strip() and _RACE_WORDS.search(head) and 2 <= len(head.split()) <= 7:
        return head
    match = re.search(
        r"\b(?:wins?|won|claims?|takes?)\s+(?:the\s+)?((?:[A-Z][\w'’-]*\s?){2,6})", title
    )
    if match and _RACE_WORDS.search(match.group(1)):
        return _YEAR.sub("", match.group(1)).strip()
    return None


#: The whole words she, her, hers, he, his and him. It opens with a plain character class, so
#: that `re` jumps from one 'h' or 's' to the next (2x quicker over a report than a leading
#: word boundary or look-ahead); the look-behinds then ask for a word's start, and an 's'
#: for 'she' only.
_PRONOUN = re.compile(r"[hs](?<=\b[hs])(?:(?<=s)he|(?<=h)(?:e|ers?|is|im))\b")


def _gender(doc: CleanDocument, entry: RaceEntry | None) -> str:
    """'women' when the head, the pronouns or the teams say so; else the race's own gender."""
    if entry is not None and entry.gender == "women":
        return "women"  # what every cue below would lead to: no need to read them
    head = " ".join([doc.title, doc.standfirst, *doc.paragraphs[:1]])
    if _WOMEN.search(head):
        return "women"
    words = _PRONOUN.findall(doc.text.lower())
    female = sum(1 for w in words if w in ("she", "her", "hers"))
    if female >= 2 and female > (len(words) - female):
        return "women"
    if catalogue.team_gender_vote_in(_team_vote_words(doc)) == "women":
        return "women"
    return entry.gender if entry is not None else "men"


def _team_vote_words(doc: CleanDocument) -> Sequence[str]:
    """The words `catalogue.team_gender_vote(doc.text)` reads. Normalised in one go, not a
    paragraph at a time: the pieces' words are cached, and tuples of the rows' words (most
    of a report's words) would be made only to be joined again."""
    return norm_words(doc.text[: catalogue.TEAM_VOTE_CHARS])


def _year(doc: CleanDocument, name: str, fallback: int | None) -> int | None:
    if doc.published and doc.dateline:
        return doc.published.year
    key = norm(name).strip()
    for zone_text in [doc.title, doc.standfirst, *doc.paragraphs[:4]]:
        folded = norm(zone_text)
        near = re.search(
            r"(?<= )((?:19|20)\d\d) " + re.escape(key) + r"(?= )", folded
        ) or re.search(re.escape(key) + r" ((?:19|20)\d\d)(?= )", folded)
        if near:
            return int(near.group(1))
    for zone_text in [doc.title, doc.standfirst, *doc.paragraphs[:3]]:
        dated = _FULL_DATE.search(zone_text)
        if dated:
            return int(dated.group("y1") or dated.group("y2"))
    in_url = re.search(r"/((?:19|20)\d\d)/", doc.url) if doc.url else None
    if in_url:
        return int(in_url.group(1))
    if doc.published:
        return doc.published.year
    years = Counter(int(y) for y in _YEAR.findall(" ".join([doc.title, doc.standfirst])))
    if years:
        return years.most_common(1)[0][0]
    return fallback


def _stage(zones: list[_Zone], entry: RaceEntry | None) -> str | None:
    """The stage: 'stage 3', 'stage three', 'prologue', then 'the third stage', 'final stage'."""
    for zone in zones[:5]:
        if _PROLOGUE.search(zone.text):
            return "prologue"
        match = _STAGE.search(zone.text)
        if match:
            return (match.group(1) or match.group(2)).lower()
        match = _STAGE_WORD.search(zone.text)
        if match:
            return str(_NUMBER_WORDS.index(match.group(1).lower()) + 1)
    for zone in zones[:5]:
        for match in _WORD_STAGE.finditer(zone.text):
            before = zone.text[max(0, match.start() - 12) : match.start()]
            after = zone.text[match.end() : match.end() + 12]
            if re.search(r"\b(?:his|her|their|a|an|another|its)\s+$", before, _I) or re.match(
                r"\s*(?:wins?|victor|success|of the week)", after, _I
            ):
                continue
            word = match.group(1).lower()
            if word == "opening":
                return "1"
            if word in ("final", "last"):
                if entry is not None and entry.tier == "grand-tour" and entry.gender == "men":
                    return "21"
                continue
            return str(_ORDINALS.index(word) + 1)
    return None


def _race_date(doc: CleanDocument) -> dt.date | None:
    """The publication date, moved back to the weekday the report names (within 3 days)."""
    if doc.published is None:
        return None
    head = " ".join([doc.title, doc.standfirst, *doc.paragraphs[:3], *doc.captions[:3]])
    match = _WEEKDAY.search(head)
    if match is None:
        return doc.published
    delta = (doc.published.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
    return doc.published - dt.timedelta(days=delta) if delta <= 3 else doc.published
