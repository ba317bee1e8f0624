"""``triagebot digest`` and ``triagebot usage``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.table import Table

from triagebot.cli.app import App
from triagebot.digest.build import DigestRequest, build_digest
from triagebot.digest.model import Digest
from triagebot.digest.render import render
from triagebot.store.digests import feedback_since, previous_keys, save_digest
from triagebot.store.llm import usage_by_day

console = Console()


@click.command()
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day to digest (default: today in DIGEST_TIMEZONE).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the items as JSON.")
@click.option("--dry-run", is_flag=True, help="Show the digest without storing it.")
@click.pass_obj
def digest(app: App, day: datetime | None, as_json: bool, dry_run: bool) -> None:
    """The day's top items for maintainers, with counts, links and summaries.

    Only the summaries come from the language model (LLM_*); without one, or when it
    fails, they are quoted from the most central messages instead.
    """
    cfg = app.settings.digest
    the_day = day.date() if day else datetime.now(ZoneInfo(cfg.timezone)).date()
    result = compute(app, the_day)
    if not dry_run:
        with app.sessions() as session, session.begin():
            save_digest(session, result)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render(result))
        if result.summaries_note:
            console.print(f"[dim]summaries: {result.summaries} ({result.summaries_note})[/]")


def compute(app: App, day: date) -> Digest:
    cfg = app.settings.digest
    embedder = app.embedder
    with app.sessions() as session:
        feedback = feedback_since(session, datetime.now(UTC) - timedelta(days=30))
        previous = previous_keys(session, before=day)
    request = DigestRequest(
        day=day,
        timezone=cfg.timezone,
        window_days=cfg.window_days,
        items=cfg.items,
        model_id=embedder.model_id if embedder else "",
    )
    return build_digest(
        app.sessions,
        request,
        summariser=app.summariser(),
        feedback=feedback,
        previous_keys=previous,
    )


@click.command()
@click.option("--days", default=30, show_default=True)
@click.pass_obj
def usage(app: App, days: int) -> None:
    """Language-model tokens and cost per day, against reading every message."""
    since = datetime.now(UTC) - timedelta(days=days)
    with app.sessions() as session:
        rows = usage_by_day(session, since)
    table = Table(
        "day", "calls", "tokens in", "tokens out", "cost", title="LLM usage", title_justify="left"
    )
    for row in rows:
        table.add_row(
            str(row.day),
            str(row.calls),
            f"{row.input_tokens:,}",
            f"{row.output_tokens:,}",
            f"{row.cost:.4f}",
        )
    console.print(table if rows else "no language-model calls yet")
