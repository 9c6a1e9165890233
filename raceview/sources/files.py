"""Local files and folders as raw documents, each bad file reported and skipped."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from raceview.analysis.text import UndecodableError, decode, looks_binary
from raceview.models import RawDocument

MAX_FILE_BYTES = 8 * 1024 * 1024
CONTENT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
}


class FileRejected(Exception):
    """A file that cannot be imported; the message says why."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file found under a path given to `import` (or the path itself)."""

    path: Path
    explicit: bool  # named by the user rather than found in a folder


def walk(path: Path) -> Iterator[Candidate]:
    """The importable files at or under `path`, sorted, skipping hidden entries and links."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path).parts
            if any(p.startswith(".") for p in rel) or child.is_symlink() or not child.is_file():
                continue
            if child.suffix.lower() in CONTENT_TYPES:
                yield Candidate(child, explicit=False)
    else:
        yield Candidate(path, explicit=True)


def read_file(path: Path, *, source: str | None = None) -> RawDocument:
    """Read one file as a raw document, or raise FileRejected with a reason."""
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None:
        raise FileRejected(
            f"unsupported file type {path.suffix or '(none)'!r} (use .txt, .md or .html)"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileRejected(f"too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
        body = path.read_bytes()
    except FileNotFoundError:
        raise FileRejected("no such file") from None
    except IsADirectoryError:
        raise FileRejected("is a directory") from None
    except PermissionError:
        raise FileRejected("permission denied") from None
    except OSError as exc:
        raise FileRejected(f"cannot read it ({exc.strerror or exc})") from None
    if not body.strip():
        raise FileRejected("empty")
    if looks_binary(body):
        raise FileRejected("binary, not text")
    try:
        text = decode(body, content_type)
    except UndecodableError as exc:
        raise FileRejected(str(exc)) from None
    if not text.strip():
        raise FileRejected("empty")
    stamp = dt.datetime.now(dt.UTC)  # when raceview received it, like a fetch
    return RawDocument(
        body=body,
        origin=str(path.resolve()),
        content_type=content_type,
        fetched_at=stamp,
        sha256=hashlib.sha256(body).hexdigest(),
        source=source,
    )
