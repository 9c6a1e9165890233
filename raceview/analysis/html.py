"""HTML pages: trafilatura for the main text, selectolax for captions, tables and metadata."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from raceview.analysis.captions import extract_captions, split_captions
from raceview.analysis.document import CleanDocument, HtmlTable
from raceview.analysis.furniture import is_furniture, is_list_header, remove_furniture
from raceview.analysis.text import sanitize

MAX_TABLES = 40
MAX_TABLE_ROWS = 400
MAX_CELL = 200
#: Below this many characters, trafilatura's first extraction is checked by its fallbacks.
MIN_MAIN_TEXT = 250
#: ... and below this share of the text the page's paragraphs hold.
MIN_PARAGRAPH_SHARE = 0.5
_PUBLISHED_META = re.compile(
    r"""(?:article:published_time|datePublished|pubdate|publish[-_]?date|dc\.date)["'\s]"""
    r"""[^>]{0,200}?(\d{4}-\d{2}-\d{2})""",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def read_html(html: str, origin: str, fetched: dt.datetime | None = None) -> CleanDocument:
    """Main text, title, standfirst, dates, captions and tables of an HTML page.

    `fetched`: when the page was fetched; no date after it is taken for its publication date.
    """
    tree = _parse(html)
    meta = _metadata(tree)
    extracted = _main_text(html, origin, _paragraph_chars(tree))
    title = _TITLE_SUFFIX.sub("", sanitize(_title(tree, meta))).strip()
    description = sanitize(meta.get("description") or meta.get("og:description") or "").strip()
    main_text = extracted.get("text") or _paragraph_text(_parse(html))
    lines = [ln.strip() for ln in sanitize(main_text).split("\n")]
    lines = [ln for ln in lines if ln and ln != title]
    figure_captions = [c for node in tree.css("figcaption") for c in split_captions(_text(node))]
    lines = [ln for ln in lines if ln not in figure_captions and ln != description]
    story, inline_captions = extract_captions(lines)
    cleaned = remove_furniture(story)
    tables = _tables(tree)
    paragraphs = [*cleaned.paragraphs, *_table_lines(tables, cleaned.paragraphs)]
    published, explicit = _published(html, fetched)
    url = meta.get("canonical") or meta.get("og:url") or origin
    return CleanDocument(
        title=title,
        standfirst=description if len(description) <= 320 else "",
        text="\n\n".join(paragraphs),
        published=published,
        dateline=explicit,
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        captions=tuple(dict.fromkeys([*figure_captions, *inline_captions])),
        stub=cleaned.stub,
        removed=cleaned.removed,
        html_tables=tables,
        content_type="text/html",
    )


def _table_lines(tables: tuple[HtmlTable, ...], paragraphs: tuple[str, ...]) -> list[str]:
    """Tables the main text left out, as tab-separated lines under their labels."""
    lines: list[str] = []
    text = " ".join(" ".join(paragraphs).split())
    for table in tables:
        rows = ["\t".join(row) for row in table.rows]
        sample = [" ".join(" ".join(row).split()) for row in table.rows[1:3]]
        if len(rows) < 2 or all(line in text for line in sample):
            continue
        if table.label and (is_furniture(table.label) or is_list_header(table.label)):
            continue
        if table.label:
            lines.append(table.label)
        lines += rows
    return lines


def _paragraph_text(tree: Any) -> str:
    """When trafilatura finds no article: the page's paragraphs, outside navigation and footers."""
    for node in tree.css("nav, header, footer, aside, script, style, form"):
        node.decompose()
    return "\n".join(t for t in (_text(p) for p in tree.css("h1, h2, h3, p, li")) if t)


def _parse(html: str) -> Any:
    from selectolax.lexbor import LexborHTMLParser  # lazily: only HTML needs it

    return LexborHTMLParser(html)


def _text(node: Any) -> str:
    return " ".join(sanitize(node.text(separator=" ") or "").split())


def _metadata(tree: Any) -> dict[str, str]:
    """og:, name= and canonical metadata from the head."""
    meta: dict[str, str] = {}
    title = tree.css_first("title")
    if title is not None:
        meta["title"] = _text(title)
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        content = attrs.get("content")
        if name and content and name not in meta:
            meta[name] = content
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href"):
        meta["canonical"] = link.attributes["href"] or ""
    return meta


def _main_text(html: str, origin: str, paragraph_chars: int) -> dict[str, Any]:
    """trafilatura's extraction as a dict ({} when it finds nothing).

    trafilatura's own extractor runs first, without the readability and jusText fallbacks it
    compares against (`fast=True`): they are ~70% of its time and rarely change an article
    (F1 0.962 against 0.964 on the ScrapingHub benchmark, FIELD_NOTES). They run when that
    first extraction looks like it missed the story: short, or far shorter than the page's
    paragraphs.
    """
    quick = _trafilatura(html, origin, fast=True)
    text = quick.get("text") or ""
    if len(text) >= MIN_MAIN_TEXT and len(text) >= MIN_PARAGRAPH_SHARE * paragraph_chars:
        return quick
    return _trafilatura(html, origin, fast=False) or quick


def _trafilatura(html: str, origin: str, *, fast: bool) -> dict[str, Any]:
    import trafilatura  # lazily: +150 ms import

    url = origin if origin.startswith(("http://", "https://")) else None
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            fast=fast,
            include_comments=False,
            include_tables=False,
            include_images=False,
            with_metadata=False,  # headline, date, address: read_html reads them for less
            favor_precision=True,
        )
    except Exception:  # trafilatura raises assorted errors on broken markup
        return {}
    if doc is None:
        return {}
    as_dict = doc.as_dict() if hasattr(doc, "as_dict") else doc
    return dict(as_dict) if isinstance(as_dict, dict) else {}


def _paragraph_chars(tree: Any) -> int:
    """How much text the page's paragraphs hold, furniture included (an upper bound)."""
    return sum(len(node.text(deep=True) or "") for node in tree.css("p"))


def _title(tree: Any, meta: dict[str, str]) -> str:
    """The headline: og:title, else the page's only h1, else the title element."""
    if meta.get("og:title"):
        return meta["og:title"]
    headings = tree.css("h1")
    heading = _text(headings[0]) if len(headings) == 1 else ""
    return heading or meta.get("title", "")


def _published(html: str, fetched: dt.datetime | None) -> tuple[dt.date | None, bool]:
    """The publication date; explicit when the page declares it in its metadata.

    Otherwise htmldate (trafilatura's own date finder, with the settings raceview gave
    trafilatura) looks in links, time elements and visible dates, up to the fetch (not the
    clock: the analysis stays a function of the document).
    """
    match = _PUBLISHED_META.search(html[:200_000])
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)), True
        except ValueError:
            pass
    from htmldate import find_date  # lazily, like trafilatura

    try:  # bytes: htmldate downloads a str that looks like a URL ("http..." without spaces)
        body = html.encode("utf-8", "replace")
        found = find_date(body, extensive_search=False, original_date=True, max_date=fetched)
    except Exception:  # htmldate raises assorted errors on broken markup
        return None, False
    try:
        return (dt.date.fromisoformat(found[:10]), False) if found else (None, False)
    except ValueError:
        return None, False


def _tables(tree: Any) -> tuple[HtmlTable, ...]:
    """Every table's label and rows as cell texts, bounded in count and size."""
    tables = []
    for table in tree.css("table")[:MAX_TABLES]:
        rows = []
        for tr in table.css("tr")[:MAX_TABLE_ROWS]:
            cells = tuple(_text(td)[:MAX_CELL] for td in tr.css("th, td"))
            if any(cells):
                rows.append(cells)
        if rows:
            tables.append(HtmlTable(_label(table), tuple(rows)))
    return tuple(tables)


def _label(table: Any) -> str:
    """The caption of a table, or the heading or short paragraph just before it."""
    caption = table.css_first("caption")
    if caption is not None:
        return _text(caption)[:MAX_CELL]
    node = table.prev
    for _ in range(6):
        if node is None:
            break
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "b", "div", "span"):
            text = _text(node)
            if text:
                return text[:MAX_CELL]
        node = node.prev
    parent = table.parent
    if parent is not None and parent.tag not in ("body", "html", "article", "main"):
        return _label(parent) if parent.css_first("table") is table and parent.prev else ""
    return ""
