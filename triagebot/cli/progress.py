"""The one progress-bar style of the command line: on stderr, gone when done."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_bar(prefix: str = "") -> Progress:
    """Long work shows a bar on stderr, so stdout stays clean for reports and pipes."""
    return Progress(
        TextColumn(f"[bold]{prefix}{{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
