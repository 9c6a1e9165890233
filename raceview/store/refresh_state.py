"""What refreshes remember: HTTP validators per URL, health per source, feed items seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from raceview.store.db import Connection

if TYPE_CHECKING:
    from raceview.models import SourceHealth


@dataclass(frozen=True, slots=True)
class Validators:
    """The HTTP validators of the last successful fetch of a URL."""

    etag: str | None
    last_modified: str | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _time(value: object) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(str(value))


class RefreshStateStore:
    """Queries over `http_cache`, `source_health` and `feed_items`."""

    db: Connection

    def validators(self, url: str) -> Validators | None:
        """ETag / Last-Modified stored for `url`, if any."""
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,)
            ).fetchone()
        return None if row is None else Validators(row[0], row[1])

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, status: int
    ) -> None:
        """Remember the validators a response carried."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, status, checked_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (url, etag, last_modified, status, _now()),
            )

    def source_health(self, name: str) -> SourceHealth:
        """The recorded health of a source (empty when never refreshed)."""
        from raceview.models import SourceHealth

        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT name, last_attempt, last_success, last_status, last_error,"
                " cooldown_until, items_seen FROM source_health WHERE name = ?",
                (name,),
            ).fetchone()
        if row is None:
            return SourceHealth(name=name)
        return SourceHealth(
            name=row[0],
            last_attempt=_time(row[1]),
            last_success=_time(row[2]),
            last_status=row[3],
            last_error=row[4],
            cooldown_until=_time(row[5]),
            items_seen=int(row[6]),
        )

    def all_source_health(self) -> list[SourceHealth]:
        """Health of every source ever refreshed."""
        with self.db.reading() as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM source_health ORDER BY name")]
        return [self.source_health(n) for n in names]

    def save_source_health(self, health: SourceHealth) -> None:
        """Record a source's health."""

        def iso(value: dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO source_health (name, last_attempt, last_success,"
                " last_status, last_error, cooldown_until, items_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    health.name,
                    iso(health.last_attempt),
                    iso(health.last_success),
                    health.last_status,
                    health.last_error,
                    iso(health.cooldown_until),
                    health.items_seen,
                ),
            )

    def feed_item_fingerprint(self, source: str, item_key: str) -> str | None:
        """The fingerprint of a feed item when last seen."""
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT fingerprint FROM feed_items WHERE source = ? AND item_key = ?",
                (source, item_key),
            ).fetchone()
        return None if row is None else str(row[0])

    def save_feed_item(self, source: str, item_key: str, fingerprint: str) -> None:
        """Remember a feed item and its fingerprint."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO feed_items (source, item_key, fingerprint, seen_at)"
                " VALUES (?, ?, ?, ?)",
                (source, item_key, fingerprint, _now()),
            )
