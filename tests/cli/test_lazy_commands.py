"""The command line imports a command only when it is used, and says the same as before."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from triagebot.cli.command_table import COMMANDS
from triagebot.cli.lazy import LazyCommand, LazyCommands, LazyGroup
from triagebot.cli.main import cli

UNLIMITED = sys.maxsize


@pytest.mark.parametrize("name", COMMANDS)
def test_the_listing_line_is_the_commands_own_short_help(name: str) -> None:
    entry = COMMANDS[name]
    assert entry.short_help == entry.load().get_short_help_str(UNLIMITED)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_reachable_under_its_own_name(name: str) -> None:
    assert COMMANDS[name].load().name == name
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name} " in result.output


def test_the_listing_is_what_click_prints_with_every_command_imported() -> None:
    def listing(group: click.Group) -> str:
        with click.Context(group, info_name="triagebot", terminal_width=80) as ctx:
            return group.get_help(ctx).split("Commands:")[1]

    lazy = LazyGroup("triagebot", known=COMMANDS)
    eager = click.Group("triagebot", commands={n: e.load() for n, e in COMMANDS.items()})
    assert listing(lazy) == listing(eager)
    assert listing(lazy).count("\n  ") == len(COMMANDS)


def test_eval_has_its_subcommands_when_imported_on_demand() -> None:
    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0, result.output
    for sub in ("duplicates", "problems", "spam"):
        assert f"\n  {sub} " in result.output


# Run in a fresh interpreter: this test process has imported every command already.
_IMPORTS_AFTER = """
import sys
from triagebot.cli import main
try:
    main([{argument!r}])
except SystemExit:
    pass
heavy = ("triagebot.triage", "triagebot.store", "discord", "openai", "github", "torch", "rich")
print("imported:", *sorted(m for m in sys.modules if m.startswith(heavy)))
"""


@pytest.mark.parametrize("argument", ["--help", "--version"])
def test_help_and_version_import_no_command(argument: str) -> None:
    code = _IMPORTS_AFTER.format(argument=argument)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    *_, imported = done.stdout.strip().splitlines()
    assert imported == "imported:"


def test_a_known_name_is_listed_without_importing_it() -> None:
    commands = LazyCommands({"ghost": LazyCommand("tests.cli.no_such_module:ghost", "Boo.")})
    assert "ghost" in commands and list(commands) == ["ghost"] and len(commands) == 1
    assert commands.short_help("ghost", 40) == "Boo."
    with pytest.raises(ModuleNotFoundError):
        commands["ghost"]


def test_added_commands_sit_beside_the_known_ones_and_can_be_removed() -> None:
    commands = LazyCommands({"ghost": LazyCommand("tests.cli.no_such_module:ghost", "Boo.")})
    extra = click.Command("extra", help="Something extra. More words.")
    commands["extra"] = extra
    assert list(commands) == ["ghost", "extra"] and commands["extra"] is extra
    assert commands.short_help("extra", 40) == "Something extra."
    del commands["ghost"]
    assert "ghost" not in commands and list(commands) == ["extra"]


def test_a_target_that_is_not_a_command_is_refused() -> None:
    with pytest.raises(TypeError, match="not a click command"):
        LazyCommand("triagebot.cli.command_table:COMMANDS", "").load()
