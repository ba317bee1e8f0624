"""The same sentence-transformers model, run by OpenVINO instead of torch.

Torch's eager mode dispatches every operator of every layer from Python; OpenVINO
compiles the whole graph once (fused kernels, bf16 where the CPU has AVX-512 BF16 or
AMX), at a cosine above 0.9999 to the fp32 torch vectors. Which is faster depends on
the CPU and on what else runs on it: `python -m bench.embed_rate` compares them.

Only the transformer runs here; tokenisation is the model's own tokenizer and the
pooling (mean or CLS) is read from the model's folder (see ``model_folder``), so the
vectors are the ones torch would give, and torch is imported only to convert.

Converting the graph takes a few seconds, so the converted model is saved under the
cache folder keyed by the model files and the OpenVINO version; later starts load it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from triagebot.embeddings.model_folder import FastTokenizer, ModelFolder

log = logging.getLogger(__name__)


def available() -> bool:
    try:
        import openvino  # noqa: F401
    except ImportError:
        return False
    return True


class OpenVINOEncoder:
    def __init__(
        self,
        location: str,
        *,
        precision: str,
        cache_dir: Path,
        threads: int = 0,
        torch_model: Callable[[], Any],
    ) -> None:
        """``torch_model`` loads the SentenceTransformer: called only to convert the
        graph when no converted copy is cached."""
        import openvino as ov

        folder = ModelFolder.read(location)
        self._tokenize = FastTokenizer(folder)
        self._pooling = folder.pooling
        self.dim = folder.dim
        self.precision = precision
        core = ov.Core()
        cached = cache_dir / _cache_key(location, ov.__version__)
        cached.mkdir(parents=True, exist_ok=True)
        core.set_property({"CACHE_DIR": str(cached / "compiled")})
        started = time.perf_counter()
        graph = self._graph(core, cached / "model.xml", torch_model)
        self._compiled, self._bulk = _compile(ov, core, graph, precision, threads)
        self._inputs = {port.get_any_name() for port in self._compiled.inputs}
        log.info("OpenVINO %s graph ready in %.1fs", precision, time.perf_counter() - started)

    def _graph(self, core: Any, path: Path, torch_model: Callable[[], Any]) -> Any:
        if path.exists():
            try:
                return core.read_model(str(path))
            except RuntimeError as exc:  # damaged, or replaced while we read it
                log.warning("converting again: cannot read %s (%s)", path, str(exc)[:200])
        import openvino as ov
        import torch

        transformer = torch_model()[0].auto_model
        features = self._tokenize(["a short sample", "x"])
        sample = {name: torch.from_numpy(values) for name, values in features.items()}
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes on shape checks that hold
            graph = ov.convert_model(transformer, example_input=sample)
        partial = path.with_suffix(f".{os.getpid()}.xml")  # processes may race here
        ov.save_model(graph, str(partial), compress_to_fp16=False)
        partial.with_suffix(".bin").replace(path.with_suffix(".bin"))
        partial.replace(path)  # the .xml last: its presence means the pair is complete
        log.info("converted %s to OpenVINO under %s", type(transformer).__name__, path.parent)
        return graph

    def encode(self, texts: Sequence[str], batch_size: int) -> NDArray[np.float32]:
        """Unnormalised sentence vectors, one row per text, in the given order.

        Texts are encoded shortest first so each pass pads to a similar length. Not
        reentrant: the caller takes turns (``SentenceEmbedder.encode``).
        """
        order = np.argsort([len(t) for t in texts], kind="stable")
        passes = [order[start : start + batch_size] for start in range(0, len(texts), batch_size)]
        feeds = [self._feed([texts[i] for i in chosen]) for chosen in passes]
        if len(feeds) == 1:
            hidden = [np.asarray(self._compiled(feeds[0])[0], dtype=np.float32)]
        else:
            hidden = self._run_bulk(feeds)
        out: NDArray[np.float32] | None = None
        for chosen, feed, states in zip(passes, feeds, hidden, strict=True):
            pooled = _pool(states, feed["attention_mask"], self._pooling)
            if out is None:
                out = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
            out[chosen] = pooled
        assert out is not None
        return out

    def _feed(self, texts: list[str]) -> dict[str, Any]:
        return {k: v for k, v in self._tokenize(texts).items() if k in self._inputs}

    def _run_bulk(self, feeds: list[dict[str, Any]]) -> list[NDArray[np.float32]]:
        hidden: list[NDArray[np.float32]] = [np.zeros(0, np.float32)] * len(feeds)

        def keep(request: Any, at: int) -> None:
            hidden[at] = np.array(request.get_output_tensor(0).data, dtype=np.float32)

        self._bulk.set_callback(keep)
        for at, feed in enumerate(feeds):
            self._bulk.start_async(feed, at)
        self._bulk.wait_all()
        return hidden


def _pool(hidden: NDArray[np.float32], mask: Any, mode: str) -> NDArray[np.float32]:
    if mode == "cls":
        return hidden[:, 0, :]
    weights = np.asarray(mask, dtype=np.float32)[..., None]
    summed = (hidden * weights).sum(axis=1)
    counts = np.maximum(weights.sum(axis=1), 1e-9)
    pooled: NDArray[np.float32] = summed / counts
    return pooled


def _cache_key(location: str, version: str) -> str:
    """Changes when the weights or the OpenVINO version change."""
    digest = hashlib.sha256(f"{location}|{version}".encode())
    folder = Path(location)
    if folder.is_dir():
        for weights in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
            stat = weights.stat()
            digest.update(f"{weights.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return f"{Path(location).name[:40]}-{digest.hexdigest()[:16]}"


def _compile(ov: Any, core: Any, graph: Any, precision: str, threads: int) -> tuple[Any, Any]:
    """The graph compiled twice: one pass on every core, for a lone message or a few;
    and one pass per core at once, for many. Measured on two cores: 1.15x the
    throughput alone, and beside a busy Python thread (the pipeline working on the
    previous batch) 1.4 s per 1,000 texts instead of 2.4 s: a pass split over both
    cores stalls whenever either core is taken away."""
    cores = threads or os.cpu_count() or 1
    common = {
        "INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32",
        "INFERENCE_NUM_THREADS": cores,
    }
    latency = core.compile_model(graph, "CPU", {**common, "PERFORMANCE_HINT": "LATENCY"})
    throughput = core.compile_model(
        graph, "CPU", {**common, "PERFORMANCE_HINT": "THROUGHPUT", "NUM_STREAMS": cores}
    )
    return latency, ov.AsyncInferQueue(throughput, cores)
