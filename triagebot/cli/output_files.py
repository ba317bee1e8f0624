"""Files the commands write (``report --html``, ``eval --out``): checked before the
work starts, written whole or not at all.

A report can take a while to compute; a mistyped folder should cost a second, not the
computation followed by a traceback. And a page cut short by a full disk must not
replace a good one, so the text goes to a temporary file beside the target first.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from triagebot.errors import OutputFileError


def check_writable(path: Path) -> None:
    """Fail now, with one line, when ``path`` cannot be written where it is."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise OutputFileError(str(path), f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputFileError(str(path), f"{folder} is not a folder")
    if path.is_dir():
        raise OutputFileError(str(path), "is a folder; name a file in it")
    if not os.access(folder, os.W_OK):
        raise OutputFileError(str(path), f"the folder {folder} is not writable")


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: the old file stays until the new one is
    complete, and a failed write leaves no partial file behind."""
    check_writable(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        # mkstemp makes the file private; a report is as readable as any other file.
        os.chmod(temporary, path.stat().st_mode if path.exists() else 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputFileError(str(path), f"cannot write: {exc.strerror or exc}") from None
