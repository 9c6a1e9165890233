"""The real `raceview` binary under a pseudo-terminal, on a store of hostile documents imported
with `raceview import`: the raw bytes it writes to the terminal carry none of the planted
payloads (OSC 52 clipboard writes, window-title changes, screen clears, C1 controls, bidi
overrides); neither do the CLI's `races` and `export` outputs.

Textual writes plenty of escape sequences of its own, so each payload is glued to a marker
(`ZQX`, `pwned`, a known base64 string) and only those exact sequences are looked for.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from helpers import run_cli

OSC52 = "\x1b]52;c;cHduZWQ=\x07"
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2JZQX"
PAYLOAD = f"{OSC52}{TITLE}{CLEAR}\x9b2JZQX\x9d0;pwned\x9c\u202eZQX\u2066"
MARKUP = "[@click=app.quit]Q[/] [/"
FORBIDDEN = (
    b"\x1b]52;c;cHduZWQ",
    b"\x1b]0;pwned",
    b"\x1b[2JZQX",
    "\x9b".encode(),
    "\x9d".encode(),
    "\u202e".encode(),
    "\u2066".encode(),
)

REPORT = f"""\
 date 2024-07-03 Pogačar {PAYLOAD} wins stage 5 of the Tour de France {MARKUP}
The standfirst {PAYLOAD}
Tadej Pogačar (UAE Team Emirates) won stage 5 of the Tour de France in Saint-Vulbas on
Wednesday {PAYLOAD}. Jonas Vingegaard {MARKUP} (Visma-Lease a Bike) was second at 2 seconds.

Result
1. Tadej Pogačar {PAYLOAD} (UAE) 4:08:46
2. Jonas Vingegaard {MARKUP} (Visma) +0:02
"""
PAGE = f"""<!DOCTYPE html><html><head><title>Paris-Roubaix 2024 {PAYLOAD}</title></head>
<body><article><h1>Van der Poel {PAYLOAD} wins Paris-Roubaix 2024 {MARKUP}</h1>
<p>Mathieu van der Poel (Alpecin-Deceuninck) won Paris-Roubaix on Sunday {PAYLOAD}, three
minutes ahead of Jasper Philipsen {MARKUP}.</p></article></body></html>
"""


def binary() -> str:
    found = Path(sys.executable).with_name("raceview")
    if found.exists():
        return str(found)
    which = shutil.which("raceview")
    if which is None:
        pytest.skip("the raceview entry point is not installed")
    return which


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "tdf-stage-5.txt").write_text(REPORT, encoding="utf-8")
    (folder / "roubaix.html").write_text(PAGE, encoding="utf-8")
    db = tmp_path / "hostile.db"
    done = run_cli("--db", str(db), "import", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2 document(s) read, 0 failed" in done.stdout
    return db


def run_in_pty(argv: list[str], env: dict[str, str], until: bytes, timeout: float = 30) -> bytes:
    """Run `argv` on a 120x40 pty; once `until` shows (or on timeout) press q; all bytes out."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec the real binary
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    out = bytearray()
    deadline = time.monotonic() + timeout
    quit_sent_at: float | None = None
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the child has gone
                    break
                if not chunk:
                    break
                out += chunk
            if quit_sent_at is None and until in out:
                time.sleep(0.5)  # let it finish painting
                os.write(fd, b"q")
                quit_sent_at = time.monotonic()
            elif quit_sent_at and time.monotonic() - quit_sent_at > 2:
                os.write(fd, b"q")  # once more, in case the first was eaten mid-startup
                quit_sent_at = time.monotonic()
        else:
            pytest.fail(f"the dashboard did not paint and quit within {timeout} s: {out[-500:]!r}")
    finally:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:  # still running: it never quit
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


def test_the_dashboard_writes_no_planted_escape_to_the_terminal(
    hostile_db: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
        "RACEVIEW_DB": str(hostile_db),
        "RACEVIEW_CONFIG": str(tmp_path / "config.toml"),
        "TEXTUAL_ANIMATIONS": "none",
    }
    env.pop("TEXTUAL", None)
    out = run_in_pty([binary()], env, until=b"ZQX")
    assert b"ZQX" in out, "the hostile race never showed on screen"
    for bad in FORBIDDEN:
        assert bad not in out, f"{bad!r} reached the terminal"


def test_cli_outputs_carry_no_escape_from_the_data(hostile_db: Path, tmp_path: Path) -> None:
    races = run_cli("--db", str(hostile_db), "races", "--json", cwd=tmp_path)
    assert races.returncode == 0
    ids = [r["id"] for r in json.loads(races.stdout)]
    assert len(ids) >= 2
    outputs = [races.stdout, run_cli("--db", str(hostile_db), "races", cwd=tmp_path).stdout]
    for race_id in ids:
        for fmt in ("text", "md", "csv", "tsv", "json"):
            done = run_cli("--db", str(hostile_db), "export", race_id, "-f", fmt, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
            outputs.append(done.stdout + done.stderr)
    for text in outputs:
        for bad in ("\x1b", "\x9b", "\x9d", "\x9c", "\u202e", "\u2066", "\x07"):
            assert bad not in text
    assert any("ZQX" in text for text in outputs)  # the text is there, the sequences are not
