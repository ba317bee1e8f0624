"""The labelled pools the learned spam model is trained and held out on.

Every pool is a list of single, context-free messages (no author, channel or time):

- ``youtube``, ``telegram``: spam of the two public sets (``tune``/``test`` halves as
  in bench/spam_eval_data.py; the shipped model sees only the tune halves);
- the written families (bench/data/spam_written_scams.jsonl) and hard ham
  (bench/data/spam_written_ham.jsonl, split by a hash of the text);
- ``chat_train``: #ubuntu lines from the train files that no evaluation uses;
- ``chat_heldout``: the spam_eval test half of #ubuntu chat plus the dataset's dev file
  — never trained on. (The shared copy has no test.jsonl; dev and the spam_eval test
  files are the lines no model here has seen.)
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from bench import spam_eval_data

WRITTEN = Path(__file__).resolve().parent / "data"
FAMILIES = ("money", "crack", "job", "images", "ping")
SOURCES = ("youtube", "telegram")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    spam: bool
    group: str  # a family, a source, "hard ham" or "chat"


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def written_scams() -> list[Example]:
    return [
        Example(r["text"], True, r["family"]) for r in _jsonl(WRITTEN / "spam_written_scams.jsonl")
    ]


def written_ham(half: str) -> list[Example]:
    """One hash half of the hard ham: "tune" is trained on, "test" held out."""
    rows = _jsonl(WRITTEN / "spam_written_ham.jsonl")
    return [
        Example(r["text"], False, "hard ham")
        for r in rows
        if spam_eval_data._half_of(r["text"]) == half
    ]


def public_spam(data: Path, half: str | None) -> list[Example]:
    """YouTube and Latin-script Telegram messages of one half (both when None)."""
    found: list[Example] = []
    for source, halves in (
        ("youtube", spam_eval_data.youtube(data)),
        ("telegram", spam_eval_data.tgspam(data)),
    ):
        for name, rows in halves.items():
            if half is None or name == half:
                found += [Example(r["text"], r["label"] == "spam", source) for r in rows]
    return found


def chat_pools(data: Path, train_lines: int = 12_000) -> tuple[list[Example], list[Example]]:
    """(train, held out) #ubuntu chat; train from files no evaluation reads."""
    files = spam_eval_data._irc_files(data)
    names = sorted(files)
    used = set(names[3::6]) | set(names[4::6]) | set(names[0::6]) | set(names[1::6])
    pool = [r["text"] for n in names if n not in used for r in files[n]]
    random.Random("chat-train").shuffle(pool)
    train = [Example(t, False, "chat") for t in dict.fromkeys(pool[:train_lines])]
    held = spam_eval_data.ubuntu(files, _test_half_files(files, names), "test")
    dev = [
        json.loads(line) for line in (data / "chat_irc_ubuntu_disentangled" / "dev.jsonl").open()
    ]
    texts = [r["text"] for r in held] + [
        r["text"] for r in dev if not r["system"] and r["text"].strip()
    ]
    return train, [Example(t, False, "chat") for t in texts]


def _test_half_files(files: dict[str, list[dict[str, object]]], names: list[str]) -> list[str]:
    """The log files of spam_eval's #ubuntu test half (the same choice it makes)."""
    chosen, total = [], 0
    for name in names[3::6]:
        if total >= 6000:
            break
        chosen.append(name)
        total += len(files[name])
    return chosen


def training_set(
    data: Path,
    *,
    families: tuple[str, ...] = FAMILIES,
    sources: tuple[str, ...] = SOURCES,
    chat: list[Example] | None = None,
    seed: int = 0,
    chat_share: float = 1.0,
) -> list[Example]:
    """Tune halves of the allowed public sources, the allowed written families, the
    tune half of hard ham, and (a seeded share of) the training chat."""
    public = [e for e in public_spam(data, "tune") if e.group in sources]
    scams = [e for e in written_scams() if e.group in families]
    pool = chat if chat is not None else chat_pools(data)[0]
    if chat_share < 1.0:
        pool = random.Random(seed).sample(pool, int(len(pool) * chat_share))
    return [*public, *scams, *written_ham("tune"), *pool]
