"""What a new user gets wrong, answered in one line each: a bad revision, a folder
that does not exist, a file of issues it cannot use, a missing settings file, a
mistyped database path, a negative number of days, an unreachable GitHub."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tracker.test_load_and_match import ISSUES
from triagebot.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``triagebot ARGV`` as the console script runs it: exit status, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A migrated SQLite database."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    assert run(["--db", url, "db", "upgrade"], capsys)[0] == 0
    return url


@pytest.mark.parametrize(
    "argv",
    [["db", "upgrade", "--revision", "nonsense"], ["db", "downgrade", "nonsense"]],
)
def test_a_bad_revision_names_it_and_where_the_real_ones_are(
    argv: list[str], db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["--db", db, *argv], capsys)
    assert code == 2
    line = one_line(err)
    assert "'nonsense'" in line and "triagebot db history" in line


def test_db_history_lists_the_revisions_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["db", "history"], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].endswith("(head)") and lines[-1].startswith("0001 ")


def test_a_report_into_a_missing_folder_stops_before_writing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "dir" / "report.html"
    code, out, err = run(["--db", db, "report", "--html", str(target)], capsys)
    assert code == 2 and out == ""
    assert one_line(err) == f"error: {target}: the folder {target.parent} does not exist"
    assert not (tmp_path / "no").exists()


def test_a_report_is_written_whole_with_no_temporary_file_left(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    target.write_text("the old page")
    code, _, _ = run(["--db", db, "report", "--html", str(target)], capsys)
    assert code == 0 and target.read_text().startswith("<!")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def write_issues(tmp_path: Path, items: object) -> Path:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(items))
    return path


def without_repository(item: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in item.items() if k != "repository_url"}


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        (
            [without_repository(i) for i in ISSUES[:2]],
            "2 of 2 items name no repository: pass --repo",
        ),
        ([], "the file is an empty array"),
        ([ISSUES[-1]], "all 1 items are pull requests"),
        (
            [{"id": 1, "repository_url": "https://x/repos/o/r"}, 7],
            "no item is a usable issue, e.g. item #0: missing field 'number'",
        ),
    ],
)
def test_a_file_with_no_usable_issue_fails_with_the_reason_and_stores_nothing(
    items: object, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.db"
    path = write_issues(tmp_path, items)
    code, out, err = run(["--db", f"sqlite:///{db}", "issues", "load", str(path)], capsys)
    assert code == 1 and out == ""
    assert one_line(err).startswith(f"error: loaded no issues from {path}: {reason}")
    assert not db.exists()


def test_passing_repo_loads_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_issues(tmp_path, [without_repository(i) for i in ISSUES[:2]])
    argv = ["--db", f"sqlite:///{tmp_path / 'bot.db'}", "issues", "load", str(path)]
    code, out, _ = run([*argv, "--repo", "lumen-dev/lumen"], capsys)
    assert code == 0 and "loaded 2 issues" in out


def test_some_issues_without_a_repository_are_named_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_issues(tmp_path, [ISSUES[0], without_repository(ISSUES[1])])
    code, out, _ = run(
        ["--db", f"sqlite:///{tmp_path / 'bot.db'}", "issues", "load", str(path)], capsys
    )
    assert code == 0 and "loaded 1 issues" in out
    assert "1 item(s) name no repository: pass --repo OWNER/NAME" in out


def test_a_missing_env_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "bot.env"
    code, _, err = run(["--env-file", str(missing), "--db", "sqlite://", "stats"], capsys)
    assert code == 2
    assert one_line(err) == f"error: --env-file {missing}: the file does not exist"


def test_help_works_whatever_the_env_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--env-file", str(tmp_path / "missing.env"), "stats", "--help"], capsys)
    assert code == 0 and "Usage:" in out


READING_COMMANDS = [
    ["stats"],
    ["status", "--json"],
    ["digest"],
    ["usage"],
    ["report", "--html", "out.html"],
    ["spam", "report"],
    ["forget", "--user", "42"],
    ["purge", "--days", "30"],
    ["index", "status"],
    ["index", "rebuild"],
    ["issues", "demand"],
    ["db", "current"],
    ["db", "downgrade", "base"],
]


@pytest.mark.parametrize("argv", READING_COMMANDS, ids=" ".join)
def test_a_mistyped_database_file_is_refused_not_created(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "bto.db"
    code, out, err = run(["--db", f"sqlite:///{typo}", *argv], capsys)
    assert code == 2
    said = out + err  # status reports it as its failing database check
    assert f"no database at {typo}" in said and "db upgrade" in said
    assert "Traceback" not in said
    assert not typo.exists()


def test_the_commands_that_create_a_database_are_the_ones_the_error_names() -> None:
    from triagebot.cli.database_files import is_creating
    from triagebot.cli.main import cli
    from triagebot.errors import MissingDatabaseError

    def walk(group: object, prefix: str = "") -> Iterator[tuple[str, object]]:
        for name, command in getattr(group, "commands", {}).items():
            yield f"{prefix}{name}", command
            yield from walk(command, f"{prefix}{name} ")

    creating = {name for name, command in walk(cli) if is_creating(command)}  # type: ignore[arg-type]
    assert creating == {"run", "demo", "import", "issues load", "sync", "db upgrade"}
    message = str(MissingDatabaseError(Path("x.db")))
    assert all(name in message for name in creating - {"demo"})  # demo makes its own file


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_not_a_missing_file(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--db", url, "stats"], capsys)
    assert code == 0 and "0 messages" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["purge", "--days", "-3"],
        ["purge", "--days", "0"],
        ["spam", "report", "--days", "-1"],
        ["usage", "--days", "0"],
        ["usage", "--days", "99999999"],
        ["issues", "demand", "--limit", "-1"],
        ["forget", "--user", "-5"],
        ["forget", "--user", str(2**64)],
    ],
    ids=" ".join,
)
def test_numbers_out_of_range_are_refused_before_anything_runs(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.db"
    code, _, err = run(["--db", f"sqlite:///{db}", *argv], capsys)
    assert code == 2 and "Invalid value for" in err and "is not in the range" in err
    assert "Traceback" not in err and not db.exists()


@pytest.fixture
def closed_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        yield int(sock.getsockname()[1])


def test_sync_with_github_out_of_reach_is_one_line_per_repository_and_exit_1(
    closed_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GITHUB_REPOS", "lumen-dev/lumen,lumen-dev/docs")
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{closed_port}")
    code, out, err = run(["--db", f"sqlite:///{tmp_path / 'bot.db'}", "sync"], capsys)
    assert code == 1
    assert err == ""  # no urllib3 retry warnings, no second copy of each failure
    lines = out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["lumen-dev/lumen", "lumen-dev/docs"]
    assert all(
        f"cannot reach 127.0.0.1:{closed_port}: connection refused" in line for line in lines
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["eval", "duplicates", "--issues", "{f}", "--queries", "{f}", "--out", "{out}"],
        ["eval", "problems", "{f}", "--out", "{out}"],
    ],
    ids=lambda argv: argv[1],
)
def test_an_evaluation_into_a_missing_folder_stops_before_the_work(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text('{"id": 1, "text": "x", "label": "other", "title": "x"}\n')
    out = tmp_path / "missing" / "predictions.jsonl"
    filled = [part.format(f=labelled, out=out) for part in argv]
    code, _, err = run(filled, capsys)  # EMBED_ENABLED is off: it would fail later on that
    assert code == 2
    assert one_line(err) == f"error: {out}: the folder {out.parent} does not exist"
