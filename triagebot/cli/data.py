"""Commands over stored data: import, stats, db."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from sqlalchemy import Engine

from triagebot.cli import tables
from triagebot.cli.database_files import creates_database
from triagebot.cli.progress import progress_bar
from triagebot.intake.exporter import find_exports
from triagebot.store import migrate
from triagebot.store.engine import make_engine
from triagebot.store.stats import StoreStats, store_stats
from triagebot.triage.compose import App
from triagebot.triage.importing import ImportReport, import_exports

console = Console()


@creates_database
@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def import_command(app: App, paths: tuple[Path, ...]) -> None:
    """Import DiscordChatExporter JSON exports (files or folders).

    Idempotent: importing the same export twice stores each message once. A broken
    file is reported by name and skipped; the valid files and messages are kept.
    """
    files = find_exports(paths)
    if not files:
        raise click.UsageError("no .json files found in the given paths")
    report = run_import(app, files)
    print_import_report(report)
    if report.failed_files:
        raise SystemExit(1)


def run_import(app: App, files: list[Path], *, label: str = "importing") -> ImportReport:
    """Import with two progress bars: reading the files, then storing the messages."""
    pipeline = app.pipeline()
    with progress_bar() as progress:
        reading = progress.add_task(f"{label}: reading files", total=len(files))
        storing = progress.add_task(f"{label}: storing messages", total=None)
        read = 0

        def file_read(_path: Path, count: int) -> None:
            nonlocal read
            read += count
            progress.update(reading, advance=1)
            progress.update(storing, total=read)

        def stored(count: int) -> None:
            progress.update(storing, advance=count)

        return import_exports(pipeline, files, on_file_read=file_read, on_stored=stored)


def print_import_report(report: ImportReport) -> None:
    s = report.stored
    console.print(
        f"read {report.messages:,} messages from {report.files} file(s) in "
        f"{report.seconds:.2f}s ({report.rate:,.0f} msg/s): "
        f"{len(s.inserted):,} new, {len(s.updated):,} already stored"
        + (f", {s.ignored_deleted} deleted earlier (kept deleted)" if s.ignored_deleted else "")
    )
    for problem in report.problems[:20]:
        console.print(f"[yellow]skipped[/] {problem}", markup=True, highlight=False)
    if len(report.problems) > 20:
        console.print(f"[yellow]… and {len(report.problems) - 20} more skipped messages[/]")
    for failure in report.failed_files:
        console.print(f"[red]error[/] {failure}", highlight=False)


@click.command()
@click.pass_obj
def stats(app: App) -> None:
    """Messages, channels, authors and per-day counts of what is stored."""
    with app.sessions() as session:
        print_stats(store_stats(session))


def print_stats(st: StoreStats) -> None:
    console.print(
        f"[bold]{st.messages:,}[/] messages ({st.edited:,} edited, {st.deleted:,} deleted) in "
        f"{st.channels} channels and {st.threads} threads of {st.guilds} server(s), "
        f"from {st.authors:,} authors"
    )
    if st.first and st.last:
        console.print(f"from {st.first:%Y-%m-%d %H:%M} to {st.last:%Y-%m-%d %H:%M} UTC")
    if st.per_day:
        table = tables.table("per day", "day", tables.number("messages"))
        for day, n in st.per_day:
            table.add_row(day.isoformat(), f"{n:,}")
        console.print(table)
    if st.per_channel:
        table = tables.table("busiest channels", tables.words("channel"), tables.number("messages"))
        for name, n in st.per_channel:
            table.add_row(tables.plain(f"#{name}"), f"{n:,}")
        console.print(table)


@click.group()
def db() -> None:
    """Database schema: upgrade, downgrade, current revision, the list of revisions."""


@creates_database
@db.command()
@click.option(
    "--revision",
    default="head",
    show_default=True,
    help="A revision id (see 'db history'), 'head', or a step such as '+1'.",
)
@click.pass_obj
def upgrade(app: App, revision: str) -> None:
    """Apply migrations up to REVISION."""
    engine = _raw_engine(app)
    migrate.upgrade(engine, revision)
    console.print(f"database at revision {migrate.current_revision(engine)}")


@db.command()
@click.argument("revision")
@click.pass_obj
def downgrade(app: App, revision: str) -> None:
    """Revert migrations down to REVISION ("base" removes every table; "-1" undoes the
    newest one; ``triagebot db history`` lists them)."""
    engine = _raw_engine(app)
    migrate.downgrade(engine, revision)
    console.print(f"database at revision {migrate.current_revision(engine) or 'base'}")


@db.command()
@click.pass_obj
def current(app: App) -> None:
    """Show the database's revision and the newest one available."""
    engine = _raw_engine(app)
    console.print(
        f"database: {migrate.current_revision(engine) or 'empty'}; "
        f"newest: {migrate.head_revision()}"
    )


@db.command()
def history() -> None:
    """List the revisions this version ships, newest first (no database needed)."""
    for number, (revision, doc) in enumerate(migrate.revisions()):
        newest = "  (head)" if number == 0 else ""
        console.print(f"{revision}  {doc}{newest}", highlight=False)


def _raw_engine(app: App) -> Engine:
    """The engine without automatic migration: these commands manage the schema."""
    return make_engine(app.settings.database.url, must_exist=not app.creates_database)
