"""Importing export files through the pipeline, file by file, with a report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from triagebot.errors import ImportFileError
from triagebot.intake.exporter import read_export
from triagebot.pipeline import Pipeline
from triagebot.store.messages import StoreOutcome

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    files: int = 0
    messages: int = 0
    seconds: float = 0.0
    stored: StoreOutcome = field(default_factory=StoreOutcome)
    problems: list[str] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


def import_exports(
    pipeline: Pipeline,
    paths: Sequence[Path],
    on_file_done: Callable[[Path, int], None] | None = None,
) -> ImportReport:
    """Read and store each file in turn; a broken file is reported, never fatal.

    Files are handled one at a time so memory stays bounded by the largest file.
    ``on_file_done`` receives each file and its message count (for progress bars).
    """
    report = ImportReport()
    started = time.perf_counter()
    for path in paths:
        try:
            export = read_export(path)
        except ImportFileError as exc:
            report.failed_files.append(str(exc))
            log.error("%s", exc)
            if on_file_done:
                on_file_done(path, 0)
            continue
        report.stored.merge(pipeline.process_all(export.events()))
        report.files += 1
        report.messages += len(export.messages)
        report.problems += [f"{path}: {p}" for p in export.problems]
        for problem in export.problems:
            log.warning("%s: skipped %s", path, problem)
        if on_file_done:
            on_file_done(path, len(export.messages))
    report.seconds = time.perf_counter() - started
    return report
