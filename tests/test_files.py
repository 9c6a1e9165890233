"""Local files and folders as raw documents; every bad file rejected with a reason."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest
from helpers import ARTICLES

from raceview.sources import files
from raceview.sources.files import FileRejected, read_file, walk

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def test_walk_finds_supported_files_sorted_and_skips_hidden_and_links(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.md", "sub/c.HTML", "sub/deeper/d.htm", "notes.pdf", "image.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    (tmp_path / ".hidden.txt").write_text("x\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text("x\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    found = [c.path.relative_to(tmp_path).as_posix() for c in walk(tmp_path)]
    assert found == ["a.md", "b.txt", "sub/c.HTML", "sub/deeper/d.htm"]
    assert not any(c.explicit for c in walk(tmp_path))


def test_walk_yields_a_named_file_as_explicit(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    [cand] = walk(path)
    assert cand.path == path and cand.explicit


def test_the_fixture_articles_all_read() -> None:
    docs = [read_file(c.path) for c in walk(ARTICLES)]
    assert len(docs) == 4
    types = sorted(d.content_type for d in docs)
    assert types == ["text/html", "text/markdown", "text/plain", "text/plain"]


def test_read_file_keeps_bytes_and_metadata(tmp_path: Path) -> None:
    body = "Café\r\ncrème\n".encode("cp1252")
    path = tmp_path / "report.TXT"
    path.write_bytes(body)
    doc = read_file(path, source="my-folder")
    assert doc.body == body
    assert doc.sha256 == hashlib.sha256(body).hexdigest()
    assert doc.origin == str(path.resolve())
    assert doc.content_type == "text/plain"
    assert doc.source == "my-folder"
    assert doc.fetched_at.tzinfo is not None


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [(".txt", "text/plain"), (".md", "text/markdown"), (".markdown", "text/markdown"),
     (".html", "text/html"), (".HTM", "text/html"), (".xhtml", "text/html")],
)  # fmt: skip
def test_content_type_follows_the_suffix(tmp_path: Path, suffix: str, content_type: str) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_text("text\n")
    assert read_file(path).content_type == content_type


def test_utf16_with_a_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Pogačar wins\n".encode("utf-16-le"))
    assert read_file(path).body.startswith(codecs.BOM_UTF16_LE)


@pytest.mark.parametrize(
    ("name", "body", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b" \n\t\r\n  ", "empty"),
        ("bom-only.txt", codecs.BOM_UTF8 + b"\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("nul.html", b"<p>text</p>\x00 more", "binary"),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 20, "encoding"),
        ("report.pdf", b"%PDF-1.7", "unsupported file type '.pdf'"),
        ("README", b"text", "unsupported file type '(none)'"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(
    tmp_path: Path, name: str, body: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    with pytest.raises(FileRejected, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_file(path)


def test_a_file_over_the_limit_is_rejected_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 9 MiB without writing them
        f.truncate(9 * 1024 * 1024)
    with pytest.raises(FileRejected, match="too large"):
        read_file(path)


def test_the_limit_is_a_module_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    path = tmp_path / "eleven.txt"
    path.write_bytes(b"eleven byte")
    with pytest.raises(FileRejected, match="too large"):
        read_file(path)


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match="no such file"):
        read_file(tmp_path / "gone.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(FileRejected, match="directory"):
        read_file(folder)


@pytest.mark.skipif(ROOT, reason="root reads every file")
def test_an_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text\n")
    path.chmod(0)
    try:
        with pytest.raises(FileRejected, match="permission denied"):
            read_file(path)
    finally:
        path.chmod(0o644)
