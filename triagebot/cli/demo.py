"""``triagebot demo``: the whole product, offline, on the bundled sample community."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from triagebot.bot.digest_text import render
from triagebot.cli.data import print_import_report, print_stats, run_import
from triagebot.cli.database_files import creates_database
from triagebot.cli.digest import write_report
from triagebot.cli.discord_text import terminal_text
from triagebot.cli.invocation import current_command
from triagebot.cli.issues import print_demand, print_hints
from triagebot.cli.spam import print_incidents
from triagebot.core.digest import Digest
from triagebot.demo import export_files, issues_file
from triagebot.store.hints_shown import first_match_per_thread
from triagebot.store.stats import store_stats
from triagebot.tracker.issue_file import read_issue_file
from triagebot.triage.compose import App
from triagebot.triage.issues import store_and_embed

console = Console()


@creates_database
@click.command()
@click.option(
    "--db-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("triagebot-demo.db"),
    show_default=True,
    help="SQLite file to create (replaced if it exists).",
)
@click.pass_context
def demo(ctx: click.Context, db_file: Path) -> None:
    """Replay the bundled sample community into a fresh SQLite file and show the result.

    Needs no token and no network.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    app = App(env_file=ctx.obj.env_file, database_url=f"sqlite:///{db_file}", creates_database=True)
    ctx.call_on_close(app.close)
    console.rule("[bold]triagebot demo: the Lumen community")
    _load_issues(app)
    files = export_files()
    console.print(f"replaying {len(files)} channel exports into {db_file}")
    print_import_report(run_import(app, files, label="replaying"))
    console.print("replaying the same exports again (nothing new may be stored):")
    print_import_report(run_import(app, files, label="replaying again"))
    console.rule("[bold]what is stored")
    with app.sessions() as session:
        stats = store_stats(session)
        print_stats(stats)
        hints = first_match_per_thread(session)
    console.rule("[bold]open issues the community keeps hitting")
    last = app.digests().report(stats.last.date()) if stats.last is not None else None
    if last is not None:
        print_demand(last[1])
    print_hints(hints)
    console.rule("[bold]spam the moderators would see")
    print_incidents(app)
    if stats.first is None or last is None:
        return
    _digests(app, stats.first.date(), last[0])
    console.rule("[bold]the report, for a browser")
    write_report(app, report_file(db_file), *last)
    command = current_command()
    console.print(f"\nexplore it: {command} --db sqlite:///{db_file} stats", highlight=False)
    console.print(f"open the report: {report_file(db_file)}", highlight=False)


def report_file(db_file: Path) -> Path:
    """The HTML report beside the database: ``demo.db`` → ``demo.html``."""
    return db_file.with_suffix(".html")


def _digests(app: App, first: date, result: Digest) -> None:
    """Each day's top items in a line each; the last day's digest as it is posted."""
    digests, last = app.digests(), result.day
    day = first
    while day < last:
        console.rule(f"[bold]the digest for {day:%A %d %B}, in short")
        for item in digests.compute(day).items:
            shown = f"{item.rank}. {escape(item.title)}  [dim]({escape(item.why)})[/]"
            console.print(shown, highlight=False)
        day += timedelta(days=1)
    console.rule(f"[bold]the maintainers' digest for {last:%A %d %B}")
    console.print(terminal_text(render(result)), soft_wrap=True)
    console.print(f"[dim]summaries: {result.summaries} ({result.summaries_note})[/]")


def _load_issues(app: App) -> None:
    read = read_issue_file(issues_file())
    with app.sessions() as session, session.begin():
        store_and_embed(session, read.issues, app.embedder, app.settings.matching.issue_body_chars)
    opened = sum(1 for i in read.issues if i.is_open)
    console.print(f"loaded {len(read.issues)} issues of the project ({opened} open)")
