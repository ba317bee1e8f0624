"""How to type "triagebot" here: the command that runs this very installation.

Installed in a virtual environment that is not activated, ``triagebot`` is not on the
PATH, and a hint that says "run triagebot …" then fails at once. So hints name what
works from the current folder: ``triagebot`` when that is this installation, else the
path of its script (relative when it lies below the current folder), else
``python -m triagebot``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

NAME = "triagebot"


def current_command() -> str:
    """The command for this process's installation, from the current folder."""
    return command_for(sys.argv[0], sys.executable, Path.cwd(), shutil.which(NAME))


def command_for(argv0: str, executable: str, cwd: Path, on_path: str | None) -> str:
    """The command for the installation that ``argv0`` and ``executable`` ran from."""
    script = _script(argv0, executable)
    if on_path is not None and (script is None or _same(Path(on_path), script)):
        return NAME
    if script is not None:
        return _shortest(script, cwd)
    return f"{_shortest(Path(executable), cwd)} -m {NAME}"


def _script(argv0: str, executable: str) -> Path | None:
    """The ``triagebot`` script that started this process, or the one beside its
    Python (``python -m triagebot`` from a virtual environment)."""
    for candidate in (Path(argv0), Path(executable).parent / NAME):
        if candidate.name == NAME and candidate.is_file():
            return candidate.absolute()
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _shortest(path: Path, cwd: Path) -> str:
    """``path`` as typed from ``cwd``: relative when it lies below ``cwd`` (with "./"
    when the shell would otherwise look the bare name up on the PATH), else absolute."""
    absolute = str(path.absolute())
    relative = os.path.relpath(absolute, cwd)
    if relative.startswith(os.pardir):
        return absolute
    return relative if os.sep in relative else f".{os.sep}{relative}"
