"""``triagebot digest`` and ``triagebot usage``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.console import Console

from triagebot.bot.digest_text import render
from triagebot.cli import tables
from triagebot.cli.discord_text import terminal_text
from triagebot.cli.numbers import DAYS
from triagebot.cli.output_files import check_writable, write_whole
from triagebot.core.demand import Demand
from triagebot.core.digest import Digest
from triagebot.report.charts import Period
from triagebot.report.html import render_report
from triagebot.store.llm import usage_by_day
from triagebot.store.spam import incidents_per_day
from triagebot.store.stats import message_tokens_by_day
from triagebot.triage.compose import App

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
    digests = app.digests()
    result = digests.compute(the_day)
    if not dry_run:
        digests.save(result)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        console.print(terminal_text(render(result)), soft_wrap=True)
        if result.summaries_note:
            console.print(f"[dim]summaries: {result.summaries} ({result.summaries_note})[/]")


def compute(app: App, day: date) -> Digest:
    """The digest of ``day``, as the bot would post it (not stored)."""
    return app.digests().compute(day)


@click.command()
@click.option(
    "--days",
    type=DAYS,
    default=30,
    show_default=True,
    help="The period: the last N days.",
)
@click.pass_obj
def usage(app: App, days: int) -> None:
    """Language-model tokens and cost per day, against sending it every message."""
    since = datetime.now(UTC) - timedelta(days=days)
    with app.sessions() as session:
        calls = {row.day: row for row in usage_by_day(session, since.date())}
        everything = message_tokens_by_day(session, since)
    table = tables.table(
        "language-model usage",
        "day",
        *map(tables.number, ("calls", "tokens in", "tokens out", "cost", "every message")),
        tables.number("× fewer"),
    )
    for day in sorted(set(calls) | set(everything)):
        row = calls.get(day)
        spent = (row.input_tokens + row.output_tokens) if row else 0
        all_tokens = everything.get(day, 0)
        ratio = f"{all_tokens / spent:,.0f}" if spent else "—"
        table.add_row(
            str(day),
            str(row.calls if row else 0),
            f"{row.input_tokens if row else 0:,}",
            f"{row.output_tokens if row else 0:,}",
            f"{row.cost if row else 0:.4f}",
            f"{all_tokens:,}",
            ratio,
        )
    console.print(table)


@click.command()
@click.option(
    "--html",
    "html_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OUT.html",
    help="Where to write the page.",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The digest's day (default: today in DIGEST_TIMEZONE).",
)
@click.pass_obj
def report(app: App, html_path: Path, day: datetime | None) -> None:
    """Write a self-contained HTML page: the digest, demand per issue over time, topics
    without an issue, and spam over time."""
    check_writable(html_path)
    cfg = app.settings.digest
    the_day = day.date() if day else datetime.now(ZoneInfo(cfg.timezone)).date()
    result, demand = app.digests().report(the_day)
    write_report(app, html_path, result, demand)


def write_report(app: App, html_path: Path, result: Digest, demand: list[Demand]) -> None:
    """The page of ``result``, its charts over the digest's window (DIGEST_WINDOW_DAYS)."""
    day = result.day
    period = Period(day - timedelta(days=app.settings.digest.window_days - 1), day)
    with app.sessions() as session:
        spam = incidents_per_day(session, period.first)
    page = render_report(result, demand, spam, period)
    write_whole(html_path, page)
    console.print(f"wrote {html_path} ({len(page):,} bytes)")
