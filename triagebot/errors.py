"""The project's own exceptions.

Every error a user can cause (bad settings, a broken export, an unreachable database)
is one of these, so the command line can print one clear line instead of a traceback.

    TriageError                 exit status 2 unless the class says otherwise
    ├── ConfigError             a setting is missing or malformed
    ├── ImportFileError         an export file cannot be read (names the file and the problem)
    ├── OutputFileError         a file to write cannot be written (names it and why)
    ├── NothingLoadedError      the input was read but held nothing usable (exit 1)
    └── StoreError              the database cannot be reached or is not migrated
        └── MissingDatabaseError  a SQLite file that should exist does not

The exit status follows one rule: 2 when the command could not start on what it was
given (usage, settings, files, the database), 1 when it ran and what it was asked to
do did not happen (nothing loaded, a sync or an import that failed).
"""

from __future__ import annotations

from pathlib import Path


class TriageError(Exception):
    """Base class: an error with a message fit to show a user as it is."""

    exit_code = 2


class ConfigError(TriageError):
    """A setting is missing or malformed; the message names the setting."""


class ImportFileError(TriageError):
    """An export file (or one message in it) could not be read."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputFileError(TriageError):
    """A file the command was asked to write cannot be written; nothing was written."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NothingLoadedError(TriageError):
    """The input could be read, but nothing in it could be used; the message says why."""

    exit_code = 1


class StoreError(TriageError):
    """The database is unreachable, locked beyond patience, or not migrated."""


class MissingDatabaseError(StoreError):
    """A command that only reads or edits stored data was pointed at a SQLite file
    that does not exist: most likely a typo, which would otherwise silently create
    an empty database and report on nothing."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no database at {path}: is --db or DATABASE_URL mistyped? "
            "'triagebot db upgrade' creates an empty one; import, issues load, sync "
            "and run create it as they store"
        )
        self.path = path
