"""``triagebot eval duplicates`` end to end, with the real embedding model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from triagebot.cli import cli, main
from triagebot.cli.evaluate import eval_group

ISSUES: list[dict[str, object]] = [
    {
        "id": 101,
        "title": "Dev server crashes on reload on Windows",
        "body": "After upgrading to 2.3 the live reload server dies with EPIPE on Windows 11.",
    },
    {
        "id": "dark-mode",
        "title": "Dark mode colours are wrong on the settings page",
        "body": "Text is black on a dark grey background in the settings panel.",
    },
    {
        "id": 103,
        "title": "Export to PDF loses images",
        "body": "Images embedded in the document are missing from the exported PDF.",
    },
]
QUERIES: list[dict[str, object]] = [
    {"id": "q1", "text": "the live reload server keeps crashing on my windows machine",
     "expected": [101]},
    {"id": 2, "text": "when I export to pdf all the pictures are gone", "expected": [103]},
    {"id": "q3", "text": "what is a good recipe for banana bread?", "expected": []},
    {"id": "q4", "text": "settings page is unreadable in dark theme", "expected": ["dark-mode"]},
    {"id": "q5", "text": "thanks everyone"},
]  # fmt: skip


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    """Until main.py registers it, add the group for these tests only."""
    added = "eval" not in cli.commands
    if added:
        cli.add_command(eval_group)
    yield
    if added:
        cli.commands.pop("eval", None)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_jsonl(tmp_path / "issues.jsonl", ISSUES), write_jsonl(
        tmp_path / "queries.jsonl", QUERIES
    )  # fmt: skip


def test_scores_and_writes_predictions(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMBED_ENABLED", "true")
    monkeypatch.setenv("MATCH_HINT_THRESHOLD", "0.5")
    out = tmp_path / "predictions.jsonl"
    issues, queries = files
    args = ["eval", "duplicates", "--issues", str(issues), "--queries", str(queries)]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 issues, 5 queries (4 labelled, 3 with expected issues)" in result.output
    assert "recall@1 1.000" in result.output and "MRR 1.000" in result.output
    assert "hints at threshold 0.50" in result.output
    assert "hints by threshold" in result.output  # the sweep table

    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["q1", 2, "q3", "q4", "q5"]
    assert all(len(line["candidates"]) == 3 for line in lines)  # fewer issues than 10
    top = [line["candidates"][0]["issue"] for line in lines[:4]]
    assert top[:2] == [101, 103] and top[3] == "dark-mode"
    assert [line["flagged"] for line in lines[:4]] == [101, 103, None, "dark-mode"]
    scores = [c["score"] for c in lines[0]["candidates"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.5


def test_the_threshold_option_wins_over_the_setting(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMBED_ENABLED", "true")
    out = tmp_path / "predictions.jsonl"
    issues, queries = files
    result = CliRunner().invoke(
        cli,
        ["eval", "duplicates", "--issues", str(issues), "--queries", str(queries),
         "--out", str(out), "--threshold", "0.99"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "hints at threshold 0.99: 0 flagged" in result.output
    assert all(json.loads(line)["flagged"] is None for line in out.read_text().splitlines())


def test_expected_ids_missing_from_the_issues_are_reported(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMBED_ENABLED", "true")
    issues, _ = files
    queries = write_jsonl(tmp_path / "q.jsonl", [{"id": 1, "text": "x", "expected": ["101"]}])
    result = CliRunner().invoke(
        cli, ["eval", "duplicates", "--issues", str(issues), "--queries", str(queries)]
    )
    assert result.exit_code == 0, result.output
    assert "1 expected ids are not among the issues, e.g. '101'" in result.output
    assert "recall@1 0.000" in result.output


def test_help() -> None:
    for command in (["eval"], ["eval", "duplicates"]):
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
        raise SystemExit(0)
    return int(exited.value.code or 0), capsys.readouterr().err


def test_a_missing_file_is_one_line(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues, _ = files
    argv = ["eval", "duplicates", "--issues", str(issues), "--queries", str(tmp_path / "no")]
    code, err = run_main(argv, capsys)
    assert code == 2 and "does not exist" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": 1, "text": "x"', "line 2: not valid JSON"),
        ('{"text": "x"}', "line 2: missing 'id'"),
        ('{"id": 1}', "line 2: missing 'text'"),
    ],
)
def test_a_bad_query_line_names_the_file_and_line(
    files: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    bad_line: str,
    message: str,
) -> None:
    issues, _ = files
    queries = tmp_path / "bad.jsonl"
    queries.write_text('{"id": 0, "text": "fine"}\n' + bad_line + "\n")
    code, err = run_main(
        ["eval", "duplicates", "--issues", str(issues), "--queries", str(queries)], capsys
    )
    assert code == 2
    assert err.strip() == err.strip().splitlines()[0]  # one line
    assert err.startswith(f"error: {queries}, {message}")


def test_an_issue_without_a_title_is_named(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, queries = files
    issues = write_jsonl(tmp_path / "no-title.jsonl", [{"id": 1, "body": "b"}])
    code, err = run_main(
        ["eval", "duplicates", "--issues", str(issues), "--queries", str(queries)], capsys
    )
    assert code == 2 and err.strip() == f"error: {issues}, line 1: missing 'title'"


def test_without_the_model_it_says_which_setting(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    issues, queries = files  # EMBED_ENABLED=false comes from the CLI tests' conftest
    code, err = run_main(
        ["eval", "duplicates", "--issues", str(issues), "--queries", str(queries)], capsys
    )
    assert code == 2 and err.startswith("error: EMBED_ENABLED is off")
