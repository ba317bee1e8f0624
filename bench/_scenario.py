"""The digest's hard scenario, built from real data at run time: many people, one bug
each, their own words, drowned in real chat.

Ten bugs are planted as open issues among sixty distractor issues; their reports are
posted on one day by distinct people (12, 10, 9, 8, 7, 4, 3, 3, 2, 2 of them) in a
help channel, general chat or a forum post of their own, mixed into ≥ 3,000 lines of
real #ubuntu chat spread over the same day in three channels (IRC's ``nick:`` becomes
a Discord mention). Two kinds of reports:

- ``bugzilla``: the masters of real Bugzilla duplicate groups are the planted issues
  (title + description), their duplicates' titles and the start of their
  descriptions the reports (``eclipse`` for choosing parameters, ``firefox`` for
  reporting); distractors are other masters of the same project;
- ``chat``: issues and chat-register reports written for this bench
  (``bench/data/chat_reports.jsonl``: set ``dev`` for choosing, ``test`` for
  reporting).

Nothing of the shared data is copied: it is read from ``../shared/data`` each run.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from triagebot.core.issues import Issue
from triagebot.core.messages import Author, Channel, ChannelKind, ChatMessage, Guild, Source
from triagebot.core.snowflake import snowflake_at

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CHAT_REPORTS = ROOT / "bench" / "data" / "chat_reports.jsonl"
COUNTS = (12, 10, 9, 8, 7, 4, 3, 3, 2, 2)
DAY = date(2026, 11, 20)
START = datetime(2026, 11, 20, tzinfo=UTC)
GUILD = Guild(900_000_000_000_000_001, "Scenario")
HELP = Channel(910, GUILD.id, "help")
GENERAL = Channel(911, GUILD.id, "general")
DEV = Channel(912, GUILD.id, "dev")
FORUM = Channel(913, GUILD.id, "help-forum", ChannelKind.FORUM)
CHAT_CHANNELS = (HELP, GENERAL, DEV)
_NICK = re.compile(r"^\s*([\w\[\]\\`^{}|-]+)\s*[:,]\s*")


@dataclass
class World:
    issues: list[Issue]
    messages: list[ChatMessage]
    planted: dict[int, int] = field(default_factory=dict)  # report message id → issue id
    counts: dict[int, int] = field(default_factory=dict)  # planted issue id → reports


@dataclass(frozen=True)
class PlantedBug:
    title: str
    body: str
    reports: list[str]


def bugzilla(project: str, seed: int) -> tuple[list[PlantedBug], list[tuple[str, str]]]:
    """Ten duplicate groups (largest first, reports sampled) and 60 other masters."""
    with (SHARED / "dup_bugzilla_textdissim" / "duplicate_pairs.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["project"] == project]
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    master: dict[str, tuple[str, str]] = {}
    for r in rows:
        groups[r["duplicate_of"]].append((r["summary1"], r["description1"]))
        master[r["duplicate_of"]] = (r["summary2"], r["description2"])
    rng = random.Random(seed)
    by_size = sorted(groups, key=lambda m: (-len(groups[m]), m))
    planted = []
    for wanted, key in zip(COUNTS, by_size, strict=False):
        chosen = rng.sample(groups[key], min(wanted, len(groups[key])))
        reports = [f"{title}. {' '.join(desc.split()[:30])}" for title, desc in chosen]
        planted.append(PlantedBug(master[key][0], master[key][1][:600], reports))
    others = by_size[len(COUNTS) :]
    distractors = [master[m] for m in rng.sample(others, 60)]
    return planted, [(t, d[:600]) for t, d in distractors]


def written(which: str) -> tuple[list[PlantedBug], list[tuple[str, str]]]:
    rows = [json.loads(x) for x in CHAT_REPORTS.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["set"] == which]
    reports: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        if r["kind"] == "report":
            reports[r["issue"]].append(r["text"])
    issues = [r for r in rows if r["kind"] == "issue"]
    planted = [
        PlantedBug(r["title"], r["body"], reports[r["number"]]) for r in issues if r["planted"]
    ]
    planted.sort(key=lambda bug: -len(bug.reports))
    return planted, [(r["title"], r["body"]) for r in issues if not r["planted"]]


def chat_lines(source: str, count: int, seed: int) -> list[dict[str, str]]:
    """``count`` consecutive real chat lines (a random start), system lines dropped."""
    path = SHARED / "chat_irc_ubuntu_disentangled" / f"{source}.jsonl"
    rows = []
    with path.open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            if not row["system"] and row["user"] and row["text"].strip():
                rows.append({"user": row["user"], "text": row["text"]})
    start = random.Random(seed).randrange(0, max(1, len(rows) - count))
    return rows[start : start + count]


def build(kind: str, split: str, chat_source: str, seed: int, lines: int = 3000) -> World:
    """``kind`` bugzilla or chat; ``split`` the project or set (eclipse/dev choose)."""
    planted, distractors = bugzilla(split, seed) if kind == "bugzilla" else written(split)
    issues = [_issue(n, bug.title, bug.body) for n, bug in enumerate(planted, 1)]
    issues += [_issue(100 + n, t, b) for n, (t, b) in enumerate(distractors)]
    world = World(issues, [])
    rng = random.Random(seed)
    _add_chat(world, chat_lines(chat_source, lines, seed), rng)
    for n, bug in enumerate(planted, 1):
        _add_reports(world, issues[n - 1].id, bug.reports, rng)
    world.messages.sort(key=lambda m: (m.created_at, m.id))
    return world


def _issue(number: int, title: str, body: str) -> Issue:
    when = START - timedelta(days=30)
    return Issue(
        id=50_000 + number,
        repo="scenario/project",
        number=number,
        title=title,
        body=body,
        state="open",
        labels=("bug",),
        html_url=f"https://github.com/scenario/project/issues/{number}",
        created_at=when,
        updated_at=when,
    )


def _add_chat(world: World, rows: list[dict[str, str]], rng: random.Random) -> None:
    people: dict[str, Author] = {}
    per_channel = (len(rows) + len(CHAT_CHANNELS) - 1) // len(CHAT_CHANNELS)
    for n, row in enumerate(rows):
        channel = CHAT_CHANNELS[n // per_channel]
        position = (n % per_channel + rng.random()) / per_channel
        author = people.setdefault(row["user"].lower(), Author(_person(len(people)), row["user"]))
        text = row["text"]
        named = _NICK.match(text)
        if named and named.group(1).lower() in people:
            text = f"<@{people[named.group(1).lower()].id}> {text[named.end():]}"
        _post(world, channel, author, text, START + timedelta(seconds=position * 86_000))


def _add_reports(world: World, issue_id: int, reports: list[str], rng: random.Random) -> None:
    world.counts[issue_id] = len(reports)
    for text in reports:
        author = Author(_person(10_000 + len(world.planted)), f"reporter{len(world.planted)}")
        at = START + timedelta(seconds=rng.uniform(0, 86_000))
        where = rng.random()
        if where < 0.3:  # a forum post of its own: a thread whose id is its first message
            message_id = snowflake_at(at) + len(world.messages)
            thread = Channel(message_id, GUILD.id, text[:60], ChannelKind.FORUM_POST, FORUM.id)
            posted = _post(world, thread, author, text, at, message_id)
        else:
            posted = _post(world, HELP if where < 0.8 else GENERAL, author, text, at)
        world.planted[posted] = issue_id


def _post(
    world: World,
    channel: Channel,
    author: Author,
    text: str,
    at: datetime,
    message_id: int | None = None,
) -> int:
    message_id = message_id or snowflake_at(at) + len(world.messages) % 4096
    world.messages.append(
        ChatMessage(message_id, GUILD, channel, author, text, at, source=Source.IMPORT)
    )
    return message_id


def _person(n: int) -> int:
    return 800_000_000_000_100_000 + n
