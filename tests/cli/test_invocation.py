"""Hints name a command that runs this installation from where the user stands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from triagebot.cli.invocation import command_for, current_command


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    """A virtual environment's bin folder with python and the triagebot script."""
    bin_folder = tmp_path / "project" / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    for name in ("python", "triagebot"):
        (bin_folder / name).write_text("#!/bin/sh\n")
    return bin_folder


def test_the_script_relative_to_the_project_folder(venv: Path) -> None:
    script, python = str(venv / "triagebot"), str(venv / "python")
    project = venv.parents[1]
    assert command_for(script, python, project, None) == ".venv/bin/triagebot"


def test_an_absolute_path_from_outside_the_project(venv: Path, tmp_path: Path) -> None:
    script, python = str(venv / "triagebot"), str(venv / "python")
    elsewhere = tmp_path / "notes"
    elsewhere.mkdir()
    assert command_for(script, python, elsewhere, None) == script


def test_from_inside_the_bin_folder_the_script_is_not_left_to_the_path(venv: Path) -> None:
    assert command_for(str(venv / "triagebot"), str(venv / "python"), venv, None) == (
        f".{os.sep}triagebot"
    )


def test_the_bare_name_when_the_path_finds_this_very_script(venv: Path) -> None:
    script = str(venv / "triagebot")
    assert command_for(script, str(venv / "python"), venv.parents[1], script) == "triagebot"


def test_not_the_bare_name_when_the_path_finds_another_installation(
    venv: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere" / "triagebot"
    other.parent.mkdir()
    other.write_text("#!/bin/sh\n")
    script, project = str(venv / "triagebot"), venv.parents[1]
    assert command_for(script, str(venv / "python"), project, str(other)) == ".venv/bin/triagebot"


def test_python_dash_m_finds_the_script_beside_its_interpreter(venv: Path) -> None:
    main = "/somewhere/triagebot/__main__.py"
    assert command_for(main, str(venv / "python"), venv.parents[1], None) == ".venv/bin/triagebot"


def test_python_dash_m_without_a_script(tmp_path: Path) -> None:
    python = tmp_path / "py" / "python3"
    python.parent.mkdir()
    python.write_text("")
    main = "/somewhere/triagebot/__main__.py"
    assert command_for(main, str(python), tmp_path, None) == "py/python3 -m triagebot"


def test_this_process_gets_a_command_that_names_triagebot() -> None:
    assert "triagebot" in current_command()
    assert sys.executable  # the fallback always has an interpreter to name
