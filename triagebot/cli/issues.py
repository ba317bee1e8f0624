"""Commands about GitHub issues: sync, load, demand."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.table import Table

from triagebot.cli import tables
from triagebot.cli.database_files import creates_database
from triagebot.cli.numbers import ROWS
from triagebot.core.demand import Demand, Hint
from triagebot.errors import NothingLoadedError
from triagebot.tracker.issue_file import IssueFile, read_issue_file
from triagebot.triage.compose import App
from triagebot.triage.issue_sync import IssueSync, SyncReport
from triagebot.triage.issues import store_and_embed

console = Console()


@creates_database
@click.command()
@click.pass_obj
def sync(app: App) -> None:
    """Sync the issues of GITHUB_REPOS now (incremental; an idle repo costs one 304).

    One line per repository; exit status 1 when any of them failed (GitHub could not
    be reached, or answered with an error): run it again later, it resumes.
    """
    repos = app.settings.github.repos
    if not repos:
        raise click.UsageError("GITHUB_REPOS is empty: name the repositories to sync")
    with _said_once(IssueSync.__module__):
        reports = app.issue_sync().sync_all()
    for report in reports:
        print_sync_report(report)
    if any(r.error for r in reports):
        raise SystemExit(1)


@contextmanager
def _said_once(logger: str) -> Iterator[None]:
    """The sync logs each failure for the bot's log; here the report printed after it
    says the same, so the warning is left for ``-v``."""
    sync_log = logging.getLogger(logger)
    before = sync_log.level
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        sync_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        sync_log.setLevel(before)


def print_sync_report(r: SyncReport) -> None:
    if r.error:
        console.print(
            f"[red]{r.repo}[/]: {r.error}; nothing lost, the next sync resumes",
            highlight=False,
            soft_wrap=True,
        )
    elif r.not_modified:
        console.print(f"{r.repo}: unchanged ({r.requests} conditional request, 304)")
    else:
        changed = f", {len(r.changes)} opened/closed" if r.changes else ""
        console.print(
            f"{r.repo}: {r.issues} issues updated in {r.requests} request(s)"
            f"{changed} ({r.seconds:.1f}s)"
        )


@click.group()
def issues() -> None:
    """Issues: load them from a file, see which ones the community hits most."""


@creates_database
@issues.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--repo",
    metavar="OWNER/NAME",
    help="Repository of the issues (default: read from each issue's repository_url).",
)
@click.pass_obj
def load(app: App, file: Path, repo: str | None) -> None:
    """Load a JSON array of issues in the GitHub REST shape (GET /repos/{o}/{r}/issues).

    Pull requests in the file are skipped. Loading the same file twice changes nothing.
    A file with no usable issue stops with the reason (exit status 1), storing nothing.
    """
    read = read_issue_file(file, repo=repo)
    if not read.issues:
        raise NothingLoadedError(f"loaded no issues from {file}: {_why_none(read)}")
    with app.sessions() as session, session.begin():
        store_and_embed(session, read.issues, app.embedder, app.settings.matching.issue_body_chars)
    open_count = sum(1 for i in read.issues if i.is_open)
    console.print(
        f"loaded {len(read.issues)} issues ({open_count} open) from {file}"
        + (f", skipped {read.pull_requests} pull requests" if read.pull_requests else "")
    )
    for problem in read.problems[:20]:
        console.print(f"[yellow]skipped[/] {problem}", highlight=False)
    if len(read.problems) > 20:
        console.print(f"[yellow]… and {len(read.problems) - 20} more skipped items[/]")
    if read.without_repo:
        console.print(f"{read.without_repo} item(s) name no repository: {_NAME_IT}")


_NAME_IT = "pass --repo OWNER/NAME (or include each issue's repository_url)"


def _why_none(read: IssueFile) -> str:
    """Why a file gave no issue, in the words that lead to the fix."""
    if not read.items:
        return "the file is an empty array"
    if read.without_repo:
        return f"{read.without_repo} of {read.items} items name no repository: {_NAME_IT}"
    if read.pull_requests == read.items:
        return f"all {read.items} items are pull requests"
    more = f" ({len(read.problems) - 1} more like it)" if len(read.problems) > 1 else ""
    return f"no item is a usable issue, e.g. {read.problems[0]}{more}"


@issues.command("demand")
@click.option("--limit", type=ROWS, default=10, show_default=True, help="How many issues.")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The last day of the window (default: today in DIGEST_TIMEZONE).",
)
@click.pass_obj
def demand_command(app: App, limit: int, day: datetime | None) -> None:
    """Issues ranked by how many people reported them in the digest's window
    (DIGEST_WINDOW_DAYS): the same people the digest counts."""
    print_demand(app.digests().demand(_day(app, day), limit=limit))


def _day(app: App, day: datetime | None) -> date:
    return day.date() if day else datetime.now(ZoneInfo(app.settings.digest.timezone)).date()


def print_demand(rows: list[Demand]) -> None:
    if not rows:
        console.print("no message matched an open issue yet")
        return
    console.print(demand_table(rows))


def demand_table(rows: list[Demand]) -> Table:
    table = tables.table(
        "demand per issue (people who reported it)",
        tables.words("issue", share=2),
        tables.number("people"),
        tables.number("messages"),
        tables.number("threads"),
        tables.number("channels"),
        tables.words("per day"),
    )
    for d in rows:
        days = " ".join(f"{day:%m-%d}:{n}" for day, n in sorted(d.per_day.items()))
        table.add_row(
            tables.plain(f"#{d.number} {d.title}"),
            str(d.people),
            str(d.messages),
            str(d.threads),
            str(d.channels),
            days,
        )
    return table


def print_hints(hints: list[Hint]) -> None:
    if not hints:
        console.print("no thread matched an open issue")
        return
    console.print(hints_table(hints))


def hints_table(hints: list[Hint]) -> Table:
    table = tables.table(
        "duplicate hints (one per thread; posted only in MATCH_HINT channels)",
        tables.words("thread"),
        tables.words("first message"),
        tables.words("looks like"),
        tables.number("score"),
    )
    for h in hints:
        table.add_row(
            tables.plain(h.place),
            tables.plain(h.excerpt),
            tables.plain(f"#{h.number} {h.title}"),
            f"{h.score:.2f}",
        )
    return table
