"""Build the spam evaluation files from ../shared/data, at run time (never copied in).

    .venv/bin/python bench/spam_eval_data.py [--data DIR] [--out-dir DIR]

Writes ``<set>.<half>.jsonl`` for half in (tune, test) under ``--out-dir``:

- ``youtube``: YouTube comments, spam/ham. Tune on the Psy, Katy Perry and LMFAO videos,
  test on Eminem and Shakira (a cross-topic split, as the dataset's README suggests).
- ``tgspam``: the Latin-script Telegram samples (crypto and "earn $X" spam, a little
  ham); halves by a hash of the text, so repeated texts stay on one side.
- ``ubuntu``: real #ubuntu IRC chat, all ham, with nick, an hour-long log sample as the
  "channel" and its real time — repeated questions and pastes stay in.
- ``waves``: every tgspam spam text of the half, posted as a wave into six channels of
  ubuntu chat: one account or three, three to five channels, within a minute, each copy
  lightly reworded (synonyms, amounts, greetings, emoji, spacing, a dropped sentence).

The halves share nothing: different texts, different log samples.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import random
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "spam_data"
HALVES = ("tune", "test")
Record = dict[str, Any]


def _half_of(text: str) -> str:
    digest = hashlib.blake2b(text.strip().lower().encode("utf-8"), digest_size=2).digest()
    return HALVES[digest[0] % 2]


# -- YouTube -----------------------------------------------------------------------------

_TAG = re.compile(r"<a [^>]*href=\"([^\"]*)\"[^>]*>.*?</a>|<br\s*/?>|<[^>]+>", re.I | re.S)
TUNE_VIDEOS = ("Youtube01-Psy", "Youtube02-KatyPerry", "Youtube03-LMFAO")


def _youtube_text(raw: str) -> str:
    """The comment as a reader sees it: entities decoded, links as their address."""
    text = _TAG.sub(lambda m: f" {m.group(1)} " if m.group(1) else "\n", raw)
    return html.unescape(text).replace("\ufeff", "").strip()


def youtube(data: Path) -> dict[str, list[Record]]:
    halves: dict[str, list[Record]] = {h: [] for h in HALVES}
    with (data / "spam_youtube_comments" / "youtube_spam_collection.csv").open() as f:
        for row in csv.DictReader(f):
            half = "tune" if row["video"] in TUNE_VIDEOS else "test"
            record = {"id": row["comment_id"], "text": _youtube_text(row["text"])}
            halves[half].append({**record, "label": row["label"]})
    return halves


# -- Telegram ----------------------------------------------------------------------------


def tgspam(data: Path) -> dict[str, list[Record]]:
    halves: dict[str, list[Record]] = {h: [] for h in HALVES}
    path = data / "spam_telegram_tgspam" / "tgspam_samples.jsonl"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        if row["script"] == "latin" and row["text"].strip():
            record = {"id": f"tg{number}", "text": row["text"], "label": row["label"]}
            halves[_half_of(row["text"])].append(record)
    return halves


# -- Ubuntu IRC --------------------------------------------------------------------------


def _irc_files(data: Path) -> dict[str, list[Record]]:
    files: dict[str, list[Record]] = {}
    path = data / "chat_irc_ubuntu_disentangled" / "train.jsonl"
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if not row["system"] and row["text"].strip() and row["time"]:
                files.setdefault(row["file"], []).append(row)
    return files


def _stamp(file: str, hhmm: str, index: int) -> datetime:
    """The log's date and minute; lines of one minute are spread over it in order."""
    day = datetime.strptime(file[:10], "%Y-%m-%d").replace(tzinfo=UTC)
    hour, minute = (int(x) for x in hhmm.split(":"))
    return day + timedelta(hours=hour, minutes=minute, seconds=(index * 7) % 60)


def ubuntu(files: dict[str, list[Record]], names: Iterable[str], half: str) -> list[Record]:
    records = []
    for name in names:
        for row in files[name]:
            records.append({
                "id": f"irc:{name}:{row['idx']}", "text": row["text"], "label": "ham",
                "author": f"{name}:{row['user']}", "channel": f"{half}:{name}",
                "timestamp": _stamp(name, row["time"], row["idx"]).isoformat(),
            })  # fmt: skip
    return records


# -- waves -------------------------------------------------------------------------------

_SYNONYMS = {
    "earn": "make", "money": "cash", "people": "persons", "platform": "site",
    "amazing": "awesome", "contact": "message", "link": "url", "legit": "real",
    "company": "firm", "profit": "gains", "investment": "investing", "everyone": "everybody",
    "hello": "hi", "today": "now", "group": "chat", "free": "FREE", "join": "enter",
}  # fmt: skip
_GREETINGS = ("Hey guys! ", "Hello everyone, ", "hi all ", "Attention: ", "")
_EMOJI = (" 🚀", " 💰", " 🔥", " ✅", " 👇", "")


def reword(text: str, rng: random.Random) -> str:
    """A light rewording, as scam rings post: two or three small edits."""
    edits = rng.sample(range(6), k=rng.choice((2, 3)))
    for edit in edits:
        if edit == 0:
            words = text.split(" ")
            text = " ".join(_SYNONYMS.get(w.lower(), w) if rng.random() < 0.7 else w for w in words)
        elif edit == 1:
            text = re.sub(
                r"\d", lambda m: str((int(m.group()) + rng.randint(1, 3)) % 10), text, count=2
            )
        elif edit == 2:
            text = rng.choice(_GREETINGS) + text
        elif edit == 3:
            text = text.rstrip() + rng.choice(_EMOJI)
        elif edit == 4:
            sentences = re.split(r"(?<=[.!?])\s+", text)
            light = len(sentences) > 2 and len(sentences[-1]) * 4 < len(text)
            text = " ".join(sentences[:-1]) if light else text.replace(" ", "  ", 2)
        else:
            text = text.replace(",", "", 1).replace(". ", "! ", 1)
    return text


def _wave(
    text: str, rng: random.Random, start: datetime, channels: list[str], n: int
) -> Iterator[Record]:
    accounts = [f"wave{n}:acct{a}" for a in range(1 if n % 2 == 0 else 3)]
    places = rng.sample(channels, k=rng.randint(3, 5))
    for copy, channel in enumerate(places):
        when = start + timedelta(seconds=rng.uniform(0, 60))
        body = text if copy == 0 else reword(text, rng)
        author = accounts[copy % len(accounts)]
        yield {"id": f"wave{n}:{copy}", "text": body, "label": "spam", "author": author,
               "channel": channel, "timestamp": when.isoformat()}  # fmt: skip


def waves(
    files: dict[str, list[Record]], names: list[str], spam: list[str], half: str
) -> list[Record]:
    """Six log samples replayed side by side as six channels, with waves laid over them."""
    rng = random.Random(f"waves-{half}")
    base = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    stream: list[Record] = []
    channels = [f"wave-{half}:{name}" for name in names]
    for name, channel in zip(names, channels, strict=True):
        rows = files[name]
        first = _stamp(name, rows[0]["time"], rows[0]["idx"])
        for row in rows:
            when = base + (_stamp(name, row["time"], row["idx"]) - first)
            stream.append({"id": f"irc:{name}:{row['idx']}", "text": row["text"], "label": "ham",
                           "author": f"{name}:{row['user']}", "channel": channel,
                           "timestamp": when.isoformat()})  # fmt: skip
    span = max(datetime.fromisoformat(r["timestamp"]) for r in stream) - base
    gap = span / (len(spam) + 1)
    for n, text in enumerate(spam):
        stream.extend(_wave(text, rng, base + gap * (n + 1), channels, n))
    return sorted(stream, key=lambda r: r["timestamp"])


# -- main --------------------------------------------------------------------------------


def write(path: Path, records: list[Record]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def build(data: Path, out_dir: Path, ham_lines: int = 6000) -> dict[str, dict[str, Path]]:
    """Write every set's halves; returns set → half → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sets: dict[str, dict[str, list[Record]]] = {"youtube": youtube(data), "tgspam": tgspam(data)}
    files = _irc_files(data)
    names = sorted(files)
    sets["ubuntu"], sets["waves"] = {}, {}
    for offset, half in enumerate(HALVES):
        pool = names[offset * 3 :: 6]
        chosen, total = [], 0
        for name in pool:
            if total >= ham_lines:
                break
            chosen.append(name)
            total += len(files[name])
        sets["ubuntu"][half] = ubuntu(files, chosen, half)
        stream_names = names[offset * 3 + 1 :: 6][:6]
        spam = [r["text"] for r in sets["tgspam"][half] if r["label"] == "spam"]
        sets["waves"][half] = waves(files, stream_names, spam, half)
    paths: dict[str, dict[str, Path]] = {}
    for name, halves in sets.items():
        for half, records in halves.items():
            path = out_dir / f"{name}.{half}.jsonl"
            write(path, records)
            paths.setdefault(name, {})[half] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--out-dir", type=Path, default=RESULTS)
    parser.add_argument("--ham-lines", type=int, default=6000, help="ubuntu lines per half")
    args = parser.parse_args()
    for name, halves in build(args.data, args.out_dir, args.ham_lines).items():
        for half, path in halves.items():
            lines = path.read_text(encoding="utf-8").splitlines()
            spam = sum('"label": "spam"' in line for line in lines)
            print(f"{name:8} {half:5} {len(lines):6,} lines, {spam:5,} spam  {path}")


if __name__ == "__main__":
    main()
