"""``triagebot forget`` and ``triagebot purge``: erasing text on request or by age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from triagebot.cli.numbers import DAYS, DISCORD_ID
from triagebot.index.editing import saved_index
from triagebot.store.privacy import forget_author, purge_text_before
from triagebot.triage.compose import App


@click.command()
@click.option(
    "--user",
    "user_id",
    type=DISCORD_ID,
    required=True,
    metavar="ID",
    help="The Discord user id of the person to forget.",
)
@click.pass_obj
def forget(app: App, user_id: int) -> None:
    """Erase everything a person wrote (their messages keep counting, without text)."""
    with saved_index(app.index_path) as index, app.sessions() as session, session.begin():
        erased = forget_author(session, user_id, index.remove if index else None)
    click.echo(
        f"forgot user {user_id}: erased the text of {erased.messages:,} messages "
        f"and {erased.vectors:,} vectors"
    )


@click.command()
@click.option(
    "--days",
    type=DAYS,
    default=None,
    help="Erase text older than this many days (default: DATABASE_RETENTION_DAYS).",
)
@click.pass_obj
def purge(app: App, days: int | None) -> None:
    """Erase message text older than the retention period; counts stay."""
    keep = app.settings.database.retention_days if days is None else days
    if keep <= 0:
        raise click.UsageError("no retention period: set DATABASE_RETENTION_DAYS or --days")
    cutoff = datetime.now(UTC) - timedelta(days=keep)
    with saved_index(app.index_path) as index, app.sessions() as session, session.begin():
        erased = purge_text_before(session, cutoff, index.remove if index else None)
    click.echo(
        f"erased the text of {erased.messages:,} messages older than {keep} days "
        f"and {erased.vectors:,} vectors"
    )
