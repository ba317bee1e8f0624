"""The command line: help everywhere, one clear line for every user error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.intake.export_files import export_message, write_export
from triagebot.cli import cli, main


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["run"],
        ["demo"],
        ["import"],
        ["stats"],
        ["db"],
        ["db", "upgrade"],
        ["eval"],
        ["eval", "duplicates"],
        ["sync"],
        ["issues", "load"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_run_without_a_token_says_which_setting_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(["run"], capsys)
    assert code == 2
    assert err.strip().splitlines() == [err.strip()]  # one line, no traceback
    assert "DISCORD_TOKEN is not set" in err


def test_a_malformed_setting_is_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_GUILD_IDS", "123,lumen")
    code, _, err = run_main(["stats"], capsys)
    assert code == 2
    assert err.startswith("error: DISCORD_GUILD_IDS:") and "'lumen'" in err
    assert "Traceback" not in err


def test_a_bad_env_file_value_is_reported_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / "bot.env"
    env.write_text("PIPELINE_BATCH_SIZE=lots\n")
    code, _, err = run_main(["--env-file", str(env), "stats"], capsys)
    assert code == 2 and "PIPELINE_BATCH_SIZE" in err


def test_the_database_url_is_never_echoed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root:hunter2@db/bot")
    code, _, err = run_main(["stats"], capsys)
    assert code == 2 and "DATABASE_URL" in err and "hunter2" not in err


def test_import_twice_stores_each_message_once(tmp_path: Path) -> None:
    export = write_export(tmp_path / "general.json", [export_message(n) for n in range(30)])
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", db, "import", str(export)])
    assert first.exit_code == 0, first.output
    assert "30 new" in first.output
    second = runner.invoke(cli, ["--db", db, "import", str(tmp_path)])
    assert second.exit_code == 0, second.output
    assert "0 new, 30 already stored" in second.output
    stats = runner.invoke(cli, ["--db", db, "stats"])
    assert "30 messages" in stats.output and "2026-11-20" in stats.output


def test_import_keeps_good_files_and_names_the_broken_one(tmp_path: Path) -> None:
    good = write_export(tmp_path / "a-good.json", [export_message(1), export_message(2)])
    broken = tmp_path / "b-broken.json"
    broken.write_text('{"messages": [')
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "import", str(good), str(broken)])
    assert result.exit_code == 1
    assert "2 new" in result.output
    assert "b-broken.json: not valid JSON" in result.output


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    (tmp_path / "fresh.db").touch()  # an existing, empty file: no schema yet
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    runner = CliRunner()
    assert "database: empty" in runner.invoke(cli, ["--db", db, "db", "current"]).output
    upgraded = runner.invoke(cli, ["--db", db, "db", "upgrade"])
    assert upgraded.exit_code == 0 and "revision" in upgraded.output
    current = runner.invoke(cli, ["--db", db, "db", "current"]).output
    assert "database: empty" not in current
