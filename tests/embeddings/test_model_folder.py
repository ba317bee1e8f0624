"""The model folder read without torch: same tokens as sentence-transformers, and a
clear "not this one" for models it does not reproduce."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from triagebot.embeddings.model import SentenceEmbedder
from triagebot.embeddings.model_folder import FastTokenizer, ModelFolder, Unsupported

TRICKY = [
    "  leading and trailing spaces  ",
    "CamelCase and ÜNÏCÖDÉ, emoji 🎉 and 中文",
    "word " * 400,  # past max_seq_length: truncated
    "x",
    "",
]


def test_the_folder_says_how_the_model_pools_and_truncates(embedder: SentenceEmbedder) -> None:
    folder = ModelFolder.read(embedder.resolved.location)
    assert (folder.pooling, folder.dim, folder.max_seq_length) == ("mean", 384, 256)


def test_tokens_are_the_ones_sentence_transformers_makes(embedder: SentenceEmbedder) -> None:
    ours = FastTokenizer(ModelFolder.read(embedder.resolved.location))(TRICKY)
    theirs = embedder._model.tokenize(TRICKY)
    for name in ("input_ids", "attention_mask", "token_type_ids"):
        assert np.array_equal(ours[name], theirs[name].numpy()), name


def test_a_model_with_other_modules_is_left_to_torch(
    embedder: SentenceEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(
        embedder.resolved.location, folder, ignore=shutil.ignore_patterns("*.safetensors")
    )
    modules = json.loads((folder / "modules.json").read_text())
    modules.insert(
        2, {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}
    )
    (folder / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(Unsupported, match="Dense"):
        ModelFolder.read(str(folder))
