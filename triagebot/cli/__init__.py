"""The ``triagebot`` command line."""

from triagebot.cli.main import cli, main

__all__ = ["cli", "main"]
