"""Bytes to safe text: charset detection and removal of anything that could act on a terminal."""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch, CharsetMatches

_CHAOS_TOLERANCE = 0.1

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS (... ST or BEL), ESC x.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"
)
# C0 but tab and newline, DEL, C1, bidi embeddings/overrides/isolates, zero-width no-break.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def sanitize(text: str) -> str:
    """Strip escape sequences, control characters and bidi overrides; keep tab and newline."""
    if not _CONTROLS.search(text):  # every escape sequence and CR holds one of these
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str = "") -> str | None:
    """The charset a BOM, the Content-Type header, an XML declaration or a meta tag declares."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if body.startswith(bom):
            return name
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_\-:.]+)", content_type, re.I)
    head = body[:4096]
    found = (
        (match.group(1) if match else None)
        or _group(_XML_ENCODING.search(head))
        or _group(_META_CHARSET.search(head))
    )
    return _known(found)


def _group(match: re.Match[bytes] | None) -> str | None:
    return match.group(1).decode("ascii", "replace") if match else None


def decode(body: bytes, content_type: str = "") -> str:
    """Decode bytes as their declared charset, else UTF-8, else the detected charset."""
    declared = declared_charset(body, content_type)
    if declared:
        try:
            return body.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazily: only for undeclared legacy text

    matches = from_bytes(body[:200_000])
    best = matches.best()
    if best is None:
        raise UndecodableError("not text in any recognisable encoding")
    return body.decode(_prefer_western(matches, best), errors="replace")


def _prefer_western(matches: CharsetMatches, best: CharsetMatch) -> str:
    """cp1252 (or latin-1) when it reads as well as the best guess: detection alone picks
    Baltic, Nordic or Central European code pages for French, Spanish or German text."""
    for match in matches:
        if match.chaos <= best.chaos + _CHAOS_TOLERANCE:
            for encoding in ("cp1252", "latin_1"):
                if encoding in match.could_be_from_charset:
                    return encoding
    return best.encoding


def looks_binary(body: bytes) -> bool:
    """NUL bytes in the first 8 KiB mean this is no text file (UTF-16 with a BOM excepted)."""
    head = body[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def safe_text(body: bytes, content_type: str = "") -> str:
    """Decoded and sanitised text."""
    return sanitize(decode(body, content_type))
