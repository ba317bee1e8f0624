"""``triagebot eval spam`` end to end, with the real embedding model."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from triagebot.cli.evaluate_spam import spam_command
from triagebot.errors import ConfigError
from triagebot.evaluation import EvalDataError
from triagebot.triage.compose import App

WAVE = (
    "Our server was picked for an exclusive giveaway, claim your reward through the form in my bio"
)
MESSAGES = [
    {"id": "h1", "text": "how do I pin a dependency with poetry? `poetry add foo@^1.2` fails",
     "label": "ham", "author": "ann", "channel": "help", "timestamp": "2026-01-05T12:00:00Z"},
    *[
        {"id": f"w{n}", "text": WAVE + "!" * n, "label": "spam", "author": f"acct{n % 3}",
         "channel": f"ch{n}", "timestamp": f"2026-01-05T12:00:{10 + 9 * n:02d}Z"}
        for n in range(5)
    ],
    {"id": "h2", "text": "the hosted plan is $10/month, see https://example.com/pricing",
     "label": "ham", "author": "bob", "channel": "general", "timestamp": "2026-01-05T12:01:30Z"},
    {"id": "n1", "text": "free nitro for you: https://dlscord-gift.com/claim", "label": "spam"},
    {"id": "h3", "text": "Traceback (most recent call last): KeyError: 'HOME'", "label": "ham"},
]  # fmt: skip


@click.group()
@click.pass_context
def root(ctx: click.Context) -> None:
    """A stand-in for the real ``eval`` group, with the command's usual App object."""
    ctx.obj = App()


root.add_command(spam_command)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(root, ["spam", *args])


@pytest.fixture
def model_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBED_ENABLED", "true")  # tests/cli/conftest.py turns it off


@pytest.mark.usefixtures("model_on")
def test_scores_prints_the_table_and_writes_predictions(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "messages.jsonl", MESSAGES)
    out = tmp_path / "predictions.jsonl"
    result = invoke(str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "9 messages (6 spam, 3 ham); 7 replayed in time order, 1 waves seen" in result.output
    assert (
        "flags at threshold 0.50: 6 flagged, precision 1.000 (6/6), recall 1.000" in result.output
    )
    assert "false-positive rate 0.00% (0/3)" in result.output
    assert "spam flags by threshold" in result.output and "messages/s" in result.output

    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [m["id"] for m in MESSAGES]
    by_id = {line["id"]: line for line in lines}
    assert {by_id[f"w{n}"]["wave_key"] for n in range(5)} == {by_id["w4"]["wave_key"]}
    assert by_id["w0"]["flagged"] and by_id["w0"]["reasons"][0].startswith("a later copy")
    assert "link to a Discord look-alike domain (dlscord-gift.com)" in by_id["n1"]["reasons"]
    assert not by_id["h2"]["flagged"] and 0 <= by_id["h2"]["score"] < 0.5


@pytest.mark.usefixtures("model_on")
def test_threshold_comes_from_the_option_or_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_jsonl(tmp_path / "messages.jsonl", MESSAGES)
    assert "flags at threshold 0.80" in invoke(str(data), "--threshold", "0.8").output
    monkeypatch.setenv("SPAM_THRESHOLD", "0.7")
    assert "flags at threshold 0.70" in invoke(str(data)).output


@pytest.mark.usefixtures("model_on")
def test_extra_exemplars_join_the_bank(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "messages.jsonl", MESSAGES)
    verdicts = write_jsonl(tmp_path / "verdicts.jsonl", [{"text": WAVE, "label": "spam"}])
    result = invoke(str(data), "--exemplars", str(verdicts))
    assert result.exit_code == 0, result.output
    assert "1 extra exemplars in the bank" in result.output


def test_without_the_model_it_says_so(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "messages.jsonl", MESSAGES)
    result = invoke(str(data))
    assert isinstance(result.exception, ConfigError)
    assert "EMBED_ENABLED is off" in str(result.exception)


def test_a_bad_file_names_its_line(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "bad.jsonl", [{"text": "hi", "label": "eggs"}])
    result = invoke(str(data))
    assert isinstance(result.exception, EvalDataError)
    assert "line 1" in str(result.exception)
