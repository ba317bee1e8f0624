"""``triagebot eval spam``: score a labelled message stream as the bot would."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from triagebot.cli.progress import progress_bar
from triagebot.core.spam import SpamPolicy
from triagebot.embeddings.model import Embedder
from triagebot.errors import ConfigError
from triagebot.evaluation.duplicates import ProgressHook
from triagebot.evaluation.spam import (
    SpamMetrics,
    SpamRecord,
    SpamRun,
    default_thresholds,
    read_exemplars,
    read_spam_records,
    score_records,
    seeded_bank,
    source_metrics,
    spam_metrics,
    sweep,
    write_predictions,
)
from triagebot.triage.compose import App

console = Console()
_JSONL = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("spam")
@click.argument("file", type=_JSONL, metavar="FILE.jsonl")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PREDICTIONS.jsonl",
    help="Write each message's label, score, flagged and reasons.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Flag threshold (default: SPAM_THRESHOLD).",
)
@click.option(
    "--exemplars",
    "exemplars_path",
    type=_JSONL,
    metavar="LABELLED.jsonl",
    help="Labelled lines ({text, label}) added to the exemplar bank as moderator verdicts.",
)
@click.option(
    "--learned/--no-learned",
    default=None,
    help="Score with (or without) the shipped learned model; default: as SPAM_LEARNED_MODEL.",
)
@click.pass_obj
def spam_command(
    app: App,
    file: Path,
    out_path: Path | None,
    threshold: float | None,
    exemplars_path: Path | None,
    learned: bool | None,
) -> None:
    """Score labelled messages (JSONL: text, label, optional author, channel, timestamp,
    source or family).

    Messages with timestamps are replayed in time order, so the same text across
    channels and accounts is seen as a wave. Prints precision, recall, F1 and the
    false-positive rate at the threshold, and a table across thresholds.
    """
    records = read_spam_records(file)
    extra = read_exemplars(exemplars_path) if exemplars_path is not None else []
    policy = spam_policy(app, threshold)
    embedder = _require_embedder(app)
    bank = seeded_bank(embedder, extra)
    use_model = app.settings.spam.learned_model if learned is None else learned
    with _encoding_progress(len(records)) as on_progress:
        run = score_records(
            records, embedder, policy, bank=bank, on_progress=on_progress, learned=use_model
        )
    if out_path is not None:
        write_predictions(out_path, run.predictions, policy.threshold)
    print_spam_report(records, run, policy, extra_exemplars=len(extra))
    if out_path is not None:
        console.print(f"predictions written to {out_path}", highlight=False, soft_wrap=True)


def spam_policy(app: App, threshold: float | None) -> SpamPolicy:
    """The configured policy (SPAM_* settings when present), with ``--threshold`` applied."""
    settings = getattr(app.settings, "spam", None)
    try:
        policy = SpamPolicy() if settings is None else SpamPolicy.from_settings(settings)
        if threshold is None:
            return policy
        delete_at = max(policy.auto_delete_threshold, threshold)
        return dataclasses.replace(policy, threshold=threshold, auto_delete_threshold=delete_at)
    except ValueError as exc:
        raise ConfigError(f"SPAM_*: {exc}") from None


def _require_embedder(app: App) -> Embedder:
    embedder = app.embedder
    if embedder is None:
        raise ConfigError("EMBED_ENABLED is off: eval spam needs the embedding model")
    return embedder


@contextmanager
def _encoding_progress(total: int) -> Iterator[ProgressHook]:
    with progress_bar("encoding ") as progress:
        task = progress.add_task("messages", total=total)

        def advance(_label: str, done: int) -> None:
            progress.update(task, advance=done)

        yield advance


def print_spam_report(
    records: Sequence[SpamRecord], run: SpamRun, policy: SpamPolicy, *, extra_exemplars: int = 0
) -> None:
    spam = sum(r.label == "spam" for r in records)
    timed = sum(r.timestamp is not None for r in records)
    waves = len({p.wave_key for p in run.predictions if p.wave_key is not None})
    console.print(
        f"{len(records):,} messages ({spam:,} spam, {len(records) - spam:,} ham); "
        f"{timed:,} replayed in time order, {waves:,} waves seen"
        + (f"; {extra_exemplars:,} extra exemplars in the bank" if extra_exemplars else ""),
        highlight=False,
        soft_wrap=True,
    )
    _print_at(spam_metrics(run.predictions, policy.threshold), "flags")
    _print_at(spam_metrics(run.predictions, policy.auto_delete_threshold), "auto-deletes")
    thresholds = [*default_thresholds(), policy.threshold, policy.auto_delete_threshold]
    console.print(_sweep_table(sweep(run.predictions, thresholds), policy.threshold))
    by_source = source_metrics(run.predictions, policy.threshold)
    if by_source:
        console.print(_source_table(by_source, policy.threshold))
    rate = len(records) / run.score_seconds if run.score_seconds > 0 else float("inf")
    console.print(
        f"scoring: {rate:,.0f} messages/s ({run.score_seconds:.2f}s); "
        f"embedding, measured apart: {run.encode_seconds:.1f}s",
        highlight=False,
        soft_wrap=True,
    )


def _print_at(m: SpamMetrics, what: str) -> None:
    waves = f"; {m.from_waves:,} of them from a later copy of a wave" if m.from_waves else ""
    console.print(
        f"{what} at threshold {m.threshold:.2f}: {m.flagged:,} flagged, "
        f"precision {_ratio(m.precision)} ({m.true_positives:,}/{m.flagged:,}), "
        f"recall {_ratio(m.recall)} ({m.true_positives:,}/{m.spam:,}), F1 {_ratio(m.f1)}, "
        f"false-positive rate {_percent(m.false_positive_rate)} "
        f"({m.false_positives:,}/{m.ham:,}){waves}",
        highlight=False,
        soft_wrap=True,
    )


def _sweep_table(rows: Sequence[SpamMetrics], current: float) -> Table:
    table = Table(
        "threshold", "flagged", "precision", "recall", "F1", "false-positive rate",
        title="spam flags by threshold", title_justify="left",
    )  # fmt: skip
    for r in rows:
        table.add_row(
            f"{r.threshold:.2f}" + (" *" if abs(r.threshold - current) < 1e-9 else ""),
            f"{r.flagged:,}",
            _ratio(r.precision),
            _ratio(r.recall),
            _ratio(r.f1),
            _percent(r.false_positive_rate),
        )
    return table


def _source_table(rows: dict[str, SpamMetrics], threshold: float) -> Table:
    table = Table(
        "source", "spam", "ham", "flagged", "precision", "recall", "false-positive rate",
        title=f"by source, at threshold {threshold:.2f}", title_justify="left",
    )  # fmt: skip
    for name, m in rows.items():
        table.add_row(
            name, f"{m.spam:,}", f"{m.ham:,}", f"{m.flagged:,}", _ratio(m.precision),
            _ratio(m.recall), _percent(m.false_positive_rate),
        )  # fmt: skip
    return table


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.2%}"
