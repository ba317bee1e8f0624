"""``triagebot eval``: measure the bot's decisions on labelled data."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from triagebot.cli.evaluate_problems import problems_command
from triagebot.cli.evaluate_spam import spam_command
from triagebot.cli.output_files import check_writable
from triagebot.cli.progress import progress_bar
from triagebot.embeddings.model import Embedder
from triagebot.errors import ConfigError
from triagebot.evaluation.duplicate_metrics import (
    FlagMetrics,
    RetrievalMetrics,
    default_thresholds,
    flag_metrics,
    retrieval_metrics,
    sweep,
)
from triagebot.evaluation.duplicates import (
    RECALL_AT,
    Issue,
    Prediction,
    ProgressHook,
    Query,
    predict_both,
    read_issues,
    read_queries,
    write_predictions,
)
from triagebot.triage.compose import App

console = Console()

eval_group = click.Group(
    "eval",
    help="Measure the bot's decisions on labelled data (JSONL files).",
)

_JSONL = click.Path(exists=True, dir_okay=False, path_type=Path)
eval_group.add_command(spam_command)
eval_group.add_command(problems_command)


@eval_group.command("duplicates")
@click.option(
    "--issues",
    "issues_path",
    type=_JSONL,
    required=True,
    metavar="ISSUES.jsonl",
    help='Issues, one JSON object a line: {"id", "title", "body"}.',
)
@click.option(
    "--queries",
    "queries_path",
    type=_JSONL,
    required=True,
    metavar="QUERIES.jsonl",
    help='Queries: {"id", "text", "expected": [issue ids]} ("expected" optional).',
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PREDICTIONS.jsonl",
    help="Write each query's top 10 and flagged issue.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="FLOAT",
    help="Hint threshold, 0 to 1 (default: MATCH_HINT_THRESHOLD).",
)
@click.pass_obj
def duplicates(
    app: App,
    issues_path: Path,
    queries_path: Path,
    out_path: Path | None,
    threshold: float | None,
) -> None:
    """Match queries against issues as the bot would, and score the matches.

    Prints recall@1/5/10 and MRR over the queries with "expected" issues, and the
    precision and recall of the duplicate hint at the threshold (a hint on a query
    whose "expected" is [] counts against precision).
    """
    if out_path is not None:
        check_writable(out_path)  # before encoding everything, not after
    issues = read_issues(issues_path)
    queries = read_queries(queries_path)
    threshold = app.settings.matching.hint_threshold if threshold is None else threshold
    embedder = _require_embedder(app)
    with _encoding_progress(2 * len(issues), len(queries)) as on_progress:
        both = predict_both(
            issues,
            queries,
            embedder,
            body_chars=app.settings.matching.issue_body_chars,
            on_progress=on_progress,
        )
    predictions = both["fused"]
    if out_path is not None:
        write_predictions(out_path, predictions, threshold)
    print_duplicates_report(issues, queries, predictions, threshold, dense=both["dense"])
    if out_path is not None:
        console.print(f"predictions written to {out_path}", highlight=False, soft_wrap=True)


def _require_embedder(app: App) -> Embedder:
    embedder = app.embedder
    if embedder is None:
        raise ConfigError("EMBED_ENABLED is off: eval duplicates needs the embedding model")
    return embedder


@contextmanager
def _encoding_progress(issues: int, queries: int) -> Iterator[ProgressHook]:
    with progress_bar("encoding ") as progress:
        tasks = {
            "issues": progress.add_task("issues", total=issues),
            "queries": progress.add_task("queries", total=queries),
        }

        def advance(label: str, done: int) -> None:
            progress.update(tasks[label], advance=done)

        yield advance


def print_duplicates_report(
    issues: Sequence[Issue],
    queries: Sequence[Query],
    predictions: Sequence[Prediction],
    threshold: float,
    dense: Sequence[Prediction] = (),
) -> None:
    """``predictions``: the bot's (fused); ``dense``: the cosine alone, shown beside."""
    labelled = sum(q.expected is not None for q in queries)
    console.print(
        f"{len(issues):,} issues, {len(queries):,} queries "
        f"({labelled:,} labelled, {sum(q.is_duplicate for q in queries):,} with expected issues)",
        soft_wrap=True,
    )
    _warn_unknown_expected(issues, queries)
    _print_retrieval(retrieval_metrics(predictions), "fused (dense + lexical, as the bot matches)")
    if dense:
        _print_retrieval(retrieval_metrics(dense), "dense only (the cosine alone)")
    if not labelled:
        console.print('no query has "expected": nothing to score the hints against')
        return
    _print_flags(flag_metrics(predictions, threshold))
    rows = sweep(predictions, [*default_thresholds(), threshold])
    console.print(_sweep_table(rows, threshold))


def _warn_unknown_expected(issues: Sequence[Issue], queries: Sequence[Query]) -> None:
    """A typo in an expected id would only show as lower recall: say so."""
    known = {issue.id for issue in issues}
    unknown = list(dict.fromkeys(i for q in queries for i in q.expected or () if i not in known))
    if unknown:
        console.print(
            f"[yellow]warning[/] {len(unknown):,} expected ids are not among the issues, "
            f'e.g. {escape(repr(unknown[0]))} (ids are compared as given: 7 is not "7")',
            soft_wrap=True,
        )


def _print_retrieval(metrics: RetrievalMetrics | None, how: str) -> None:
    if metrics is None:
        console.print("no query has expected issues: no recall@k or MRR")
        return
    recalls = "  ".join(f"recall@{k} {metrics.recall[k]:.3f}" for k in RECALL_AT)
    console.print(
        f"retrieval over {metrics.queries:,} queries, {how}: {recalls}  MRR {metrics.mrr:.3f}",
        soft_wrap=True,
    )


def _print_flags(m: FlagMetrics) -> None:
    console.print(
        f"hints at threshold {m.threshold:.2f}: {m.flagged:,} flagged, "
        f"precision {_ratio(m.precision)} ({m.correct:,}/{m.flagged:,}), "
        f"recall {_ratio(m.recall)} ({m.correct:,}/{m.duplicates:,})"
        + (
            f"; flagged {m.false_on_non_duplicates:,} of {m.non_duplicates:,} queries "
            "that expect no issue"
            if m.non_duplicates
            else ""
        ),
        highlight=False,
        soft_wrap=True,
    )


def _sweep_table(rows: Sequence[FlagMetrics], current: float) -> Table:
    columns = ["threshold", "flagged", "precision", "recall", "F1"]
    with_non = any(r.non_duplicates for r in rows)
    if with_non:
        columns.append("no-issue flag rate")
    table = Table(*columns, title="hints by threshold", title_justify="left")
    for r in rows:
        cells = [
            f"{r.threshold:.2f}" + (" *" if abs(r.threshold - current) < 1e-9 else ""),
            f"{r.flagged:,}",
            _ratio(r.precision),
            _ratio(r.recall),
            _ratio(r.f1),
        ]
        if with_non:
            cells.append(_ratio(r.non_duplicate_flag_rate))
        table.add_row(*cells)
    return table


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
