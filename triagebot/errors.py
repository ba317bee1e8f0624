"""The project's own exceptions.

Every error a user can cause (bad settings, a broken export, an unreachable database)
is one of these, so the command line can print one clear line instead of a traceback.

    TriageError
    ├── ConfigError        a setting is missing or malformed
    ├── ImportFileError    an export file cannot be read (names the file and the problem)
    └── StoreError         the database cannot be reached or is not migrated
"""

from __future__ import annotations


class TriageError(Exception):
    """Base class: an error with a message fit to show a user as it is."""


class ConfigError(TriageError):
    """A setting is missing or malformed; the message names the setting."""


class ImportFileError(TriageError):
    """An export file (or one message in it) could not be read."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(TriageError):
    """The database is unreachable, locked beyond patience, or not migrated."""
