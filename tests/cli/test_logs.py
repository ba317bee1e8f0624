"""The command line's log: whole lines off a terminal, no notices about unused features."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from rich.console import Console

from triagebot.cli.logs import configure_logging, log_console


@pytest.fixture(autouse=True)
def root_logger_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


def test_off_a_terminal_a_long_line_stays_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(0)  # stderr is captured here: not a terminal
    message = "stored a batch of 250 messages " + "from #help and #general " * 12 + "(end)"
    logging.getLogger("triagebot.test").warning(message)
    [line] = capsys.readouterr().err.splitlines()
    assert line.rstrip().endswith(message)
    assert "WARNING" in line and len(line) < len(message) + 40  # not padded to a width


def test_on_a_terminal_lines_fit_the_terminal() -> None:
    screen = io.StringIO()
    configure_logging(0, Console(file=screen, width=80, force_terminal=True, color_system=None))
    logging.getLogger("triagebot.test").warning("word " * 40)
    lines = screen.getvalue().splitlines()
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)


def test_the_console_is_unlimited_only_off_a_terminal() -> None:
    assert log_console().width > 10_000  # stderr is captured by pytest


def test_discord_voice_notices_are_dropped_and_other_warnings_kept() -> None:
    screen = io.StringIO()
    configure_logging(0, Console(file=screen, width=200))
    discord = logging.getLogger("discord.client")
    discord.warning("davey is not installed, voice will NOT be supported")
    discord.warning("PyNaCl is not installed, voice will NOT be supported")
    discord.warning("Shard ID None has stopped responding to the gateway.")
    said = screen.getvalue()
    assert "davey" not in said and "PyNaCl" not in said
    assert "stopped responding to the gateway" in said


def test_verbosity_sets_the_level() -> None:
    configure_logging(0, Console(file=io.StringIO()))
    assert logging.getLogger().level == logging.WARNING
    configure_logging(2, Console(file=io.StringIO()))
    assert logging.getLogger().level == logging.DEBUG
    assert logging.getLogger("discord").level == logging.INFO
