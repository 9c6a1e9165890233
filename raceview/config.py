"""The TOML config: sources, key bindings and UI settings; load, validate, save.

A missing file is created with documented defaults on first load. An invalid file raises
ConfigError (a CommandError, so the CLI prints one line) naming the file, the line and the reason.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from raceview.commands.context import EXIT_USAGE, CommandError
from raceview.models import Source

URL_KINDS = frozenset({"feed", "page", "results"})


class ConfigError(CommandError):
    """The config file cannot be read or is invalid; the message says where and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


class UiSettings(BaseModel):
    """`[ui]`: dashboard settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    auto_refresh_minutes: int = Field(default=0, ge=0)  # 0: never refresh by itself


class Config(BaseModel):
    """The whole config file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[Source, ...] = ()
    keys: dict[str, str] = Field(default_factory=dict)
    ui: UiSettings = Field(default_factory=UiSettings)

    def source(self, name: str) -> Source | None:
        """The source called `name`, if any."""
        return next((s for s in self.sources if s.name == name), None)


def check_source(src: Source) -> None:
    """Raise ValueError when a source lacks what its kind needs."""
    if not src.name.strip():
        raise ValueError("a source needs a non-empty name")
    if src.refresh_minutes < 1:
        raise ValueError(f"source {src.name!r}: refresh_minutes must be at least 1")
    if src.kind in URL_KINDS:
        if not src.url or not re.match(r"https?://[^/\s]+", src.url):
            raise ValueError(f"source {src.name!r} ({src.kind}) needs an http(s) url")
    elif not src.path:
        raise ValueError(f"source {src.name!r} (dir) needs a path")


DEFAULT_CONFIG = """\
# raceview configuration (TOML). Edit freely; `raceview sources add/remove` rewrite this file.
#
# Each [[sources]] block is one place `raceview refresh` pulls race reports from:
#   name             a short unique name, used by `raceview sources test NAME` and --source NAME
#   kind             "feed"    an RSS or Atom feed; new items' article pages are fetched
#                    "page"    one article page, re-fetched when it changes
#                    "results" a results page (HTML tables are read by the analyser)
#                    "dir"     a local folder of .txt, .md and .html files
#   url              the http(s) address (feed, page, results)
#   path             the folder (dir)
#   enabled          false keeps the source but skips it on refresh
#   refresh_minutes  how often the dashboard's auto-refresh may fetch it again

[[sources]]
name = "cyclingnews"
kind = "feed"
url = "https://www.cyclingnews.com/feeds.xml"
enabled = true
refresh_minutes = 60

[[sources]]
name = "cyclingweekly"
kind = "feed"
url = "https://www.cyclingweekly.com/feeds.xml"
enabled = true
refresh_minutes = 60

[[sources]]
name = "velo"
kind = "feed"
url = "https://velo.outsideonline.com/feed/"
enabled = true
refresh_minutes = 60

[[sources]]
name = "inrng"
kind = "feed"
url = "https://inrng.com/feed/"
enabled = true
refresh_minutes = 120

# Dashboard key bindings: binding id = key, e.g. refresh = "r". Unlisted ids keep their defaults.
[keys]

# Dashboard settings. auto_refresh_minutes = 0 never refreshes by itself.
[ui]
auto_refresh_minutes = 0
"""

SAVED_HEADER = """\
# raceview configuration (TOML), rewritten by `raceview sources`.
# [[sources]]: name, kind ("feed" | "page" | "results" | "dir"), url (http/https) or path (dir),
# enabled (true/false), refresh_minutes. [keys]: binding id = key. [ui]: auto_refresh_minutes.

"""


def load_config(path: Path, *, create: bool = True) -> Config:
    """The config at `path`; a missing file is written with defaults first (when `create`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not create:
            return parse_config(DEFAULT_CONFIG, path)
        _write_atomically(path, DEFAULT_CONFIG)
        text = DEFAULT_CONFIG
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config {path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the config {path}: {exc.strerror or exc}") from None
    return parse_config(text, path)


def parse_config(text: str, path: Path | str = "config") -> Config:
    """Parse and validate config text; errors name the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path}: invalid TOML: {exc}") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise _located(text, path, tuple(err["loc"]), str(err["msg"])) from None
    seen: set[str] = set()
    for i, src in enumerate(config.sources):
        try:
            check_source(src)
            if src.name in seen:
                raise ValueError(f"another source is already named {src.name!r}")
        except ValueError as exc:
            raise _located(text, path, ("sources", i, "name"), str(exc)) from None
        seen.add(src.name)
    return config


def _located(text: str, path: Path | str, loc: tuple[int | str, ...], msg: str) -> ConfigError:
    line = _locate(text, loc)
    where = ".".join(str(p) for p in loc) or "file"
    at = f" (line {line})" if line else ""
    reason = msg.removeprefix("Value error, ")
    return ConfigError(f"config {path}{at}: {where}: {reason}")


def save_config(path: Path, config: Config) -> None:
    """Write `config` to `path` atomically."""
    import tomli_w

    data: dict[str, Any] = {
        "sources": [
            {k: v for k, v in s.model_dump().items() if v is not None} for s in config.sources
        ],
        "keys": dict(config.keys),
        "ui": config.ui.model_dump(),
    }
    _write_atomically(path, SAVED_HEADER + tomli_w.dumps(data))


def _write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigError(f"cannot write the config {path}: {exc.strerror or exc}") from None


def _locate(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line a validation error location points at, as well as we can tell."""
    lines = text.splitlines()
    if not loc:
        return None
    table, start = str(loc[0]), 0
    if table == "sources" and len(loc) > 1 and isinstance(loc[1], int):
        headers = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*sources\s*\]\]", ln)]
        if loc[1] >= len(headers):
            return None
        start = headers[loc[1]]
        key = str(loc[2]) if len(loc) > 2 else None
    else:
        hits = [
            i for i, ln in enumerate(lines) if re.match(rf"\s*\[\s*{re.escape(table)}\s*\]", ln)
        ]
        start = hits[0] if hits else 0
        key = str(loc[1]) if len(loc) > 1 else (None if hits else table)
    if key is not None:
        for i in range(start, len(lines)):
            if i > start and lines[i].lstrip().startswith("["):
                break
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[i]):
                return i + 1
    return start + 1
