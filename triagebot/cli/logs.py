"""Logging for the command line: rich lines on a terminal, whole lines in a log file.

``-v`` shows what triagebot does, ``-vv`` everything, libraries included. A few
library notices are dropped at every level because they concern features the bot
does not use (see ``NotOurBusiness``).
"""

from __future__ import annotations

import logging

from rich.console import Console, ConsoleRenderable
from rich.logging import RichHandler
from rich.table import Table
from rich.traceback import Traceback

# Wider than any log line: off a terminal (a pipe, journald, a file) lines must not be
# cut into 80-column pieces, or grep and the journal see half a message.
UNWRAPPED = 100_000


class NotOurBusiness(logging.Filter):
    """discord.py warns on every start that voice will not work without PyNaCl or
    davey; the bot joins no voice channel, so the warning only worries people."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.name == "discord.client" and "voice will NOT be supported" in str(record.msg)
        )


class LogHandler(RichHandler):
    """RichHandler, except that off a terminal a line is as long as its message: the
    rendered row then neither wraps nor is padded out to the console's width."""

    def render(
        self,
        *,
        record: logging.LogRecord,
        traceback: Traceback | None,
        message_renderable: ConsoleRenderable,
    ) -> ConsoleRenderable:
        row = super().render(
            record=record,
            traceback=traceback,
            message_renderable=message_renderable,
        )
        if isinstance(row, Table) and not self.console.is_terminal:
            row.expand = False
        return row


def log_console() -> Console:
    """stderr, as wide as the terminal, or unlimited when it is not one."""
    console = Console(stderr=True)
    return console if console.is_terminal else Console(stderr=True, width=UNWRAPPED)


def configure_logging(verbose: int, console: Console | None = None) -> None:
    level = logging.WARNING - 10 * verbose
    handler = LogHandler(console=console or log_console(), show_path=False, rich_tracebacks=False)
    handler.addFilter(NotOurBusiness())
    logging.basicConfig(
        level=max(level, logging.DEBUG), handlers=[handler], format="%(message)s", force=True
    )
    logging.getLogger("discord").setLevel(max(level, logging.INFO) if verbose else logging.WARNING)
