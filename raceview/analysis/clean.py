"""Raw document to clean text: main text out of HTML, furniture out, captions apart."""

from __future__ import annotations

import datetime as dt
import re

from raceview.analysis.captions import extract_captions, is_caption_line
from raceview.analysis.document import CleanDocument
from raceview.analysis.furniture import is_furniture, remove_furniture
from raceview.analysis.html import read_html
from raceview.analysis.text import safe_text
from raceview.models import RawDocument

_DATELINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|$)")
_SENTENCE_END = (".", "!", "?", '"', "'", "”", "’", ")", ":")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_BLANK_LINE = re.compile(r"\n\s*\n")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·|]|\d{1,3}[.)]?\s)")

MAX_TITLE = 200
MAX_STANDFIRST = 320


def read_document(raw: RawDocument) -> CleanDocument:
    """Title, standfirst, clean text and captions of a raw document."""
    text = safe_text(raw.body, raw.content_type)
    media = raw.content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml") or _looks_like_html(text):
        return read_html(text, raw.origin, raw.fetched_at)
    return read_plain(text, markdown=media == "text/markdown")


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def read_plain(text: str, *, markdown: bool = False) -> CleanDocument:
    """A plain-text (or Markdown) report: optional date line, title, standfirst, body."""
    published = None
    match = _DATELINE.match(text)
    if match:
        try:
            published = dt.date.fromisoformat(match.group(1))
        except ValueError:
            published = None
        text = text[match.end() :]
    lines = paragraphs_of(text, markdown=markdown)
    story, captions = extract_captions(lines)
    title, standfirst, body = _split_head(story)
    cleaned = remove_furniture(body)
    paragraphs = [p for p in cleaned.paragraphs if p != title]
    return CleanDocument(
        title=title,
        standfirst=standfirst,
        text="\n\n".join(paragraphs),
        published=published,
        dateline=published is not None,
        captions=tuple(captions),
        stub=cleaned.stub,
        removed=cleaned.removed,
        content_type="text/markdown" if markdown else "text/plain",
    )


def paragraphs_of(text: str, *, markdown: bool = False) -> list[str]:
    """Paragraphs: one per line, except hard-wrapped blocks, which are joined."""
    out: list[str] = []
    if markdown:  # a heading is a paragraph of its own, and so is the line after it
        text = re.sub(r"^(\s{0,3}#{1,6}\s.*)$", r"\n\1\n", text, flags=re.M)
    for block in _BLANK_LINE.split(text):
        lines = [_strip_markdown(ln) if markdown else ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if _wrapped(lines, markdown):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _wrapped(lines: list[str], markdown: bool) -> bool:
    """Whether a block's lines are one paragraph broken at a fixed width."""
    if len(lines) < 2 or any(_is_list_item(ln) for ln in lines):
        return False
    inner = lines[:-1]
    open_ends = sum(1 for ln in inner if not ln.endswith(_SENTENCE_END))
    if markdown:
        return open_ends >= len(inner) / 2 or all(len(ln) > 50 for ln in inner)
    widths = [len(ln) for ln in inner]
    lower_starts = sum(1 for ln in lines[1:] if ln[:1].islower())
    return (
        open_ends >= len(inner) * 0.6
        and min(widths) > 40
        and max(widths) - min(widths) < 30
        and (len(lines) > 2 or lower_starts == 1)
    )


def _is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


def _strip_markdown(line: str) -> str:
    line = _MD_HEADING.sub("", line)
    line = _MD_QUOTE.sub("", line)
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_MARKS.sub("", line)
    return line.strip()


def _split_head(lines: list[str]) -> tuple[str, str, list[str]]:
    """(title, standfirst, body): headline-like first lines are title and standfirst."""
    rest = list(lines)
    while rest and (is_furniture(rest[0]) or is_caption_line(rest[0])):
        rest.pop(0)
    if not rest or not _headline_like(rest[0], MAX_TITLE):
        return "", "", rest
    title = rest.pop(0)
    standfirst = ""
    if len(rest) > 1 and _headline_like(rest[0], MAX_STANDFIRST) and not is_furniture(rest[0]):
        standfirst = rest.pop(0)
    return title, standfirst, rest


def _headline_like(line: str, limit: int) -> bool:
    """A title or standfirst: short, and not a sentence of the story ending with a full stop."""
    return len(line) <= limit and not line.rstrip().endswith(".")
