"""The filter box: an Input that hands each new value to the race list at once."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input


class FilterBox(Input):
    """Calls `on_value` with each new value inside the key's handler, so that the filtered
    list is painted in the same frame as the typed character (Input.Changed, a message,
    arrives after Textual has painted the box alone)."""

    def __init__(self, on_value: Callable[[str], None], *, id: str, placeholder: str) -> None:
        super().__init__(id=id, placeholder=placeholder)
        self.on_value = on_value

    def watch_value(self, value: str) -> None:
        self.on_value(value)
