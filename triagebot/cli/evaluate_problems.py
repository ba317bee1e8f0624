"""``triagebot eval problems``: how the problem-ness model reads your own labelled lines."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from triagebot.cli.output_files import check_writable
from triagebot.core.problems import problem_model
from triagebot.errors import ConfigError
from triagebot.evaluation.problems import (
    ClassMetrics,
    per_class,
    predict,
    read_lines,
    reports_at,
    thresholds,
    write_predictions,
)
from triagebot.triage.compose import App

console = Console()


@click.command("problems")
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="LABELLED.jsonl"
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PREDICTIONS.jsonl",
    help="Write one line per input, in order: the predicted label and the score.",
)
@click.pass_obj
def problems_command(app: App, file: Path, out_path: Path | None) -> None:
    """Score labelled lines (JSONL: text, label = problem | request | other) with the
    digest's problem-ness model. Prints precision, recall and F1 per class, and for
    problem-or-request against other a table across thresholds."""
    if out_path is not None:
        check_writable(out_path)  # before scoring everything, not after
    lines = read_lines(file)
    embedder = app.embedder
    if embedder is None:
        raise ConfigError("EMBED_ENABLED is off: eval problems needs the embedding model")
    model = problem_model(embedder.model_id)
    predictions = predict(lines, embedder, model)
    if out_path is not None:
        write_predictions(out_path, predictions)
    kind = "embedding and cues" if model.uses_vectors else "cues only (another encoder)"
    console.print(f"{len(lines):,} lines; model: {kind}, threshold {model.threshold:.2f}")
    console.print(_table("per class, at the model's threshold", per_class(predictions), "class"))
    rows = [reports_at(predictions, t) for t in thresholds(model.threshold)]
    console.print(_table("problem or request, by threshold", rows, "threshold"))
    if out_path is not None:
        console.print(f"predictions written to {out_path}", highlight=False, soft_wrap=True)


def _table(title: str, rows: list[ClassMetrics], first: str) -> Table:
    table = Table(first, "lines", "predicted", "precision", "recall", "F1", title=title,
                  title_justify="left")  # fmt: skip
    for r in rows:
        table.add_row(r.label, f"{r.support:,}", f"{r.predicted:,}", _ratio(r.precision),
                      _ratio(r.recall), _ratio(r.f1))  # fmt: skip
    return table


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
