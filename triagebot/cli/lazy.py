"""A click group that imports a command's module only when that command is used.

The commands import the whole product (discord.py, the language-model client, the
tracker, the store); imported up front, ``triagebot --help`` and ``--version`` took
seconds. Here each command is known by name, by where it lives ("module:attribute")
and by its one-line help, so the group's listing needs no import at all, and running
a command (or asking for its own ``--help``) imports just that command's module.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (``"package.module:attribute"``) and its one-line help,
    the text of ``get_short_help_str`` (a test keeps the two the same)."""

    target: str
    short_help: str

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands: the known names, each imported on first access.

    Asking which names exist (``in``, iteration) imports nothing; reading a command
    imports its module. Commands added the usual way (``add_command``) sit beside them.
    """

    def __init__(self, known: Mapping[str, LazyCommand]) -> None:
        self.known = dict(known)
        self._loaded: dict[str, click.Command] = {}

    def short_help(self, name: str, limit: int) -> str:
        """The listing's line for ``name``, imported only if it already was."""
        if name in self._loaded or name not in self.known:
            return self[name].get_short_help_str(limit)
        # Shortened the way click shortens a docstring, which is what it stands for.
        return click.Command(name, help=self.known[name].short_help).get_short_help_str(limit)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            if name not in self.known:
                raise KeyError(name)
            self._loaded[name] = self.known[name].load()
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self.known.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.known
        yield from (name for name in self._loaded if name not in self.known)

    def __len__(self) -> int:
        return len(self.known.keys() | self._loaded.keys())

    def __contains__(self, name: object) -> bool:
        return name in self.known or name in self._loaded


class LazyGroup(click.Group):
    """A group over ``LazyCommands``: its ``--help`` lists them without importing any."""

    commands: LazyCommands

    def __init__(
        self, name: str | None = None, *, known: Mapping[str, LazyCommand], **kwargs: Any
    ) -> None:
        super().__init__(name, **kwargs)
        self.commands = LazyCommands(known)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self.commands.short_help(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
