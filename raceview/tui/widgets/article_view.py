"""The article pane: title, standfirst, date, outlet, version, clean text and captions."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from raceview.analysis.text import sanitize
from raceview.tui.formatting import clean

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import Article, DocumentAnalysis, RaceDetail, ResultRow

HIGHLIGHT = "bold reverse"


def find_span(text: str, article: Article | None, row: ResultRow | None) -> tuple[int, int] | None:
    """Where the row's sentence sits in `text`: its recorded span, else a search for it."""
    prov = row.provenance if row else None
    if prov is None:
        return None
    if (
        article is not None
        and prov.article_id in (None, article.id)
        and text == article.text
        and 0 <= prov.start < prov.end <= len(text)
        and text[prov.start : prov.end].strip()
    ):
        return prov.start, prov.end
    if prov.sentence and (at := text.find(prov.sentence)) >= 0:
        return at, at + len(prov.sentence)
    return None


def meta_line(article: Article, index: int, count: int, version_index: int) -> str:
    """'2024-07-21 · example.com · report · version 2 of 3, fetched 2024-07-21 18:02'."""
    parts = [article.published.isoformat() if article.published else "undated"]
    parts += [clean(article.outlet)] if article.outlet else []
    parts.append(article.kind)
    versions = article.versions
    if versions:
        v = versions[min(version_index, len(versions) - 1)]
        label = f"version {version_index + 1} of {len(versions)}"
        label += " (best)" if version_index == 0 else ""
        label += f", fetched {v.fetched_at:%Y-%m-%d %H:%M}" + (", stub" if v.stub else "")
        parts.append(label)
    if count > 1:
        parts.append(f"article {index + 1} of {count}")
    return " · ".join(parts)


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article (or another version of it) and highlights a result's sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    detail: var[RaceDetail | None] = var(None)
    article_index: var[int] = var(0)
    version_index: var[int] = var(0)
    version: var[DocumentAnalysis | None] = var(None)
    highlight: var[ResultRow | None] = var(None)

    def compose(self) -> ComposeResult:
        yield Static(id="article-body")

    @property
    def article(self) -> Article | None:
        """The article shown."""
        if self.detail is None or not self.detail.articles:
            return None
        return self.detail.articles[min(self.article_index, len(self.detail.articles) - 1)]

    def _watch_any(self) -> None:
        if self.is_mounted:
            self._show()

    watch_detail = watch_article_index = watch_version_index = _watch_any
    watch_version = watch_highlight = _watch_any

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        body = self.query_one("#article-body", Static)
        article = self.article
        if article is None:
            body.update(Text("No article for this race.", style="dim"))
            return
        count = len(self.detail.articles) if self.detail else 1
        best = self.version_index == 0 or self.version is None
        title = article.title if best or self.version is None else self.version.title
        standfirst = article.standfirst if best or self.version is None else self.version.standfirst
        text = sanitize(article.text if best or self.version is None else self.version.text)
        captions = article.captions if best or self.version is None else self.version.captions
        out = Text()
        out.append(clean(title) or "(untitled)", "bold")
        if standfirst:
            out.append("\n" + clean(standfirst), "italic")
        out.append("\n" + meta_line(article, self.article_index, count, self.version_index), "dim")
        if self.version_index and self.version is None:
            out.append("\nloading this version… (the best version's text is shown)", "dim")
        out.append("\n\n")
        head = len(out.plain)
        out.append(text)
        span = find_span(text, article if best else None, self.highlight)
        if span is not None:
            out.stylize(HIGHLIGHT, head + span[0], head + span[1])
        if captions:
            out.append("\n\nGallery captions", "bold")
            for caption in captions:
                out.append(f"\n▣ {clean(caption)}", "italic")
        body.update(out)
        if span is not None:
            line = self._line_of(out.plain[: head + span[0]])
            self.call_after_refresh(self.scroll_to, y=max(0, line - 2), animate=False)

    def _line_of(self, prefix: str) -> int:
        """Roughly the wrapped line at the end of `prefix`."""
        width = max(1, self.scrollable_content_region.width)
        return sum(max(1, math.ceil(cell_len(p) / width)) for p in prefix.split("\n")) - 1
