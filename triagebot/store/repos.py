"""Each synced repository's cursor, ETag and last outcome."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from triagebot.store.models import RepoRow


def repo_cursor(session: Session, name: str) -> tuple[datetime | None, str | None]:
    """Where the next sync of ``name`` starts, and the ETag of its last answer."""
    repo = session.get(RepoRow, name)
    return (repo.since, repo.etag) if repo else (None, None)


def keep_page(session: Session, name: str, newest: datetime | None, etag: str | None) -> None:
    """After storing a page: move the cursor to ``newest`` (never back), keep ``etag``."""
    repo = session.get(RepoRow, name) or RepoRow(full_name=name)
    if newest is not None and (repo.since is None or newest > repo.since):
        repo.since = newest
    repo.etag = etag
    session.add(repo)


def record_sync(session: Session, name: str, error: str | None) -> None:
    repo = session.get(RepoRow, name) or RepoRow(full_name=name)
    repo.last_sync_at = datetime.now(UTC)
    repo.last_error = error
    session.add(repo)
