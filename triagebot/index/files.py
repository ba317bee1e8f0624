"""Where the index lives on disk, and the small description saved beside it.

The graph file says how many dimensions its vectors have, not which model made them:
vectors of two models must never be compared, so a JSON file next to it names the
model. A graph without that file, or of another model, is rebuilt rather than trusted.
Both files are replaced atomically, so a crash mid-save leaves the previous pair.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

FORMAT = 1


def index_path(configured: str | None, database_url: str) -> Path | None:
    """``INDEX_PATH`` when set, else derived from the database (None: not persisted)."""
    if configured:
        return Path(configured).expanduser()
    return default_index_path(database_url)


def default_index_path(database_url: str) -> Path | None:
    """Next to a SQLite file (``bot.db`` → ``bot.index``); for a server database, in
    the data directory, named after it. None for an in-memory database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return Path(url.database).expanduser().with_suffix(".index")
    name = f"{url.host or 'local'}-{url.port or 5432}-{url.database or 'triagebot'}.index"
    return data_dir() / name


def data_dir() -> Path:
    """``$XDG_DATA_HOME/triagebot``, by default ``~/.local/share/triagebot``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "triagebot"


@dataclass(frozen=True)
class IndexMeta:
    model: str
    dim: int
    count: int
    newest_id: int
    saved_at: str
    format: int = FORMAT


def meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def read_meta(path: Path) -> IndexMeta | None:
    """The description saved with the graph at ``path``; None if missing or unreadable."""
    try:
        data = json.loads(meta_path(path).read_text(encoding="utf-8"))
        meta = IndexMeta(**data)
    except (OSError, ValueError, TypeError):
        return None
    return meta if meta.format == FORMAT else None


def write_meta(path: Path, model: str, dim: int, count: int, newest_id: int) -> None:
    saved_at = datetime.now(UTC).isoformat(timespec="seconds")
    meta = IndexMeta(model=model, dim=dim, count=count, newest_id=newest_id, saved_at=saved_at)
    target = meta_path(path)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(asdict(meta)) + "\n", encoding="utf-8")
    os.replace(partial, target)


def remove_files(path: Path) -> None:
    """Forget the saved index (both files), e.g. before a rebuild from scratch."""
    for target in (path, meta_path(path)):
        target.unlink(missing_ok=True)
