"""The local SQLite store: raw documents, analyses, derived races, refresh state."""

from __future__ import annotations

from pathlib import Path

from raceview.store.db import Connection, StoreError
from raceview.store.documents import AnalysedDocument, DocumentStore, StoredDocument
from raceview.store.races import RaceLine, RaceStore
from raceview.store.refresh_state import RefreshStateStore, Validators

__all__ = [
    "AnalysedDocument",
    "RaceLine",
    "Store",
    "StoreError",
    "StoredDocument",
    "Validators",
]


class Store(DocumentStore, RaceStore, RefreshStateStore):
    """The store: open it with a path; every query returns models."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = Connection(path)

    def close(self) -> None:
        """Close the underlying connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
