"""Site furniture: the newsletter boxes, paywalls, bios and link lists around a story.

The rules describe how furniture is written on any site, not one site's strings: a line is
furniture when it asks the reader to do something (subscribe, share, sign in), credits an image,
or heads a list of other stories; everything after a list header or an author bio is furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from raceview.analysis.prefilter import holder, prefiltered, with_first_chars

_I = re.IGNORECASE

# Phrases that make any line furniture, however long.
_STRONG = prefiltered(
    r"to your inbox|\bnewsletters?\b|\bunlimited access\b|\bjoin now\b|cancel any ?time"
    r"|\bread any \d+ articles\b|\bthank you for (?:reading|signing up|subscribing|visiting)"
    r"|verification email|\bbilled\b.{0,60}\bper (?:month|year)|\bfree trial\b"
    r"|\(opens in new (?:tab|window)\)|\bresults powered by\b|\bimage credits?\s*:"
    r"|\brefresh the page\b|there was a problem|\ball rights reserved\b"
    r"|\bstory continues below\b|\bcontinue reading\b|\bskip (?:to )?(?:main )?content\b"
    r"|\bdownload (?:the|our) app\b|\bsubscribe (?:on|to) (?:youtube|our|the)\b"
    r"|\bwe use cookies\b|\baccept (?:all )?cookies\b|\bcookie (?:policy|settings|preferences)\b"
    r"|\bfirst month for\b|\bsubscribe to keep reading\b|\bsubscribers? only\b"
    r"|\bcreate (?:a )?free account\b|\balready (?:a (?:member|subscriber)|have an account)\b"
    r"|\bthis (?:article|content) is (?:for|available to) (?:members|subscribers)\b"
    r"|\bsupport (?:our|independent) journalism\b|\bbecome a (?:member|subscriber|patron)\b"
    r"|\bfree (?:stories|articles) (?:this|per|each|a) (?:month|week)\b|\blicensing rights\b"
    r"|\btrust principles\b|\bour standards\s*:|\bjoin the (?:conversation|discussion)\b"
    r"|\bcomments? (?:are|is) (?:closed|open)\b|\bautoplay\b|\bunsubscribe\b"
    r"|\bforward (?:this )?to a friend\b|\bupgrade to (?:paid"
    r"|premium)\b|\bmanage (?:your )?preferences\b"
    r"|\byou(?:'re| are) receiving this\b|\bview (?:this email )?in (?:your|a) browser\b"
    r"|\breport an (?:error|issue)\b|\bdata (?:provided|supplied) by\b|\badvertise with us\b"
    r"|\bnot yet imported\b|\bbrought to you by\b|\b(?:weekly|daily|monthly) (?:e-?mail|digest)\b"
    r"|\bsee (?:the )?full (?:table|results|standings|classification|ranking)\b"
    r"|\bpowered by [A-Z]",
    _I,
)

# A cheap first look: every strong phrase contains one of these.
_STRONG_KEYS = (
    "inbox", "newsletter", "unlimited", "join now", "cancel any", "read any", "thank you for",
    "verification", "billed", "free trial", "opens in new", "powered by", "credit", "refresh",
    "problem", "rights reserved", "continues below", "continue reading", "skip", "app",
    "cookie", "first month", "keep reading", "subscriber", "free account", "already",
    "members", "journalism", "become a", "free stories", "free articles", "licensing",
    "trust principles", "our standards", "conversation", "discussion", "comment", "autoplay",
    "unsubscribe", "friend", "upgrade", "preferences", "receiving this", "browser",
    "report an", "provided by", "supplied by", "advertise", "not yet imported",
    "brought to you", "weekly", "daily", "monthly", "see the full", "see full",
)  # fmt: skip

# Phrases that make a short line furniture (a long paragraph may use them in a story): one of
# these at the start of the line, a copyright sign, or one of the phrases after it anywhere
# (apart, so that the line is searched only for what can stand anywhere).
_WEAK_AT_START = re.compile(
    r"^\W*(?:advertisement|advert|sponsored(?: content)?|ad)\W*$|^\W*share\W*$"
    r"|^(?:photo|image|picture|pictures|photos|video|watch|listen|read more|read next|related"
    r"|recommended|see also|also read|more|tags?|tagged|topics?|filed under|sponsored)\s*:"
    r"|^(?:reporting|editing|additional reporting|writing|compiled) by\b"
    r"|^(?:by|words by|words|text|photos?|pictures"
    r"|images)\s*:?\s+[A-Z][\w.'’-]+(?:\s+(?:and\s+)?[A-Z][\w.'’-]+){0,4}\s*(?:,[\w ]{0,40})?$"
    r"|^[\w'’ ]{2,20}(?:\s*[|›»>/]\s*[\w'’ ]{2,20}){1,4}$"
    r"|^(?:published|updated|last updated|posted)\b.{0,40}\d"
    r"|^\d+\s+comments?$|^comments?\s*(?:\(\d+\))?$|^(?:leave|post) a comment\b"
    r"|^(?:home|news|racing|results|features|tech|video|podcasts?)(?:\s*[|/»>›]\s*\w+)+\s*$"
    r"|^(?:media|press) contacts?\b|^for (?:more information|media enquiries)\b",
    _I,
)
_COPYRIGHT = "©"
_WEAK_ANYWHERE = prefiltered(
    r"\bsign(?:ing)? up\b|\bsubscri(?:be|ption|ber)s?\b|\blog ?in\b|\bsign ?in\b|\bregister\b"
    r"|\bshare (?:this|on|via|the)\b|\bfollow us\b|\bfollow (?:@|on )"
    r"|\bclick here\b|\bcopy link\b|\b(?:facebook|twitter|whatsapp|instagram|linkedin|pinterest)\b"
    r"|\bcopyright\b|\bimage credit|\bphoto(?:graph)? credit|\bgetty images\b|\bcredit\s*:"
    r"|\bprivacy (?:policy|notice)\b|\bterms (?:of|and) (?:use|service|conditions)\b"
    r"|\bwatch (?:the )?(?:highlights|video|full race)\b|\bon demand\b|\bstream(?:ing)? live\b"
    r"|\brefresh for (?:the latest )?updates\b|\bkeep refreshing\b"
    r"|\b(?:e-?mail|phone|tel)\s*:\s*\S+",
    _I,
)

_SHORT = 280

# A cheap first look for the weak phrases: a line has one of these, or starts with one.
_WEAK_KEYS = (
    "advert", "sponsor", "sign", "subscri", "log", "regist", "share", "follow", "click", "copy",
    "facebook", "twitter", "whatsapp", "instagram", "linkedin", "pinterest", "©", "credit",
    "getty", "comment", "privacy", "terms", "|", "›", "»", ">", "/", "demand", "stream", "refresh",
    "media", "press", "more information", "mail", "phone", "tel", "watch", "highlights",
)  # fmt: skip
_WEAK_STARTS = (
    "by", "words", "text", "photo", "image", "picture", "video", "listen", "read", "related",
    "recommended", "see also", "also read", "more", "tag", "topic", "filed", "reporting", "editing",
    "additional", "writing", "compiled", "published", "updated", "last updated", "posted", "home",
    "news", "racing", "results", "features", "tech", "podcast", "leave", "post", "for more",
)  # fmt: skip

# A short line of page interface: widget titles, buttons, counters.
_UI = re.compile(
    r"^\W*(?:tagged|tags|topics|see (?:full|all|more)\b.*"
    r"|show (?:\d+ )?(?:earlier|more|all|older|newer)\b.*"
    r"|key (?:events|moments)|live coverage(?: powered by .*)?|(?:full )?start ?list|stage profile"
    r"|route map|previous winners|past winners"
    r"|roll of honou?r|ends|press release|up next|watch next"
    r"|next up|episode \d+|\d+ comments?|load more|view (?:all|more|gallery)|open gallery"
    r"|(?:[\w'’]+ ){0,2}coverage|latest videos?|more videos?|print"
    r"|email|save|bookmark|listen to (?:this|the) article.*|\d+ min(?:ute)?s? read"
    r"|(?:women'?s |men'?s )?worldtour (?:standings|rankings?)|uci rankings?)\W*$",
    _I,
)

# A short line that heads a list of other stories; the story is over.
_LIST_HEADER = re.compile(
    r"^\W*(?:latest(?: news)?|more|most (?:popular|read|viewed|shared)|popular|trending|top stories"
    r"|related(?: (?:articles|stories|content|news|posts|reading))?|recommended(?: for you)?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy)|read (?:next|more)|also on|further reading"
    r"|more (?:stories|news|from|on|in|like this)|around the web|from the web|editor'?s'? picks"
    r"|what to read next|in other news|don'?t miss|keep reading|elsewhere on|up next|watch next"
    r"|autoplay next|[-#]*\s*ends\s*[-#]*|#{3}|previous winners|past winners|roll of honou?r)\b"
    r"(?:\s+(?:on|from|in|at|about)\s+[\w .'’&-]{1,40})?\W*$",
    _I,
)

# A paragraph about the writer (read in the second half of a page only).
_BIO_SUBJECT = re.compile(
    r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2} (?:is|was|has|joined|covers|writes)\b"
)
_BIO_WORDS = prefiltered(
    r"\b(?:journalist|writer|editor|reporter|correspondent|contributor|freelance|photographer"
    r"|reported on|has covered|covering (?:professional |pro )?cycling|head of news|columnist"
    r"|staff writer|podcast host|(?:managing|deputy|features|news) editor)",
    _I,
)

# The story is an early version: more is promised.
_STUB = re.compile(
    r"^\W*(?:more to (?:follow|come)|this (?:story|article|report|page) (?:will be|is being|is)"
    r" (?:updated|developing)|updates? to follow|(?:a )?full (?:report|story|results?) (?:to follow"
    r"|will follow|coming soon)|developing story|check back (?:later|soon)|we(?:'ll| will) have"
    r" more|more details to follow|refresh for updates)\b",
    _I,
)

_PUNCT_ONLY = re.compile(r"^[\W_]{0,4}$")


@dataclass(frozen=True)
class Cleaned:
    """Paragraphs of the story, and whether the text promises more to follow."""

    paragraphs: tuple[str, ...]
    stub: bool
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Keys:
    """The cheap-first-look keys worth trying (those a whole document contains)."""

    strong: tuple[str, ...]
    weak: tuple[str, ...]

    @classmethod
    def present_in(cls, text: str) -> _Keys:
        lower = text.lower()
        return cls(
            tuple(k for k in _STRONG_KEYS if k in lower),
            tuple(k for k in _WEAK_KEYS if k in lower),
        )


_ALL_KEYS = _Keys(_STRONG_KEYS, _WEAK_KEYS)
#: "Does the lowercased line hold any strong (weak) key?" in one search of a trie of the keys,
#: for a line asked alone (the title, the standfirst): the keys of no document narrow them.
_HOLDS_STRONG_KEY = holder(frozenset(_STRONG_KEYS))
_HOLDS_WEAK_KEY = holder(frozenset(_WEAK_KEYS))


def _holds_key(lower: str, keys: tuple[str, ...], every_key: Callable[[str], bool]) -> bool:
    """Whether `lower` holds one of `keys` (`every_key`: the test for all the keys of its kind)."""
    if keys is _STRONG_KEYS or keys is _WEAK_KEYS:
        return every_key(lower)
    return any(k in lower for k in keys)


def is_furniture(line: str, keys: _Keys = _ALL_KEYS) -> bool:
    """Whether one line (a paragraph) is site furniture."""
    text = line.strip()
    if _PUNCT_ONLY.match(text):
        return True
    lower = text.lower()
    if _holds_key(lower, keys.strong, _HOLDS_STRONG_KEY) and _STRONG.search(text):
        return True
    words = len(text.split())
    if words <= 6 and not text.endswith((".", "!", "?")) and _UI.match(text):
        return True
    if words <= 4 and text.isupper() and not re.search(r"\d", text):
        return True
    if len(text) > _SHORT:
        return False
    if not (_holds_key(lower, keys.weak, _HOLDS_WEAK_KEY) or lower.startswith(_WEAK_STARTS)):
        return False
    return _is_weak_furniture(text)


def _is_weak_furniture(text: str) -> bool:
    """Whether a short line holds a phrase that makes it furniture."""
    return (
        _WEAK_AT_START.match(text) is not None
        or _COPYRIGHT in text
        or _WEAK_ANYWHERE.search(text) is not None
    )


_ABOUT = re.compile(r"^About (?:[Tt]he )?(?:[Tt]eam )?[A-Z][\w/&'’.-]*(?: [\w/&'’.-]+){0,4}$")


def is_list_header(line: str) -> bool:
    """Whether a line heads a list of other stories ("Latest on X") or boilerplate ("About X")."""
    text = line.strip()
    if len(text.split()) > 8 or text.endswith((".", "!", "?")):
        return False
    return bool(_LIST_HEADER.match(text) or _ABOUT.match(text))


def is_bio(line: str) -> bool:
    """Whether a paragraph is the writer's biography."""
    return bool(_BIO_SUBJECT.match(line.strip()) and _BIO_WORDS.search(line))


def is_stub_marker(line: str) -> bool:
    """Whether a line promises that the story will be completed later."""
    return bool(_STUB.match(line.strip())) and len(line) < 160


_RESULT_ROW = with_first_chars(
    re.compile(r"\d{1,3}[.)]?[ \t]+[^\W\d_][^\n]*\d:\d\d(?::\d\d)?(?:[\s\w.,)]{0,12})$")
)


@lru_cache(maxsize=4096)  # asked again of each row when the race is identified
def is_result_row(line: str) -> bool:
    """Whether a line is a results-table row with a time: '12. Name (Team) 4:12:09'."""
    return bool(_RESULT_ROW.match(line))


def remove_furniture(paragraphs: list[str]) -> Cleaned:
    """Drop furniture lines; stop at a list header or author bio once the story has begun."""
    kept: list[str] = []
    removed: list[str] = []
    stub = False
    texts = [p.strip() for p in paragraphs]
    rows = [bool(t) and is_result_row(t) for t in texts]  # a table's row is never furniture
    # a key no line but a row has is not tried per line
    keys = _Keys.present_in("\n".join(t for t, row in zip(texts, rows, strict=True) if not row))
    for i, text in enumerate(texts):
        if not text:
            continue
        if rows[i]:
            kept.append(text)
            continue
        if is_stub_marker(text):
            stub = True
            continue
        header = is_list_header(text)
        if kept and (header or (len(kept) >= 2 and is_bio(text))):
            removed += [t for t in texts[i:] if t]
            break
        if header or is_furniture(text, keys):
            removed.append(text)
            continue
        kept.append(text)
    return Cleaned(tuple(kept), stub, tuple(removed))
