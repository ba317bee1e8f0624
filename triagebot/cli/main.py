"""Entry point: global options, logging, and one clear line for every known error."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from triagebot import __version__
from triagebot.cli.command_table import COMMANDS
from triagebot.cli.lazy import LazyGroup
from triagebot.errors import TriageError


@click.group(
    cls=LazyGroup,
    known=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    # Imported here, not above: ``--help`` and ``--version`` need neither.
    from triagebot.cli.logs import configure_logging
    from triagebot.triage.compose import App

    configure_logging(verbose)
    app = App(env_file=env_file, database_url=database_url)
    ctx.obj = app
    ctx.call_on_close(app.close)


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
