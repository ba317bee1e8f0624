"""Which commands may create a SQLite database file, and which refuse a missing one.

The rule: a command that stores what it is given (``run``, ``import``, ``issues load``,
``sync``, ``demo``) or whose job is the schema itself (``db upgrade``) creates the file
when it is not there. Every other command only reads or edits what is stored
(``stats``, ``status``, ``digest``, ``report``, ``usage``, ``spam report``, ``forget``,
``purge``, ``index``, ``issues demand``, ``db current``, ``db downgrade``): pointed at
a file that does not exist it stops with one line naming the file, because the only
likely cause is a mistyped ``--db`` or ``DATABASE_URL``, and answering "0 messages"
from a new empty database would hide it.

Commands opt in with ``@creates_database`` (over ``@click.command``); in-memory
SQLite and PostgreSQL are never affected.
"""

from __future__ import annotations

import functools
from typing import Any

import click

_CREATING: list[click.Command] = []


def creates_database(command: click.Command) -> click.Command:
    """Mark ``command`` as one that creates its SQLite file when it is missing."""
    callback = command.callback
    if callback is None:
        raise TypeError(f"{command.name} has no callback to mark")

    @functools.wraps(callback)
    def creating(*args: Any, **kwargs: Any) -> Any:
        app = click.get_current_context().obj
        if app is not None:
            app.creates_database = True
        return callback(*args, **kwargs)

    command.callback = creating
    _CREATING.append(command)
    return command


def is_creating(command: click.Command) -> bool:
    """Whether ``command`` was marked with ``@creates_database``."""
    return any(command is marked for marked in _CREATING)
