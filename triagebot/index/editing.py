"""Editing the saved index from a command (``forget``, ``purge``) while no bot holds it.

Erasing a person's words must reach every copy, the vectors in the index file
included. A running bot holds its own copy in memory: it never shows an erased
message (every answer is checked against the database) and drops the vectors at its
next maintenance, when it matches the database again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triagebot.index.ann import VectorIndex
from triagebot.index.files import read_meta, write_meta


@contextmanager
def saved_index(path: Path | None) -> Iterator[VectorIndex | None]:
    """The saved index, writable, saved again when the block ends without an error;
    None when there is none (nothing to edit)."""
    meta = read_meta(path) if path is not None else None
    if path is None or meta is None or not path.exists():
        yield None
        return
    index = VectorIndex(meta.dim, width=16)
    index.replace(lambda: index.load_graph(path))
    yield index
    index.save(path)
    write_meta(path, meta.model, meta.dim, len(index), index.newest_id())
