"""Entry point: global options, logging, and one clear line for every known error."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.logging import RichHandler

from triagebot import __version__
from triagebot.cli.check import check
from triagebot.cli.data import db, import_command, stats
from triagebot.cli.demo import demo
from triagebot.cli.digest import digest, report, usage
from triagebot.cli.evaluate import eval_group
from triagebot.cli.evaluate_problems import problems_command
from triagebot.cli.evaluate_spam import spam_command
from triagebot.cli.index import index_group
from triagebot.cli.issues import issues, sync
from triagebot.cli.privacy import forget, purge
from triagebot.cli.run import run
from triagebot.cli.spam import spam
from triagebot.cli.status import status
from triagebot.errors import TriageError
from triagebot.triage.compose import App


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="triagebot")
@click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read settings from this file instead of ./.env.",
)
@click.option("--db", "database_url", metavar="URL", help="Override DATABASE_URL.")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, env_file: Path | None, database_url: str | None, verbose: int) -> None:
    """triagebot: store, match and rank your Discord community's messages locally.

    Settings come from the environment and .env (see .env.example).
    """
    _configure_logging(verbose)
    app = App(env_file=env_file, database_url=database_url)
    ctx.obj = app
    ctx.call_on_close(app.close)


eval_group.add_command(spam_command)
eval_group.add_command(problems_command)
for command in (
    run,
    check,
    demo,
    import_command,
    stats,
    status,
    sync,
    issues,
    spam,
    digest,
    usage,
    report,
    forget,
    purge,
    index_group,
    eval_group,
    db,
):
    cli.add_command(command)


def _configure_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    handler = RichHandler(console=Console(stderr=True), show_path=False, rich_tracebacks=False)
    logging.basicConfig(
        level=max(level, logging.DEBUG), handlers=[handler], format="%(message)s", force=True
    )
    logging.getLogger("discord").setLevel(max(level, logging.INFO) if verbose else logging.WARNING)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; known errors print one line instead of a traceback.

    Exit status, the same for every command (``status`` adds its own meaning):
      0    done
      1    it ran, but what it was asked to do did not happen (a file that could not
           be imported, a sync that failed or could not reach GitHub, nothing loaded)
      2    it could not start on what it was given: usage, settings, a missing or
           unreadable file or database, a bad revision (``TriageError.exit_code``)
      130  interrupted
    """
    try:
        cli.main(args=argv, prog_name="triagebot", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except TriageError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
