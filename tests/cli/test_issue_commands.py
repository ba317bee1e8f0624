"""`triagebot sync`, `issues load`, `issues demand` and `demo` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakes.github_server import running_fake_github
from tests.tracker.test_load_and_match import ISSUES
from triagebot.cli import cli
from triagebot.cli.invocation import current_command


def test_issues_load_is_idempotent_and_reports_skips(tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(ISSUES))
    db = f"sqlite:///{tmp_path / 'bot.db'}"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["--db", db, "issues", "load", str(path)])
        assert result.exit_code == 0, result.output
        assert "loaded 3 issues (3 open)" in result.output
        assert "skipped 1 pull requests" in result.output


def test_issues_load_names_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text("[{")
    result = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path / 'b.db'}", "issues", "load", str(path)]
    )
    assert result.exit_code != 0
    assert "issues.json: not valid JSON" in str(result.exception)


def test_sync_needs_repositories(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'b.db'}", "sync"])
    assert result.exit_code == 2 and "GITHUB_REPOS is empty" in result.output


def test_sync_against_github_then_idle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_fake_github() as github:
        github.add_repo("lumen-dev/lumen")
        github.add_issue("lumen-dev/lumen", 1, "Crash on reload")
        monkeypatch.setenv("GITHUB_REPOS", "lumen-dev/lumen")
        monkeypatch.setenv("GITHUB_API_URL", github.base_url)
        monkeypatch.setenv("GITHUB_TOKEN", github.token)
        db = f"sqlite:///{tmp_path / 'bot.db'}"
        runner = CliRunner()
        first = runner.invoke(cli, ["--db", db, "sync"])
        assert first.exit_code == 0, first.output
        assert "lumen-dev/lumen: 1 issues updated in 1 request(s)" in first.output
        second = runner.invoke(cli, ["--db", db, "sync"])
        assert "unchanged (1 conditional request, 304)" in second.output


def test_the_demo_stores_the_sample_and_shows_demand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMBED_ENABLED", "true")
    monkeypatch.setenv("COLUMNS", "160")
    result = CliRunner().invoke(cli, ["demo", "--db-file", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output  # the second replay stores nothing new
    assert "messages" in result.output and "per day" in result.output
    assert "#412" in result.output  # the Windows live-reload crash many people hit
    assert "maintainers' digest" in result.output and "Top 5" in result.output
    assert "**" not in result.output and "<https://" not in result.output  # read as text
    report = tmp_path / "demo.html"
    assert "<svg" in report.read_text()  # the demo writes its report beside the database
    assert f"open the report: {report}" in result.output
    assert f"explore it: {current_command()} --db sqlite:///{tmp_path / 'demo.db'} stats" in (
        result.output
    )

    digest = CliRunner().invoke(
        cli,
        ["--db", f"sqlite:///{tmp_path / 'demo.db'}", "digest", "--date", "2026-11-19", "--json"],
    )
    assert digest.exit_code == 0, digest.output
    doc = json.loads(digest.stdout)
    assert doc["date"] == "2026-11-19" and len(doc["items"]) == 5
    keys = {
        "rank",
        "title",
        "summary",
        "issue",
        "people",
        "messages",
        "threads",
        "score",
        "breakdown",
        "links",
    }
    for rank, item in enumerate(doc["items"], 1):
        assert keys <= item.keys() and item["rank"] == rank
        assert abs(sum(item["breakdown"].values()) - item["score"]) < 0.05
    assert 412 in [item["issue"] for item in doc["items"]]
    assert None in [item["issue"] for item in doc["items"]]  # something no issue covers yet

    shown = CliRunner().invoke(
        cli,
        ["--db", f"sqlite:///{tmp_path / 'demo.db'}", "digest", "--date", "2026-11-19"],
    )
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("Top 5 for Thursday 19 November\n")  # not **Top 5 …**
    assert "<https://" not in shown.output and "https://github.com/" in shown.output

    page = tmp_path / "report.html"
    written = CliRunner().invoke(
        cli,
        [
            "--db",
            f"sqlite:///{tmp_path / 'demo.db'}",
            "report",
            "--html",
            str(page),
            "--date",
            "2026-11-19",
        ],
    )
    assert written.exit_code == 0, written.output
    html = page.read_text()
    for section in ("Digest", "Demand per issue", "Topics without an issue", "Spam over time"):
        assert f"<h2>{section}" in html
    assert "<svg" in html and "<script" not in html
