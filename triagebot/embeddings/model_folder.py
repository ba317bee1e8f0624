"""A sentence-transformers model folder read without torch: its pooling, its limits and
its tokenizer.

With the OpenVINO graph converted and cached, this is all the encoder needs, so a
start never imports torch, transformers or sentence-transformers: measured, that keeps
~350 MB out of the bot's memory and seconds off its start. Tokenisation is the
folder's own ``tokenizer.json`` (the Rust ``tokenizers`` library that
sentence-transformers uses underneath), set up as sentence-transformers sets it up:
texts stripped, truncated to ``max_seq_length``, padded to the longest of the pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Features = dict[str, NDArray[np.int64]]

_KNOWN_MODULES = ("Transformer", "Pooling", "Normalize")


class Unsupported(Exception):
    """The folder describes a model this reader does not reproduce (torch runs it)."""


@dataclass(frozen=True)
class ModelFolder:
    location: Path
    pooling: str  # "mean" or "cls"
    dim: int
    max_seq_length: int
    lower_case: bool

    @classmethod
    def read(cls, location: str) -> ModelFolder:
        folder = Path(location)
        modules = _json(folder / "modules.json")
        kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
        if kinds[:2] != ["Transformer", "Pooling"] or any(k not in _KNOWN_MODULES for k in kinds):
            raise Unsupported(f"modules {kinds}")
        pooling = _json(folder / modules[1].get("path", "1_Pooling") / "config.json")
        mode = pooling.get("pooling_mode")
        if mode is None:
            if pooling.get("pooling_mode_mean_tokens"):
                mode = "mean"
            elif pooling.get("pooling_mode_cls_token"):
                mode = "cls"
        if mode not in ("mean", "cls"):
            raise Unsupported(f"pooling {mode!r}")
        config = _json(folder / "sentence_bert_config.json")
        if not (folder / "tokenizer.json").is_file():
            raise Unsupported("no tokenizer.json")
        return cls(
            location=folder,
            pooling=str(mode),
            dim=int(pooling["word_embedding_dimension"]),
            max_seq_length=int(config.get("max_seq_length") or 512),
            lower_case=bool(config.get("do_lower_case", False)),
        )


class FastTokenizer:
    """Texts → the model's input arrays, as sentence-transformers would make them."""

    def __init__(self, folder: ModelFolder) -> None:
        from tokenizers import Tokenizer

        self._lower_case = folder.lower_case
        self._tokenizer = Tokenizer.from_file(str(folder.location / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=folder.max_seq_length)
        pad = _json(folder.location / "tokenizer_config.json").get("pad_token") or "[PAD]"
        token = pad if isinstance(pad, str) else str(pad["content"])
        pad_id = self._tokenizer.token_to_id(token)
        self._tokenizer.enable_padding(pad_id=pad_id or 0, pad_token=token)

    def __call__(self, texts: list[str]) -> Features:
        cleaned = [t.strip().lower() if self._lower_case else t.strip() for t in texts]
        encodings = self._tokenizer.encode_batch(cleaned)
        return {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unsupported(f"cannot read {path.name}: {exc}") from None
