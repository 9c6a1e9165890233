"""The baseline for start-up and memory: a minimal Textual app (Header, one Static, Footer).

.venv/bin/python benchmarks/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY = "minimal app ready"


class MinimalApp(App[None]):
    """Header, one Static, Footer."""

    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
