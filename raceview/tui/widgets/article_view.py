"""The article pane: title, standfirst, date, outlet, version, clean text and captions."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import var
from textual.strip import Strip

from raceview.analysis.text import sanitize
from raceview.tui.formatting import clean
from raceview.tui.widgets.lines import LinePane

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


class ArticleView(LinePane):
    """Shows one article (or another version of it) and highlights a result's sentence.

    Line-rendered: the text is split into its lines once per change, a long line is wrapped
    once per width (as a Static would), and only the visible lines are painted.
    """

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Text | str] = []  # the lines shown, before wrapping (str: unstyled)
        self._starts: list[int] = []  # the first wrapped line of each of _lines
        self._strips: dict[int, list[Strip]] = {}
        self._width = 0
        self._shown: object = None  # the article (and version) shown, to reset the scroll
        self._style = Style()
        self._target: tuple[int, int] | None = None  # where the highlighted sentence starts

    @property
    def article(self) -> Article | None:
        """The article shown."""
        if self.detail is None or not self.detail.articles:
            return None
        return self.detail.articles[min(self.article_index, len(self.detail.articles) - 1)]

    @property
    def plain(self) -> str:
        """The text shown, unwrapped."""
        return "\n".join(_plain(line) for line in self._lines)

    def _watch_any(self) -> None:
        self.invalidate()

    watch_detail = watch_article_index = watch_version_index = _watch_any
    watch_version = watch_highlight = _watch_any

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self._lines, self._target = self._compose_lines()
        self._layout(self.line_width)
        shown = (id(self.article), self.version_index, id(self.version))
        if self._target is not None:
            self._reveal()
        elif shown != self._shown:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._shown = shown
        self.refresh()

    def _reveal(self) -> None:
        """Scroll the highlighted sentence into view (two lines below the top)."""
        if self._target is not None and self._target[0] < len(self._starts):
            index, column = self._target
            before = _plain(self._lines[index])[:column]
            line = self._starts[index] + cell_len(before) // self._width
            self.scroll_to(y=max(0, line - 2), animate=False, immediate=True)

    def _compose_lines(self) -> tuple[list[Text | str], tuple[int, int] | None]:
        """The article's lines, and where the highlighted sentence starts (line, column)."""
        article = self.article
        if article is None:
            return [Text("No article for this race.", style="dim")], None
        count = len(self.detail.articles) if self.detail else 1
        best = self.version_index == 0 or self.version is None
        shown = article if best or self.version is None else self.version
        lines: list[Text | str] = [_styled(clean(shown.title) or "(untitled)", "bold")]
        if shown.standfirst:
            lines.append(_styled(clean(shown.standfirst), "italic"))
        meta = meta_line(article, self.article_index, count, self.version_index)
        lines.append(_styled(meta, "dim"))
        if self.version_index and self.version is None:
            lines.append(_styled("loading this version… (the best version's text is shown)", "dim"))
        lines.append("")
        head = len(lines)
        text = sanitize(shown.text)
        lines += text.split("\n")  # plain lines become Text only when painted
        target = None
        span = find_span(text, article if best else None, self.highlight)
        if span is not None:
            target = _stylize(lines, head, text, span)
        if shown.captions:
            lines += ["", _styled("Gallery captions", "bold")]
            lines += [_styled(f"▣ {clean(caption)}", "italic") for caption in shown.captions]
        return lines, target

    def _layout(self, width: int) -> None:
        """Count the wrapped lines at `width`; wrap only the lines longer than that."""
        self._width, self._strips = width, {}
        starts: list[int] = []
        total = 0
        for i, line in enumerate(self._lines):
            starts.append(total)
            total += self._height(i, line, width)
        self._starts = starts
        self.set_virtual_size(Size(width, total))

    def _height(self, index: int, line: Text | str, width: int) -> int:
        plain = _plain(line)
        if "\t" not in plain:
            cells = cell_len(plain)
        elif isinstance(line, str) or not line.spans:
            cells = cell_len(plain.expandtabs(8))  # as Content expands tabs in unstyled text
        else:
            cells = width + 1  # styled text with tabs: let the wrapper measure
        if cells <= width:
            return 1
        strips = self._strips[index] = self.text_strips(_text(line), width)
        return max(1, len(strips))

    def _short_line(self, line: Text | str) -> list[Strip]:
        """A line that needs no wrapping, on the cheap path (tabs expanded as a Static would)."""
        if isinstance(line, str):
            return [self.text_strip(Text(line.expandtabs(8)))]
        if "\t" in line.plain:
            if line.spans:
                return self.text_strips(line, self._width)
            line = Text(line.plain.expandtabs(8), style=line.style)
        return [self.text_strip(line)]

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.line_width != self._width:  # a scrollbar came or went, or a resize
            self._layout(self.line_width)
            self._reveal()
        style = self.rich_style
        if style != self._style:  # focus, theme: the cached lines are stale
            self._style = style
            self._layout(self._width)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        index = bisect_right(self._starts, line) - 1
        if not 0 <= index < len(self._lines):
            return Strip([])
        strips = self._strips.get(index)
        if strips is None:
            strips = self._strips[index] = self._short_line(self._lines[index])
        at = line - self._starts[index]
        return strips[at] if at < len(strips) else Strip([])


def _styled(text: str, style: str) -> Text:
    """A line in one style (as a span, like `Text.append`)."""
    line = Text()
    line.append(text, style)
    return line


def _stylize(
    lines: list[Text | str], head: int, text: str, span: tuple[int, int]
) -> tuple[int, int]:
    """Highlight text[span] on the body lines (from lines[head]); (line, column) of its start."""
    start, end = span
    first = head + text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1)
    at, index = start - column, first
    while at < end and index < len(lines):
        line = lines[index] = _text(lines[index])
        line.stylize(HIGHLIGHT, max(0, start - at), min(len(line.plain), end - at))
        at += len(line.plain) + 1
        index += 1
    return first, column


def _plain(line: Text | str) -> str:
    return line if isinstance(line, str) else line.plain


def _text(line: Text | str) -> Text:
    return Text(line) if isinstance(line, str) else line
