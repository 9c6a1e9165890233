"""One class per command: each is a key binding, a footer entry and a command-palette entry.

Binding ids are the command ids, so a config `[keys]` table such as `copy = "c"` remaps them
through Textual's keymap (`App.set_keymap`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding


class Command:
    """A user action: its id, default key, screen action, palette title and help text."""

    ID: ClassVar[str]
    KEY: ClassVar[str]
    ACTION: ClassVar[str]
    TITLE: ClassVar[str]
    HELP: ClassVar[str]
    FOOTER: ClassVar[str | None] = None  # label in the footer; None keeps it out
    PRIORITY: ClassVar[bool] = False

    @classmethod
    def binding(cls) -> Binding:
        """The Textual binding of this command."""
        return Binding(
            cls.KEY,
            cls.ACTION,
            cls.FOOTER or cls.TITLE,
            show=cls.FOOTER is not None,
            id=cls.ID,
            priority=cls.PRIORITY,
            tooltip=cls.HELP,
        )


class Filter(Command):
    ID, KEY, ACTION, FOOTER = "filter", "slash", "filter", "Filter"
    TITLE, HELP = "Filter races", "Filter the race list by race, rider or team (accent-insensitive)"
    # before the key is handed to the focused widget, so that keys typed in the same burst
    # (a paste, a fast typist) already go to the filter box; in a text field '/' is typed
    PRIORITY = True


class Refresh(Command):
    ID, KEY, ACTION, FOOTER = "refresh", "r", "refresh", "Refresh"
    TITLE, HELP = "Refresh sources", "Fetch new reports from the configured sources"


class Copy(Command):
    ID, KEY, ACTION, FOOTER = "copy", "y", "copy", "Copy"
    TITLE, HELP = "Copy result", "Copy the selected race's result as a plain-text table"


class Export(Command):
    ID, KEY, ACTION, FOOTER = "export", "e", "export", "Export"
    TITLE, HELP = (
        "Export result",
        "Export as text, Markdown, CSV, TSV or JSON, to clipboard or file",
    )


class ToggleGC(Command):
    ID, KEY, ACTION = "toggle_gc", "c", "toggle_gc"
    TITLE, HELP = "Toggle GC", "Switch between the stage result and the general classification"


class Versions(Command):
    ID, KEY, ACTION, FOOTER = "versions", "v", "next_version", "Version"
    TITLE, HELP = "Next article version", "Step through the stored versions of the article"


class NextArticle(Command):
    ID, KEY, ACTION = "next_article", "a", "next_article"
    TITLE, HELP = "Next article", "Show the next article about the race"


class OpenUrl(Command):
    ID, KEY, ACTION = "open", "o", "open_url"
    TITLE, HELP = "Open in browser", "Open the article's web page in the browser"


class SourceHealth(Command):
    ID, KEY, ACTION = "sources", "s", "source_health"
    TITLE, HELP = "Source health", "When each source last succeeded or failed, and why"


class NextPane(Command):
    ID, KEY, ACTION = "next_pane", "tab", "next_pane"
    TITLE, HELP = "Next pane", "Move to the next pane"


class PreviousPane(Command):
    ID, KEY, ACTION = "previous_pane", "shift+tab", "previous_pane"
    TITLE, HELP = "Previous pane", "Move to the previous pane"


class Help(Command):
    ID, KEY, ACTION, FOOTER = "help", "question_mark", "help", "Help"
    TITLE, HELP = "Help", "Show every key"


class Quit(Command):
    ID, KEY, ACTION, FOOTER = "quit", "q", "quit", "Quit"
    TITLE, HELP = "Quit", "Leave raceview"


#: Commands of the main screen, in help order.
SCREEN_COMMANDS: tuple[type[Command], ...] = (
    Filter,
    Refresh,
    Copy,
    Export,
    ToggleGC,
    Versions,
    NextArticle,
    OpenUrl,
    SourceHealth,
    NextPane,
    PreviousPane,
)
#: Commands of the application, active on every screen.
APP_COMMANDS: tuple[type[Command], ...] = (Help, Quit)
ALL_COMMANDS: tuple[type[Command], ...] = SCREEN_COMMANDS + APP_COMMANDS

#: Keys handled by the panes themselves (listed on the help screen).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "move in the focused pane"),
    ("g  G", "first / last"),
    ("PgUp PgDn", "page up / down"),
    ("enter", "open the race / pick the row"),
    ("esc", "clear the filter; close dialogs"),
    ("ctrl+p", "command palette (every action)"),
)


def key_display(key: str) -> str:
    """A key as a user reads it: 'slash' -> '/', 'question_mark' -> '?'."""
    names = {"slash": "/", "question_mark": "?", "shift+tab": "shift+tab"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))
