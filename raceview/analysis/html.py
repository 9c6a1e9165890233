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
_PUBLISHED_META = re.compile(
    r"""(?:article:published_time|datePublished|pubdate|publish[-_]?date|dc\.date)["'\s]"""
    r"""[^>]{0,200}?(\d{4}-\d{2}-\d{2})""",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def read_html(html: str, origin: str) -> CleanDocument:
    """Main text, title, standfirst, dates, captions and tables of an HTML page."""
    tree = _parse(html)
    meta = _metadata(tree)
    extracted = _main_text(html, origin)
    title = sanitize(extracted.get("title") or meta.get("og:title") or meta.get("title") or "")
    title = _TITLE_SUFFIX.sub("", title).strip()
    description = sanitize(extracted.get("description") or meta.get("description") or "").strip()
    main_text = extracted.get("text") or _paragraph_text(_parse(html))
    lines = [ln.strip() for ln in sanitize(main_text).split("\n")]
    lines = [ln for ln in lines if ln and ln != title]
    figure_captions = [c for node in tree.css("figcaption") for c in split_captions(_text(node))]
    lines = [ln for ln in lines if ln not in figure_captions and ln != description]
    story, inline_captions = extract_captions(lines)
    cleaned = remove_furniture(story)
    tables = _tables(tree)
    paragraphs = [*cleaned.paragraphs, *_table_lines(tables, cleaned.paragraphs)]
    published, explicit = _published(html, extracted.get("date"))
    url = extracted.get("url") or meta.get("canonical") or meta.get("og:url")
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


def _main_text(html: str, origin: str) -> dict[str, Any]:
    """trafilatura's extraction as a dict ({} when it finds nothing)."""
    import trafilatura  # lazily: +150 ms import

    url = origin if origin.startswith(("http://", "https://")) else None
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            with_metadata=True,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises assorted errors on broken markup
        return {}
    if doc is None:
        return {}
    as_dict = doc.as_dict() if hasattr(doc, "as_dict") else doc
    return dict(as_dict) if isinstance(as_dict, dict) else {}


def _published(html: str, extracted: object) -> tuple[dt.date | None, bool]:
    """The publication date; explicit when the page declares it in its metadata."""
    match = _PUBLISHED_META.search(html[:200_000])
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)), True
        except ValueError:
            pass
    if isinstance(extracted, str):
        try:
            return dt.date.fromisoformat(extracted[:10]), False
        except ValueError:
            return None, False
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
