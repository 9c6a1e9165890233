"""Where raceview keeps its store, config, cache and logs; flags and env vars override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP = "raceview"


@dataclass(frozen=True, slots=True)
class Paths:
    """Resolved locations for one run."""

    db: Path
    config: Path
    cache: Path
    log: Path


def resolve(db: str | None = None, config: str | None = None) -> Paths:
    """Flags first, then RACEVIEW_DB / RACEVIEW_CONFIG, then the platform's user dirs."""
    import platformdirs  # imported here: nothing happens at import time

    data = Path(platformdirs.user_data_dir(APP, appauthor=False))
    db_path = db or os.environ.get("RACEVIEW_DB") or str(data / "raceview.db")
    config_path = (
        config
        or os.environ.get("RACEVIEW_CONFIG")
        or str(Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml")
    )
    return Paths(
        db=Path(db_path).expanduser(),
        config=Path(config_path).expanduser(),
        cache=Path(platformdirs.user_cache_dir(APP, appauthor=False)),
        log=Path(platformdirs.user_log_dir(APP, appauthor=False)),
    )
