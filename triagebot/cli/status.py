"""``triagebot status``: is the bot actually doing its job, seen from outside it.

Reads the heartbeats every bot process writes, the repositories' last syncs and the
last posted digest, and judges them with the same checks the bot uses for its
moderator warning. Meant for people and for scripts (``--json``, the exit status).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from triagebot.cli import tables
from triagebot.core.health import Check, Level, Status, assess, duration, status_json
from triagebot.errors import StoreError
from triagebot.store.health import observe
from triagebot.triage.compose import App

console = Console()
STYLE = {Level.OK: "green", Level.WARN: "yellow", Level.FAIL: "bold red"}


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_obj
def status(app: App, as_json: bool) -> None:
    """How the running bot is doing: per process the last event, the last stored batch,
    the lag (now minus the last event), queue depth and errors; the last issue sync and
    its failures in a row; the last digest; and the checks behind the verdict.

    \b
    Exit status:
      0  ok
      1  warn (e.g. no bot process has reported yet, syncs failing, digest late)
      2  fail (ingestion stalled, gateway down, a process gone, database unreadable)
    """
    now = datetime.now(UTC)
    result = _status(app, now)
    if as_json:
        click.echo(json.dumps(status_json(result), indent=2))
    else:
        print_status(result)
    if result.level is not Level.OK:
        sys.exit(int(result.level))


def _status(app: App, now: datetime) -> Status:
    features = app.health_features()
    try:
        with app.sessions() as session:
            seen = observe(session, now, features.digest)
    except StoreError as exc:  # unreachable while migrating; the message says where
        return _unreadable(now, str(exc))
    except (SQLAlchemyError, OSError) as exc:
        cause = getattr(exc, "orig", None) or exc
        return _unreadable(now, f"cannot read the database: {type(cause).__name__}: {cause}")
    return assess(seen, features.limits)


def _unreadable(now: datetime, reason: str) -> Status:
    check = Check("database", Level.FAIL, " ".join(reason.split())[:300])
    return Status(now, (check,), (), (), None, None)


def print_status(result: Status) -> None:
    now = result.now
    level = result.level
    console.print(
        f"triagebot status: [{STYLE[level]}]{level.label}[/] (as of {now:%Y-%m-%d %H:%M:%S} UTC)"
    )
    if result.processes:
        console.print(_processes(result))
    console.print(_checks(result))
    sync = result.sync
    if sync is not None:
        tried = _ago(sync.last_attempt_at, now)
        line = f"issue sync: last tried {tried}, {sync.failures} failure(s) in a row"
        error = f"; last error: {sync.last_error}" if sync.last_error else ""
        console.print(escape(line + error))
    for repo in result.repos:
        error = f" — {repo.last_error}" if repo.last_error else ""
        console.print(escape(f"  {repo.repo}: synced {_ago(repo.last_sync_at, now)}{error}"))
    digest = result.last_digest
    shown = f"{digest.day}, posted {_ago(digest.posted_at, now)}" if digest else "none posted yet"
    console.print(f"last digest: {shown}")


def _processes(result: Status) -> Table:
    table = tables.table(
        "bot processes",
        tables.words("process"),
        "state",
        "last event",
        "last batch",
        "lag",
        tables.number("queue"),
        tables.words("errors"),
        "gateway",
        "last beat",
        compact=True,
    )
    now = result.now
    for view in result.processes:
        beat = view.heartbeat
        gateway = beat.gateway
        if gateway is None:
            link = "–"
        else:
            link = "connected" if gateway.connected else f"down {_ago(gateway.since, now)}"
        name = beat.process + (f" [{beat.shards}]" if beat.shards else "")
        errors = str(beat.errors) + (f" ({beat.last_error})" if beat.last_error else "")
        table.add_row(
            escape(name),
            view.state,
            _ago(beat.last_event_at, now),
            _ago(beat.last_batch_at, now),
            duration(view.lag) if view.lag is not None else "–",
            str(beat.queue_depth),
            tables.plain(errors),
            link,
            _ago(beat.beat_at, now),
        )
    return table


def _checks(result: Status) -> Table:
    table = tables.table(
        "checks", "", tables.words("check"), tables.words("process"), tables.prose("reason")
    )
    for check in result.checks:
        table.add_row(
            f"[{STYLE[check.level]}]{check.level.label}[/]",
            check.name,
            escape(check.process or ""),
            tables.plain(check.reason),
        )
    return table


def _ago(at: datetime | None, now: datetime) -> str:
    return f"{duration(now - at)} ago" if at is not None else "never"
