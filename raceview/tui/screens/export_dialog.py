"""The export dialog: a format (text, Markdown, CSV, TSV, JSON) to the clipboard or a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from raceview.export import FORMATS, Format

Target = Literal["clipboard", "file"]
LABELS: dict[Format, str] = {
    "text": "Plain text",
    "md": "Markdown",
    "csv": "CSV",
    "tsv": "TSV",
    "json": "JSON",
}
EXTENSIONS: dict[Format, str] = {
    "text": "txt",
    "md": "md",
    "csv": "csv",
    "tsv": "tsv",
    "json": "json",
}


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What the user asked for."""

    fmt: Format
    target: Target
    path: Path


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Pick a format and a target; the file target always works, even without a clipboard."""

    CSS = """
    ExportDialog {
        align: center middle;
    }
    #export-box {
        width: 60;
        max-width: 95%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    #export-box RadioSet {
        width: 100%;
        layout: horizontal;
    }
    #export-buttons {
        height: auto;
        align-horizontal: right;
    }
    #export-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, race_id: str, folder: Path) -> None:
        super().__init__()
        self.race_id = race_id
        self.folder = folder
        self.fmt: Format = "text"
        self.target: Target = "clipboard"

    def _default_path(self) -> str:
        return str(self.folder / f"{self.race_id}.{EXTENSIONS[self.fmt]}")

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export result"
            yield Label("Format")
            with RadioSet(id="format"):
                for fmt in FORMATS:
                    yield RadioButton(LABELS[fmt], value=fmt == self.fmt, id=f"fmt-{fmt}")
            yield Label("To")
            with RadioSet(id="target"):
                yield RadioButton("Clipboard", value=True, id="to-clipboard")
                yield RadioButton("File", id="to-file")
            yield Input(self._default_path(), id="path", placeholder="file path")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="do-export")
                yield Button("Cancel", id="cancel")

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        old = self._default_path()
        self.fmt = FORMATS[event.index]
        path = self.query_one("#path", Input)
        if path.value == old:  # untouched by the user: follow the format
            path.value = self._default_path()

    @on(RadioSet.Changed, "#target")
    def _target_changed(self, event: RadioSet.Changed) -> None:
        self.target = "file" if event.index == 1 else "clipboard"

    @on(Button.Pressed, "#do-export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        value = self.query_one("#path", Input).value.strip() or self._default_path()
        self.dismiss(ExportChoice(self.fmt, self.target, Path(value).expanduser()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
