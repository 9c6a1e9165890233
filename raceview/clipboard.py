"""The system clipboard, without Textual: native tools first, OSC 52 as the fallback."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """Where a copy went, in words for the user."""

    native: bool
    how: str


def in_ssh() -> bool:
    """Whether we run over SSH (the local clipboard is then the user's, reached by OSC 52)."""
    return any(os.environ.get(v) for v in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def copy_native(text: str) -> CopyOutcome:
    """Copy with the platform's clipboard tool (pbcopy, wl-copy, xclip, xsel, clip.exe)."""
    if in_ssh():
        return CopyOutcome(False, "over SSH: no local clipboard")
    try:
        import pyperclip  # lazily: it probes for tools at import

        pyperclip.copy(text)
    except Exception as exc:  # pyperclip raises its own exceptions and OSError
        return CopyOutcome(False, f"no clipboard tool ({type(exc).__name__})")
    return CopyOutcome(True, "system clipboard")


def osc52(text: str) -> str:
    """The OSC 52 sequence that asks the terminal to set its clipboard (wrapped for tmux)."""
    payload = base64.b64encode(text.encode()).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\a"
    if os.environ.get("TMUX"):
        return f"\x1bPtmux;\x1b{sequence}\x1b\\"
    return sequence
