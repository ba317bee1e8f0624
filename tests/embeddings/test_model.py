"""The real model: normalised vectors whose geometry means something."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from triagebot.embeddings.model import SentenceEmbedder, bf16_supported
from triagebot.embeddings.resolve import model_id_for, resolve_model
from triagebot.errors import ConfigError


def test_vectors_are_normalised_and_semantic(embedder: SentenceEmbedder) -> None:
    crash, crash2, recipe = embedder.encode(
        [
            "the live reload server crashes on Windows after the upgrade",
            "after updating, dev server auto-reload dies on my win11 machine",
            "what is a good recipe for banana bread",
        ]
    )
    assert embedder.dim == 384
    assert np.allclose(np.linalg.norm([crash, recipe], axis=1), 1.0, atol=1e-5)
    assert float(crash @ crash2) > 0.5 > float(crash @ recipe)


def test_offline_the_bundled_copy_of_the_default_model_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    resolved = resolve_model("sentence-transformers/all-MiniLM-L6-v2")
    assert resolved.origin in ("bundled", "hub")  # hub only if it sits in the local cache
    assert resolved.model_id == "all-MiniLM-L6-v2"


def test_a_local_folder_is_loaded_as_it_is(embedder: SentenceEmbedder) -> None:
    folder = embedder.resolved.location
    resolved = resolve_model(folder)
    assert resolved.origin == "path" and resolved.location == folder


def test_model_ids_are_short_and_stable() -> None:
    assert model_id_for("sentence-transformers/all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    assert model_id_for("/models/my-model/") == "my-model"


def test_empty_input_gives_an_empty_matrix(embedder: SentenceEmbedder) -> None:
    assert embedder.encode([]).shape == (0, 384)


TEXTS = [
    "pip install fails with a resolver error",
    "gm everyone",
    "x" * 900,
    "the app crashes on startup after the 2.3 update, windows 11 " * 30,  # truncated
]


@pytest.mark.skipif(not bf16_supported(), reason="this CPU has no native bfloat16")
def test_bf16_keeps_the_vectors_of_fp32(embedder: SentenceEmbedder) -> None:
    fast = SentenceEmbedder(embedder.resolved.location, backend="bf16")
    cosine = np.sum(embedder.encode(TEXTS) * fast.encode(TEXTS), axis=1)
    assert cosine.min() > 0.995


@pytest.mark.parametrize("backend", ["ov-fp32", "ov-bf16"])
def test_openvino_gives_the_vectors_of_torch_in_the_callers_order(
    embedder: SentenceEmbedder, backend: str, tmp_path: Path
) -> None:
    if backend == "ov-bf16" and not bf16_supported():
        pytest.skip("this CPU has no native bfloat16")
    fast = SentenceEmbedder(
        embedder.resolved.location, backend=backend, batch_size=2, cache_dir=tmp_path
    )
    assert fast.backend == backend
    cosine = np.sum(embedder.encode(TEXTS) * fast.encode(TEXTS), axis=1)
    assert cosine.min() > 0.999  # row by row: sorting by length never reorders rows


def test_the_converted_model_is_kept_for_the_next_start(
    embedder: SentenceEmbedder, tmp_path: Path
) -> None:
    SentenceEmbedder(embedder.resolved.location, backend="ov-fp32", cache_dir=tmp_path)
    saved = list(tmp_path.rglob("model.xml"))
    assert len(saved) == 1
    assert saved[0].with_suffix(".bin").stat().st_size > 10_000_000  # the weights
    again = SentenceEmbedder(embedder.resolved.location, backend="ov-fp32", cache_dir=tmp_path)
    assert list(tmp_path.rglob("model.xml")) == saved
    assert again.encode(["hello"]).shape == (1, 384)


def test_an_unknown_backend_is_one_clear_line() -> None:
    with pytest.raises(ConfigError, match="EMBED_BACKEND: expected one of auto, fp32"):
        SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2", backend="onnx")


def test_auto_runs_the_model_on_openvino_where_it_is_installed(
    embedder: SentenceEmbedder, tmp_path: Path
) -> None:
    chosen = SentenceEmbedder(embedder.resolved.location, cache_dir=tmp_path)
    assert chosen.backend == ("ov-bf16" if bf16_supported() else "ov-fp32")
    assert chosen.backend in chosen.describe()


def test_auto_falls_back_to_torch_when_the_converted_model_cannot_be_kept(
    embedder: SentenceEmbedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    chosen = SentenceEmbedder(embedder.resolved.location, cache_dir=blocked)
    assert chosen.backend in {"bf16", "fp32"} and "OpenVINO cannot run" in caplog.text
    assert chosen.encode(["hello"]).shape == (1, 384)
    # Asked for by name: the error is the user's to see.
    with pytest.raises(NotADirectoryError, match="a-file-not-a-folder"):
        SentenceEmbedder(embedder.resolved.location, backend="ov-fp32", cache_dir=blocked)
