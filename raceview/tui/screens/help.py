"""The help screen: every command with its (possibly remapped) key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from raceview.tui.commands import ALL_COMMANDS, NAVIGATION, key_display

ADD_SOURCES = (
    "Add your own reports: `raceview import PATH_OR_URL` (files, folders, URLs), "
    "or list feeds and folders with `raceview sources add ...` and press r to refresh."
)


def help_text(keymap: Mapping[str, str]) -> Text:
    """Every command and navigation key, two columns."""
    out = Text()
    out.append("Commands\n", "bold")
    for command in ALL_COMMANDS:
        key = key_display(keymap.get(command.ID, command.KEY))
        out.append(f"  {key:<12}", "bold")
        out.append(f"{command.HELP}\n")
    out.append("\nNavigation\n", "bold")
    for key, what in NAVIGATION:
        out.append(f"  {key:<12}", "bold")
        out.append(f"{what}\n")
    out.append("\nMarks in the race list\n", "bold")
    out.append("  ●           new or changed since you last looked\n")
    out.append("  ≡           several versions of an article\n")
    out.append("\nResult sources\n", "bold")
    out.append("  T P H !     from a table, from prose, from a headline; a conflict\n")
    out.append(f"\n{ADD_SOURCES}\n", "dim")
    out.append("Keys can be remapped in the config's [keys] table: command id = key.", "dim")
    return out


class HelpScreen(ModalScreen[None]):
    """A modal listing every key; any of esc, q or ? closes it."""

    CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-box {
        width: 90;
        max-width: 95%;
        height: 80%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "raceview — keys"
            yield Static(help_text(self.keymap))

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
