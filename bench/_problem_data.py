"""The labelled lines behind the problem-ness model, read at run time, split by source.

Nothing of the shared data is copied into the project: the #ubuntu labels name lines
by (file, idx) and their text is read from ``../shared/data``. Every source is split
the same way each time, so training never sees a line the evaluation reports on:

| source | train | held out |
|---|---|---|
| ``reviews`` (informal app reviews, 3-way) | 70% by a hash of the text | 30% |
| ``ubuntu`` (hand-labelled #ubuntu lines) | those of ``train.jsonl`` | those of ``dev.jsonl`` |
| ``written`` (lines written for this model) | 75% by hash | 25% |
| ``tracker`` (Bugzilla titles, all problems) | Eclipse | Firefox and Firefox mobile |
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
HERE = ROOT / "bench" / "data"
CHAT_SOURCES = ("reviews", "ubuntu", "written")
_NICK = re.compile(r"^\s*[\w\[\]\\`^{}|-]+\s*[:,]\s+")


@dataclass(frozen=True)
class Line:
    text: str
    label: str  # problem | request | other
    source: str  # reviews | ubuntu | written | tracker
    held_out: bool


def _share(text: str) -> float:
    """A stable number in [0, 1) for a text: the same split on every run."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) / 2**32


def reviews(data: Path = SHARED) -> Iterator[Line]:
    path = data / "problem_reports_app_reviews" / "problem_reports_app_reviews.jsonl"
    with path.open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            text = row["text"].replace("\t", "\n")
            yield Line(text, row["label"], "reviews", _share(text) >= 0.7)


def ubuntu(data: Path = SHARED) -> Iterator[Line]:
    labels = HERE / "ubuntu_problem_labels.jsonl"
    if not labels.exists():
        return
    wanted: dict[tuple[str, str, int], str] = {}
    with labels.open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            wanted[(row["source"], row["file"], int(row["idx"]))] = row["label"]
    for source in ("train", "dev"):
        path = data / "chat_irc_ubuntu_disentangled" / f"{source}.jsonl"
        with path.open(encoding="utf-8") as f:
            for raw in f:
                row = json.loads(raw)
                label = wanted.get((source, row["file"], int(row["idx"])))
                if label is not None:
                    yield Line(as_discord(row["text"]), label, "ubuntu", source == "dev")


def as_discord(text: str) -> str:
    """IRC's "nick: text" is Discord's mention: the same line as the bot would see it."""
    found = _NICK.match(text)
    return f"<@1> {text[found.end():]}" if found else text


def written() -> Iterator[Line]:
    path = HERE / "problem_lines_written.jsonl"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            yield Line(row["text"], row["label"], "written", _share(row["text"]) >= 0.75)


def tracker(data: Path = SHARED) -> Iterator[Line]:
    """Bug titles, each once: problems in the tracker's register."""
    seen: set[str] = set()
    with (data / "dup_bugzilla_textdissim" / "duplicate_pairs.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for title in (row["summary1"], row["summary2"]):
                if title not in seen:
                    seen.add(title)
                    yield Line(title, "problem", "tracker", row["project"] != "eclipse")


def every_line(data: Path = SHARED) -> list[Line]:
    return [*reviews(data), *ubuntu(data), *written(), *tracker(data)]
