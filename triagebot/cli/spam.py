"""``triagebot spam report``: decide on evidence whether to let the bot act by itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click
from rich.console import Console

from triagebot.cli import tables
from triagebot.cli.numbers import DAYS
from triagebot.core.spam.incidents import SpamReport
from triagebot.store.spam import spam_report
from triagebot.triage.compose import App

console = Console()


@click.group()
def spam() -> None:
    """Spam incidents: what was flagged and what moderators did."""


@spam.command()
@click.option(
    "--days", type=DAYS, default=30, show_default=True, help="The period: the last N days."
)
@click.pass_obj
def report(app: App, days: int) -> None:
    """Flags raised, confirmed and dismissed, and what automatic deletion would have done.

    The agreement rate is the share of incidents at or above SPAM_AUTO_DELETE_THRESHOLD
    that moderators, when they judged them, also judged spam.
    """
    until = datetime.now(UTC)
    since = until - timedelta(days=days)
    threshold = app.settings.spam.auto_delete_threshold
    with app.sessions() as session:
        print_spam_report(spam_report(session, since, until, threshold), days, threshold)


def print_spam_report(r: SpamReport, days: int, threshold: float) -> None:
    table = tables.table(f"spam, last {days} days", tables.words(""), tables.number("incidents"))
    table.add_row("flagged", str(r.raised))
    table.add_row("confirmed by moderators (deleted / timed out)", str(r.confirmed))
    table.add_row("dismissed (not spam)", str(r.dismissed))
    table.add_row("still open", str(r.still_open))
    table.add_row(
        f"automatic deletion (score ≥ {threshold:.2f}) would have removed", str(r.auto_would_delete)
    )
    agreement = "no verdicts yet" if r.agreement is None else f"{r.agreement:.0%}"
    table.add_row("  … moderators agreed", f"{r.auto_agreed} ({agreement})")
    table.add_row("  … moderators disagreed", str(r.auto_disagreed))
    console.print(table)


def print_incidents(app: App, limit: int = 10) -> None:
    """The first incidents, one line each (for the demo)."""
    views = app.moderation().newest(limit)
    if not views:
        console.print("no spam flagged")
        return
    table = tables.table(
        "spam flags (one per incident)",
        *map(tables.number, ("copies", "authors", "channels", "score")),
        tables.words("text"),
        tables.words("why"),
    )
    for v in views:
        table.add_row(
            str(len(v.copies)),
            str(len(v.authors)),
            str(len(v.channels)),
            f"{v.score:.2f}",
            tables.plain(v.text),
            tables.plain("; ".join(v.reasons[:2])),
        )
    console.print(table)
