"""Importing export files through the pipeline, in posting order, with a report.

Every file is read first, then all messages are replayed merged by time across
files, as they were posted: a spam wave that hit five channels within a minute is
five files' worth of messages one second apart, and only a time-ordered replay lets
the cross-channel signals see it. Memory therefore grows with the total size of one
import; very large archives import well folder by folder.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from triagebot.core.batch import StoreOutcome
from triagebot.core.messages import ChatEvent, ChatMessage
from triagebot.errors import ImportFileError
from triagebot.intake.exporter import ExportFile, read_export
from triagebot.triage.pipeline import Pipeline

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
    on_file_read: Callable[[Path, int], None] | None = None,
    on_stored: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read every file, then store all messages in posting order.

    A broken file is reported by name and skipped; a broken message is reported and
    skipped; everything valid is kept. ``on_file_read`` receives each file and its
    message count, ``on_stored`` the number of events each stored batch held (for
    progress bars).
    """
    report = ImportReport()
    started = time.perf_counter()
    exports = list(_read_all(paths, report, on_file_read))
    report.stored.merge(pipeline.process_all(_in_posting_order(exports), on_stored))
    report.seconds = time.perf_counter() - started
    return report


def _read_all(
    paths: Sequence[Path], report: ImportReport, on_file_read: Callable[[Path, int], None] | None
) -> Iterator[ExportFile]:
    for path in paths:
        try:
            export = read_export(path)
        except ImportFileError as exc:
            report.failed_files.append(str(exc))
            log.error("%s", exc)
            if on_file_read:
                on_file_read(path, 0)
            continue
        report.files += 1
        report.messages += len(export.messages)
        report.problems += [f"{path}: {p}" for p in export.problems]
        for problem in export.problems:
            log.warning("%s: skipped %s", path, problem)
        if on_file_read:
            on_file_read(path, len(export.messages))
        yield export


def _in_posting_order(exports: list[ExportFile]) -> Iterator[ChatEvent]:
    """Every channel first, then the messages of all files merged by time."""
    for export in exports:
        yield from export.events_without_messages()
    by_file = [sorted(e.messages, key=_when) for e in exports]
    yield from heapq.merge(*by_file, key=_when)


def _when(message: ChatMessage) -> tuple[float, int]:
    return (message.created_at.timestamp(), message.id)
