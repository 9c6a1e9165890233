"""The TOML config: first-run defaults, validation with line numbers, round trips."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from raceview.commands.context import CommandError
from raceview.config import DEFAULT_CONFIG, Config, ConfigError, load_config, save_config
from raceview.models import Source


def test_first_run_writes_documented_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config = load_config(path)
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG
    assert "# Each [[sources]] block" in DEFAULT_CONFIG and "refresh_minutes" in DEFAULT_CONFIG
    assert len(config.sources) >= 3
    assert all(s.kind == "feed" and s.enabled and s.url for s in config.sources)
    assert all(s.url and s.url.startswith("https://") for s in config.sources)
    assert config.keys == {} and config.ui.auto_refresh_minutes == 0


def test_load_without_create_leaves_no_file(tmp_path: Path) -> None:
    load_config(tmp_path / "c.toml", create=False)
    assert not (tmp_path / "c.toml").exists()


def test_keys_and_ui_are_loaded(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[keys]\nrefresh = "R"\ncopy = "y"\n\n[ui]\nauto_refresh_minutes = 15\n')
    config = load_config(path)
    assert config.sources == ()
    assert config.keys == {"refresh": "R", "copy": "y"}
    assert config.ui.auto_refresh_minutes == 15


def test_save_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    config = Config(
        sources=(
            Source(name="cn", kind="feed", url="https://example.org/feed.xml"),
            Source(name="mine", kind="dir", path="/tmp/reports", enabled=False, refresh_minutes=5),
        ),
        keys={"refresh": "r"},
    )
    save_config(path, config)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# raceview configuration")
    assert "path" not in tomllib.loads(text)["sources"][0]  # no nulls in TOML
    assert load_config(path) == config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[sources]]\nname = 'x'\nkind = 'feed'\nurl = 'https://x/'\n[ui\n", "invalid TOML"),
        (
            "[[sources]]\nname = 'a'\nkind = 'feed'\nurl = 'https://a/'\n\n"
            "[[sources]]\nname = 'b'\nkind = 'podcast'\nurl = 'https://b/'\n",
            "(line 8): sources.1.kind: Input should be 'feed', 'page', 'results' or 'dir'",
        ),
        (
            "[[sources]]\nname = 'a'\nkind = 'feed'\nurl = 'file:///etc/passwd'\n",
            "(line 2): sources.0.name: source 'a' (feed) needs an http(s) url",
        ),
        (
            "[[sources]]\nname = 'a'\nkind = 'dir'\n",
            "(line 2): sources.0.name: source 'a' (dir) needs a path",
        ),
        (
            "[[sources]]\nname = 'a'\nkind = 'dir'\npath = '/x'\n"
            "[[sources]]\nname = 'a'\nkind = 'dir'\npath = '/y'\n",
            "(line 6): sources.1.name: another source is already named 'a'",
        ),
        (
            "[[sources]]\nname = 'a'\nkind = 'dir'\npath = '/x'\nenabeld = false\n",
            "(line 5): sources.0.enabeld: Extra inputs are not permitted",
        ),
        ("[ui]\nauto_refresh_minutes = -1\n", "(line 2): ui.auto_refresh_minutes:"),
        ("[keys]\nrefresh = 5\n", "(line 2): keys.refresh: Input should be a valid string"),
    ],
)
def test_invalid_config_names_line_and_reason(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert isinstance(info.value, CommandError)
    assert message.startswith(f"config {path}")
    assert expected in message
    assert "\n" not in message


def test_invalid_toml_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[ui]\nauto_refresh_minutes = = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"at line 2"):
        load_config(path)


def test_unreadable_config(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xff\xfe[ui]")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)
