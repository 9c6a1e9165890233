"""The command line end to end, in subprocesses, on temp stores."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import ARTICLES, run_cli, sample_detail, store_race

import raceview
from raceview.export import render
from raceview.store import Store

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def no_traceback(err: str) -> None:
    assert "Traceback" not in err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "rv.db"


@pytest.fixture
def races_db(db: Path) -> Path:
    """A store with two stages of one race and a one-day race, written without the extractor."""
    with Store(db) as store:
        store_race(store, sample_detail())
        store_race(store, sample_detail("vuelta-a-ejemplo-2024-stage-4", stage="4", article_id=10))
        store_race(
            store, sample_detail("copa-de-prueba-2024", "Copa de Prueba", None, article_id=20)
        )
    return db


def test_version(tmp_path: Path) -> None:
    res = run_cli("--version", cwd=tmp_path)
    assert res.returncode == 0
    assert res.stdout.strip() == f"raceview {raceview.__version__}"


def test_help_lists_the_commands_and_exit_codes(tmp_path: Path) -> None:
    res = run_cli("--help", cwd=tmp_path)
    assert res.returncode == 0
    for command in ("import", "races", "export", "reindex"):
        assert f"\n    {command} " in res.stdout
    assert "--db" in res.stdout and "--config" in res.stdout
    assert "exit codes" in res.stdout and "RACEVIEW_DB" in res.stdout


@pytest.mark.parametrize("command", ["import", "races", "export", "reindex"])
def test_each_command_has_help(tmp_path: Path, command: str) -> None:
    res = run_cli(command, "--help", cwd=tmp_path)
    assert res.returncode == 0
    assert res.stdout.startswith(f"usage: raceview {command}")


def test_unknown_command_or_option_is_a_usage_error(tmp_path: Path) -> None:
    for args in (["frobnicate"], ["races", "--no-such-flag"], ["export"]):
        res = run_cli(*args, cwd=tmp_path)
        assert res.returncode == 2
        assert "usage:" in res.stderr
        no_traceback(res.stderr)


def test_import_a_folder_then_again_changes_nothing(tmp_path: Path, db: Path) -> None:
    res = run_cli("--db", str(db), "import", str(ARTICLES), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    added = [line for line in res.stdout.splitlines() if line.startswith("added")]
    assert len(added) == 4
    assert "4 document(s) read, 0 failed" in res.stdout
    with Store(db) as store:
        assert store.count_documents() == 4
        before = [(d.id, d.raw.sha256) for d in store.iter_documents()]
        races_before = store.race_ids()

    again = run_cli("--db", str(db), "import", str(ARTICLES), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    same = [line for line in again.stdout.splitlines() if line.startswith("same")]
    assert len(same) == 4
    assert all("already stored" in line for line in same)
    assert not [line for line in again.stdout.splitlines() if line.startswith("added")]
    with Store(db) as store:
        assert [(d.id, d.raw.sha256) for d in store.iter_documents()] == before
        assert store.race_ids() == races_before


def test_import_says_when_older_analyses_wait_for_a_reindex(tmp_path: Path, db: Path) -> None:
    path = ARTICLES / "2023-paris-roubaix.txt"
    assert run_cli("--db", str(db), "import", str(path), cwd=tmp_path).returncode == 0
    with Store(db) as store, store.db.transaction() as conn:  # as the last raceview left it
        conn.execute("UPDATE analyses SET analyser_version = analyser_version - 1")
    res = run_cli("--db", str(db), "import", str(ARTICLES), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "1 stored document(s) were analysed by an older raceview" in res.stderr
    assert "raceview reindex --stale" in res.stderr
    assert run_cli("--db", str(db), "reindex", "--stale", cwd=tmp_path).returncode == 0
    again = run_cli("--db", str(db), "import", str(ARTICLES), cwd=tmp_path)
    assert "older raceview" not in again.stderr


def test_import_stores_the_bytes_verbatim(tmp_path: Path, db: Path) -> None:
    path = ARTICLES / "2023-paris-roubaix.txt"  # cp1252, curly apostrophes
    assert run_cli("--db", str(db), "import", str(path), cwd=tmp_path).returncode == 0
    with Store(db) as store:
        [doc] = list(store.iter_documents())
    assert doc.raw.body == path.read_bytes()
    assert doc.raw.origin == str(path.resolve())


def test_bad_files_are_reported_and_skipped_while_the_rest_imports(
    tmp_path: Path, db: Path
) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(ARTICLES, folder)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.md").write_bytes(b"")
    (folder / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 20)
    with (folder / "huge.html").open("wb") as f:
        f.truncate(9 * 1024 * 1024)  # sparse
    (folder / "ignored.pdf").write_bytes(b"%PDF")  # not a report type: not even tried
    if not ROOT:
        (folder / "secret.txt").write_text("a secret report\n")
        (folder / "secret.txt").chmod(0)
    try:
        res = run_cli("--db", str(db), "import", str(folder), cwd=tmp_path)
    finally:
        if not ROOT:
            (folder / "secret.txt").chmod(0o644)
    assert res.returncode == 1
    no_traceback(res.stderr)
    skipped = {line.split(":")[0].split("/")[-1]: line for line in res.stderr.splitlines()}
    expected = {"binary.txt", "empty.md", "undecodable.txt", "huge.html"}
    if not ROOT:
        expected.add("secret.txt")
    assert set(skipped) == expected
    assert all(line.startswith("skipped ") for line in skipped.values())
    assert "binary" in skipped["binary.txt"]
    assert "empty" in skipped["empty.md"]
    assert "too large" in skipped["huge.html"]
    if not ROOT:
        assert "permission denied" in skipped["secret.txt"]
    assert f"4 document(s) read, {len(expected)} failed" in res.stdout
    with Store(db) as store:
        assert store.count_documents() == 4


def test_a_path_that_does_not_exist(tmp_path: Path, db: Path) -> None:
    missing = tmp_path / "no-such-folder"
    good = ARTICLES / "2024-milano-sanremo.txt"
    res = run_cli("--db", str(db), "import", str(missing), str(good), cwd=tmp_path)
    assert res.returncode == 1
    assert f"failed  {missing}: no such file or folder" in res.stderr
    no_traceback(res.stderr)
    assert "1 document(s) read, 1 failed" in res.stdout


def test_a_folder_with_nothing_to_import(tmp_path: Path, db: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run_cli("--db", str(db), "import", str(empty), cwd=tmp_path)
    assert res.returncode == 0
    assert "nothing" in res.stdout


def test_races_on_an_empty_store(tmp_path: Path, db: Path) -> None:
    res = run_cli("--db", str(db), "races", cwd=tmp_path)
    assert res.returncode == 0
    assert "no races yet" in res.stdout
    res = run_cli("--db", str(db), "races", "--json", cwd=tmp_path)
    assert (res.returncode, json.loads(res.stdout)) == (0, [])


def test_races_json_shape(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "races", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    races = json.loads(res.stdout)
    assert {r["id"] for r in races} == {
        "vuelta-a-ejemplo-2024-stage-3",
        "vuelta-a-ejemplo-2024-stage-4",
        "copa-de-prueba-2024",
    }
    for race in races:
        assert {"id", "name", "year", "stage", "date", "winner"} <= set(race)
    stage3 = next(r for r in races if r["id"] == "vuelta-a-ejemplo-2024-stage-3")
    assert stage3["name"] == "Vuelta a Ejemplo"
    assert (stage3["year"], stage3["stage"], stage3["date"]) == (2024, "3", "2024-05-02")
    assert stage3["winner"] == "José Ángel Peñalver"
    one_day = next(r for r in races if r["id"] == "copa-de-prueba-2024")
    assert one_day["stage"] is None


def test_races_text_is_one_line_per_race(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "races", cwd=tmp_path)
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    assert len(lines) == 3
    stage3 = next(line for line in lines if line.startswith("vuelta-a-ejemplo-2024-stage-3 "))
    assert "2024-05-02" in stage3 and "José Ángel Peñalver" in stage3 and "stage 3" in stage3


def test_races_filters_by_words(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "races", "--json", "copa", cwd=tmp_path)
    assert [r["id"] for r in json.loads(res.stdout)] == ["copa-de-prueba-2024"]


def test_races_output_carries_no_terminal_escapes(tmp_path: Path, db: Path) -> None:
    detail = sample_detail()
    evil = detail.race.model_copy(update={"name": "Evil\x1b]52;c;aGk=\x07 Race\x1b[2J"})
    with Store(db) as store:
        store_race(store, detail.model_copy(update={"race": evil}))
    res = run_cli("--db", str(db), "races", cwd=tmp_path)
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "Evil Race" in res.stdout


def test_export_by_id_in_every_format(tmp_path: Path, races_db: Path) -> None:
    with Store(races_db) as store:
        detail = store.race_detail("vuelta-a-ejemplo-2024-stage-3")
    assert detail is not None
    for fmt in ("text", "md", "csv", "tsv", "json"):
        res = run_cli(
            "--db", str(races_db), "export", detail.race.id, "--format", fmt, cwd=tmp_path
        )
        assert res.returncode == 0, res.stderr
        assert res.stdout == render(detail, fmt)
    data = json.loads(render(detail, "json"))
    assert data["results"][0]["rider"] == "José Ángel Peñalver"


def test_export_by_search_words(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "export", "copa 2024", "-f", "csv", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("pos,rider,team,gap")
    res = run_cli("--db", str(races_db), "export", "ejemplo stage 4", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Vuelta a Ejemplo 2024, stage 4")


def test_export_gc(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "export", "copa de prueba", "--gc", cwd=tmp_path)
    assert res.returncode == 0
    assert "general classification" in res.stdout.splitlines()[0]


def test_export_of_an_unknown_race(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "export", "giro 1999", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stdout == ""
    assert len(res.stderr.splitlines()) == 1
    assert res.stderr.startswith("raceview: no race matches 'giro 1999'")


def test_an_ambiguous_export_lists_the_candidates(tmp_path: Path, races_db: Path) -> None:
    res = run_cli("--db", str(races_db), "export", "ejemplo", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stdout == ""
    no_traceback(res.stderr)
    assert "matches 2 races" in res.stderr
    assert "vuelta-a-ejemplo-2024-stage-3" in res.stderr
    assert "vuelta-a-ejemplo-2024-stage-4" in res.stderr
    assert "copa-de-prueba-2024" not in res.stderr


def test_export_to_a_file(tmp_path: Path, races_db: Path) -> None:
    out = tmp_path / "out" / "result.md"
    out.parent.mkdir()
    race = "vuelta-a-ejemplo-2024-stage-3"
    res = run_cli("--db", str(races_db), "export", race, "-f", "md", "-o", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert f"wrote {out}" in res.stderr
    shown = run_cli("--db", str(races_db), "export", race, "-f", "md", cwd=tmp_path)
    assert out.read_text(encoding="utf-8") == shown.stdout


def test_export_to_an_unwritable_place(tmp_path: Path, races_db: Path) -> None:
    out = tmp_path / "no-such-dir" / "result.txt"
    res = run_cli("--db", str(races_db), "export", "copa", "-o", str(out), cwd=tmp_path)
    assert res.returncode == 1
    assert len(res.stderr.splitlines()) == 1
    assert res.stderr.startswith(f"raceview: cannot write {out}")


def test_export_copy_without_a_clipboard_says_so(tmp_path: Path, races_db: Path) -> None:
    res = run_cli(
        "--db", str(races_db), "export", "copa", "--copy",
        cwd=tmp_path, env={"SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"},
    )  # fmt: skip
    assert res.returncode == 1
    assert res.stdout.startswith("Copa de Prueba 2024")  # the export itself still happens
    assert "could not copy" in res.stderr
    assert "\x1b]52" not in res.stderr  # not a terminal: no OSC 52 into a pipe


def test_reindex(tmp_path: Path, db: Path) -> None:
    assert run_cli("--db", str(db), "import", str(ARTICLES), cwd=tmp_path).returncode == 0
    with Store(db) as store:
        races_before = store.race_ids()
    res = run_cli("--db", str(db), "reindex", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("re-analysed 4 document(s)")
    stale = run_cli("--db", str(db), "reindex", "--stale", cwd=tmp_path)
    assert stale.stdout.startswith("re-analysed 0 document(s)")
    with Store(db) as store:
        assert store.count_documents() == 4
        assert sorted(store.race_ids()) == sorted(races_before)


def test_an_unusable_store_exits_3_and_is_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-store.db"
    content = os.urandom(8192)
    bad.write_bytes(content)
    res = run_cli("--db", str(bad), "races", cwd=tmp_path)
    assert res.returncode == 3
    assert len(res.stderr.splitlines()) == 1
    assert str(bad) in res.stderr
    no_traceback(res.stderr)
    assert bad.read_bytes() == content


def test_the_store_location_comes_from_the_environment(tmp_path: Path) -> None:
    target = tmp_path / "env" / "store.db"
    res = run_cli("races", cwd=tmp_path, env={"RACEVIEW_DB": str(target)})
    assert res.returncode == 0
    assert target.is_file()
    flag = tmp_path / "flag.db"
    res = run_cli("--db", str(flag), "races", cwd=tmp_path, env={"RACEVIEW_DB": str(target)})
    assert res.returncode == 0
    assert flag.is_file()  # the flag beats the environment


def test_the_default_store_lives_in_the_user_data_dir(tmp_path: Path, isolated_env: Path) -> None:
    res = run_cli("races", cwd=tmp_path)
    assert res.returncode == 0
    assert (isolated_env / ".local/share/raceview/raceview.db").is_file()
    assert list(tmp_path.iterdir()) == []  # nothing in the working directory
