"""``eval spam`` prints a table per source when the records name one."""

from __future__ import annotations

import io

import click
import pytest
from rich.console import Console

from triagebot.cli import evaluate_spam
from triagebot.core.spam import SpamPolicy
from triagebot.evaluation.spam import SpamPrediction, SpamRecord, SpamRun


def report(sources: list[str | None]) -> str:
    records = [
        SpamRecord(line=n, text="t", label="spam" if n % 2 else "ham", source=source)
        for n, source in enumerate(sources)
    ]
    predictions = [SpamPrediction(r, 0.9 if r.label == "spam" else 0.1, ()) for r in records]
    run = SpamRun(predictions, encode_seconds=0.0, score_seconds=0.01)
    evaluate_spam.print_spam_report(records, run, SpamPolicy())
    out = evaluate_spam.console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


@pytest.fixture(autouse=True)
def captured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluate_spam, "console", Console(file=io.StringIO(), width=160))


def test_each_source_gets_a_row() -> None:
    text = report(["chat", "money", "chat", "ping"])
    assert "by source, at threshold 0.50" in text
    rows = {line.split()[1]: line for line in text.splitlines() if line.startswith("│")}
    assert {"chat", "money", "ping"} <= set(rows)
    assert "1.000" in rows["money"] and "0.00%" in rows["chat"]


def test_no_source_no_table() -> None:
    assert "by source" not in report([None, None])


def test_the_learned_model_follows_the_setting_unless_the_run_says() -> None:
    learned = next(p for p in evaluate_spam.spam_command.params if p.name == "learned")
    assert isinstance(learned, click.Option) and learned.default is None  # SPAM_LEARNED_MODEL
    assert learned.opts == ["--learned"] and learned.secondary_opts == ["--no-learned"]
