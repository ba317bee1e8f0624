"""Generate the bundled demo community (fictional) into ``triagebot/demo/data/``.

One DiscordChatExporter JSON export per channel and thread, plus ``issues.json``.
The text is in ``demo_text.py``, the export format in ``demo_dce.py`` and the GitHub
shapes in ``demo_github.py``.  Deterministic: the same seed gives byte-identical files.
Check the result with ``check_demo_data.py``.

    .venv/bin/python scripts/make_demo_data.py
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_github
import demo_text as T
from demo_dce import Member, Msg, Server, dumps, hexid, iso, message_json

OUT = Path(__file__).resolve().parents[1] / "triagebot" / "demo" / "data"
SEED = 20261118
EPOCH_MS = 1_420_070_400_000  # Discord epoch, 2015-01-01
START = datetime(2026, 11, 18, tzinfo=UTC)  # four days: Wed 18 .. Sat 21 November
END = START + timedelta(days=4)
EXPORTED = datetime(2026, 11, 22, 7, 41, 19, 274638, tzinfo=UTC)
GUILD = "Lumen Community"
# messages per place, scripted ones included; one-liners top up to this
TARGETS = {"general": 480, "help": 440, "dev": 145, "showcase": 100, "off-topic": 270,
           "t:winserve": 66, "t:spaces": 19, "t:rss": 14, "t:clean": 22, "t:include": 12}
HOURS = [3, 2, 2, 2, 2, 3, 5, 7, 8, 9, 9, 9, 10, 11, 11, 11, 11, 10, 10, 9, 8, 7, 5, 4]  # UTC
DAYS = {"help": [11, 11, 10, 7], "off-topic": [9, 9, 11, 13], "showcase": [8, 9, 11, 13]}
TEAM = {t[0] for t in T.TEAM}
DEVS = ["quill", "moss", "juni", "tanuki", "bytewren", "lichen_lab", "tangent.space"]
rng = random.Random(SEED)


class Ids:
    """Snowflakes: ms since 2015 << 22 | worker << 17 | process << 12 | increment."""

    inc = 0

    @classmethod
    def at(cls, when: datetime) -> int:
        cls.inc = (cls.inc + 1) % 4096
        ms = int(when.timestamp() * 1000) - EPOCH_MS
        return ms << 22 | rng.randrange(32) << 17 | rng.randrange(32) << 12 | cls.inc


def day(text: str) -> datetime:
    return datetime.fromisoformat(text + ("-01" if len(text) == 7 else "")).replace(tzinfo=UTC)


# ------------------------------------------------------------------ people and places
def member(key: str, name: str, nick: str, roles: list[str], created: datetime,
           bot: bool = False, disc: str = "0000", avatar: bool = True) -> Member:
    uid = Ids.at(created)
    url = (f"https://cdn.discordapp.com/avatars/{uid}/{hexid(name)}.png?size=512" if avatar
           else f"https://cdn.discordapp.com/embed/avatars/{(uid >> 22) % 6}.png")
    return Member(key, uid, name, nick, roles, url, bot, disc)


def people() -> tuple[dict[str, Member], list[Member]]:
    found = {key: member(key, handle, nick, roles, day(made) + timedelta(hours=13))
             for key, handle, nick, roles, made, _ in T.TEAM}
    for key, handle, nick, disc in T.BOTS:
        found[key] = member(key, handle, nick, ["Bots"], day("2021-05-07"), True, disc)
    regulars = []
    for i, token in enumerate(T.MEMBERS):
        handle, _, role = token.partition("+")
        handle, _, nick = handle.partition(":")
        made = START - timedelta(days=rng.randint(90, 3800), seconds=rng.randint(0, 86399))
        regular = member(handle, handle, nick or handle, [role] if role else [], made,
                         avatar=rng.random() < 0.85)
        regular.weight = 1 / (i + 6) ** 0.8
        found[handle] = regular
        regulars.append(regular)
    for key, handle, nick, joined in T.SPAMMERS:
        found[key] = member(key, handle, nick, [], day(joined) + timedelta(
            hours=rng.randint(0, 23)), avatar=False)
    return found, regulars


PEOPLE, REGULARS = people()
ROLE = {n: (Ids.at(day("2021-04-12") + timedelta(minutes=p)), T.ROLE_NAMES.get(n, n), c, p)
        for n, c, p in T.ROLES}
GUILD_ID = Ids.at(day("2021-04-12") + timedelta(hours=9))
CAT_ID = {k: Ids.at(day("2021-04-12") + timedelta(hours=9, seconds=i))
          for i, k in enumerate(T.CATEGORIES)}
CHAN_ID = {k: Ids.at(day(made) + timedelta(hours=10, minutes=i))
           for i, (k, (_, _, made)) in enumerate(T.CHANNELS.items())}
LUMEN_EMOJI = Ids.at(day("2022-02-02"))
MSGS: list[Msg] = []


# ------------------------------------------------------------------ the script, in time
LINE = re.compile(r"^([\w.]+)(>([\w.]*))?: ?(.*)$", re.S)
TOKEN = re.compile(r"\s*\[\[(\w+)(?::([^\]]*))?\]\]")
MENTION = re.compile(r"\{@([\w.]+)\}")


def pick(exclude: set[str]) -> Member:
    pool = [m for m in REGULARS if m.key not in exclude]
    return rng.choices(pool, [m.weight for m in pool])[0]


def at(text: str) -> datetime:
    """``"2 03:12"`` or ``"2 03:12:04"``: day 1..4 of the export, UTC."""
    d, hms = text.split()
    h, m, *s = (int(x) for x in hms.split(":"))
    return START + timedelta(days=int(d) - 1, hours=h, minutes=m,
                             seconds=s[0] if s else rng.randint(0, 59),
                             milliseconds=rng.randint(0, 999))


def earliest(*texts: str) -> datetime:
    """``[[after:D HH:MM]]`` in any line keeps a randomly placed conversation after then."""
    found = [m.group(1) for t in texts for m in re.finditer(r"\[\[after:([^\]]+)\]\]", t)]
    return max([at(f) for f in found], default=START)


def random_time(chan: str, after: datetime = START, text: str = "") -> datetime:
    """A busy-hours-weighted moment; a weekday named in the text pins the day."""
    named = [w in text.lower() for w in ("wednesday", "thursday", "friday", "saturday")]
    weights = DAYS.get(chan, [10, 10, 10, 10])
    while True:
        d = named.index(True) if any(named) and "somewhere" not in text else \
            rng.choices(range(4), weights)[0]
        when = START + timedelta(days=d, hours=rng.choices(range(24), HOURS)[0],
                                 seconds=rng.uniform(0, 3600))
        if after < when < END - timedelta(minutes=45):
            return when


def expand(chan: str, when: datetime, lines: list[str]) -> list[Msg]:
    """Turn ``who[>target]: text`` lines into messages a plausible typing time apart."""
    slots: dict[str, Member] = {}
    latest: dict[str, Msg] = {}
    out: list[Msg] = []
    for line in lines:
        match = LINE.match(line)
        assert match, line
        who, arrow, target, text = match.groups()
        if who not in slots:
            slots[who] = PEOPLE[who] if who in PEOPLE else pick({m.key for m in slots.values()})
        opts = dict(TOKEN.findall(text))
        text = TOKEN.sub("", text).strip()
        if out:
            when += timedelta(seconds=rng.uniform(8, 70) + len(text) * rng.uniform(0.1, 0.45),
                              minutes=int(opts.get("wait", 0)))
        for slot in MENTION.findall(text):
            slots.setdefault(slot, PEOPLE.get(slot) or pick({m.key for m in slots.values()}))
        msg = Msg(chan, when, slots[who], MENTION.sub(lambda m: "@" + slots[m[1]].nick, text),
                  mentions=[slots[s] for s in MENTION.findall(text)], pinned="pin" in opts,
                  files=[v for k, v in opts.items() if k in ("img", "file")])
        if arrow:  # siblings answering the opener all reply to the opener
            sibling = out[-1].reply_to is out[0] and slots[who] is not out[0].author
            msg.kind = "Reply"
            msg.reply_to = latest[target] if target else out[0] if sibling else out[-1]
            if msg.reply_to.author is not msg.author and rng.random() < 0.35:
                msg.mentions.insert(0, msg.reply_to.author)  # the reply pinged its author
        if "edit" in opts or (len(text) > 80 and rng.random() < 0.06):
            msg.edited = when + timedelta(seconds=rng.uniform(20, 900))
        latest[who] = msg
        out.append(msg)
    MSGS.extend(out)
    return out


def combos(parts: list[str], fills: dict[str, list[str]], n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        text = rng.choice(parts)
        for key, values in fills.items():
            text = text.replace("{" + key + "}", rng.choice(values), 1)
        out.add(text)
    return sorted(out)


def kit_lines(chan: str, opener: str, answers: list[str], thanks: list[str]) -> list[str]:
    lines = [f"A: {opener}"]
    if chan != "help":  # in #dev, the people who answer are the ones who review and merge
        crowd = rng.sample(DEVS, 3) if chan == "dev" else ["B", "C", "D"]
        return lines + [f"{s}>A: {answers.pop()}" for s in crowd[: rng.randint(1, 3)] if answers]
    if not answers:
        return lines
    who = rng.choice(["B", "B", "C", "D", "juni", "tanuki", "moss"])
    if rng.random() < 0.2:
        lines.append(f"C>A: {rng.choice(T.HELP_METOO)}")
    if rng.random() < 0.25:
        lines += [f"{who}>A: {rng.choice(T.HELP_PROBES)}",
                  f"A>{who}: {rng.choice(T.HELP_PROBE_ANSWERS)}"]
    lines.append(f"{who}>A: {answers.pop()}")
    if rng.random() < 0.25:
        lines.append(f"A>{who}: {rng.choice(T.HELP_FOLLOWUPS)}")
    if thanks and rng.random() < 0.6:
        lines.append(f"A>{who}: {thanks.pop()}")
    return lines


def timeline() -> None:
    """Storylines at fixed times, then recurring topics and one-liners, then system notices."""
    for chan, fixed, lines in (T.STORIES + T.HELP + T.GENERAL + T.DEV + T.SHOWCASE + T.OFFTOPIC
                               + T.MORE + T.NITRO_AFTER + T.RING_AFTER):
        expand(chan, at(fixed) if fixed else random_time(chan, earliest(*lines)), lines)
    for chan, stamp, text in T.NITRO_WAVE:  # a compromised long-time member
        MSGS.append(Msg(chan, at(stamp), PEOPLE["pixelfern"], text))
    for who, chan, stamp, text in T.RING_WAVE + T.SINGLE_SPAM:
        MSGS.append(Msg(chan, at(stamp), PEOPLE[who], text))
    for chan, stamp, text in T.INVITE_WAVE:
        MSGS.append(Msg(chan, at(stamp), PEOPLE["alpha"], text))
    first = {c: min(m.ts for m in MSGS if m.chan == c) for c in T.THREADS}
    thanks = rng.sample(T.THANKS * 3, len(T.THANKS) * 3)
    for chan, kits in T.KITS.items():
        for openers, answers in kits:
            answers = rng.sample(answers, len(answers))
            for opener in openers:
                lines = kit_lines(chan, opener, answers, thanks)
                expand(chan, random_time(chan, max(first.get(chan, START), earliest(opener))),
                       lines)
    extra = {"general": combos(["{g}{t}"] * 3 + ["{v} {s}{e}"], {
        "g": T.GREET_WORDS, "t": T.GREET_TAILS, "city": T.CITIES, "v": T.STATUS_VERBS,
        "s": T.STATUS_SITES, "e": T.STATUS_TAILS}, 60),
        "off-topic": combos(T.OFFTOPIC_ONE, T.OFFTOPIC_FILL, 18)}
    replies = rng.sample(T.SHORT_REPLIES * 3, len(T.SHORT_REPLIES) * 3)
    for chan, target in TARGETS.items():
        pool = list(T.SINGLES.get(chan) or T.THREAD_SINGLES.get(chan, [])) + extra.get(chan, [])
        rng.shuffle(pool)
        while pool and sum(m.chan == chan for m in MSGS) < target:
            text = pool.pop()
            when = random_time(chan, max(first.get(chan, START), earliest(text)), text)
            text = text.replace("{weekday}", when.strftime("%A").lower())
            chatty = chan in ("general", "off-topic") and replies \
                and rng.random() < 0.2
            posts = [m for m in MSGS if m.chan == "showcase" and m.files and m.ts < when]
            if chan == "showcase" and posts:  # compliments answer someone's post
                post = rng.choice(posts)
                MSGS.append(Msg(chan, when, pick({post.author.key}), text, "Reply", post))
                continue
            who = rng.choice(DEVS) if chan == "dev" and rng.random() < 0.75 else "A"
            expand(chan, when, [f"{who}: {text}"] + ([f"B>: {replies.pop()}"] if chatty else []))
    system_notices()


def system_notices() -> None:
    """Joins (#general is the system channel), CI runs, pin notices, thread notices."""
    for key in ("kairo", "vela", "mira", "steam", "jobs", "alpha", "essay"):
        first_post = min(m.ts for m in MSGS if m.author is PEOPLE[key])
        MSGS.append(Msg("general", first_post - timedelta(minutes=rng.uniform(4, 50)),
                        PEOPLE[key], "Joined the server.", kind="GuildMemberJoin"))
    for newcomer in rng.sample(REGULARS[60:], 9):
        MSGS.append(Msg("general", random_time("general"), newcomer, "Joined the server.",
                        kind="GuildMemberJoin"))
    for i in range(18):
        when, passed = random_time("dev"), rng.random() < 0.8
        embed = demo_github.ci_run(rng, i, iso(when), passed)
        MSGS.append(Msg("dev", when, PEOPLE["ci"], "", embeds=[embed]))
    for pinned in [m for m in MSGS if m.pinned]:
        pinner = pinned.author if pinned.author.key in ("quill", "moss", "reed") \
            else PEOPLE["reed"]
        MSGS.append(Msg(pinned.chan, pinned.ts + timedelta(seconds=rng.uniform(20, 200)),
                        pinner, "Pinned a message.", kind="ChannelPinnedMessage",
                        ref_msg=pinned))
    for key, (parent, _) in T.THREADS.items():
        if parent != "help-forum":  # forum posts have no notice; they *are* their opener
            opener = min((m for m in MSGS if m.chan == key), key=lambda m: m.ts)
            MSGS.append(Msg(parent, opener.ts - timedelta(seconds=rng.uniform(3, 9)),
                            opener.author, "Started a thread.", kind="ThreadCreated",
                            ref_thread=key))


# ------------------------------------------------------------------ reactions and embeds
LINKS = re.compile(r"https://github\.com/lumen-dev/lumen/(issues|pull)/(\d+)")


def decorate(m: Msg) -> None:
    for kind, num in dict.fromkeys(LINKS.findall(m.content)):
        m.embeds.append(demo_github.link_preview(kind, int(num)))
    if m.kind not in ("Default", "Reply") or m.author.bot:
        return
    if m.chan in ("general", "showcase") and m.author.roles and rng.random() < 0.08:
        m.content += " :lumen:"  # the server's custom emoji, as DCE renders it in content
    spam = m.author.key in {s[0] for s in T.SPAMMERS}
    showcase = m.chan == "showcase" and bool(m.files)
    chance = 0.95 if showcase or m.pinned else 0.4 if m.author.key in TEAM else \
        0.12 if spam else 0.08
    if rng.random() > chance:
        return
    choices = (["🔥", "🎉", "❤️", "lumen", "💯", "🚀"] if showcase else ["🚩", "😂"] if spam
               else ["🙏", "✅", "❤️", "👍"] if m.author.key in TEAM else T.REACT_EMOJI)
    many = showcase or m.pinned or "PSA" in m.content
    for emoji in rng.sample(choices, rng.choice([1, 1, 2, 3]) if showcase else 1):
        voters = [r for r in REGULARS if r is not m.author]
        m.reactions.append((emoji, rng.sample(voters, rng.randint(2, 9) if many
                                              else rng.randint(1, 3))))


# ------------------------------------------------------------------ files
def assign_ids() -> dict[str, int]:
    """Message ids in time order (one ms apart at least); forum posts take their opener's id;
    text-channel threads are created just before their "Started a thread." notice."""
    MSGS.sort(key=lambda m: m.ts)
    last_ms = 0
    for m in MSGS:
        last_ms = max(int(m.ts.timestamp() * 1000), last_ms + 1)
        m.ts = datetime.fromtimestamp(last_ms / 1000, UTC)
        m.id = Ids.at(m.ts)
        m.file_ids = [Ids.at(m.ts) for _ in m.files]
        if m.edited:
            m.edited = m.edited.replace(microsecond=m.edited.microsecond // 1000 * 1000)
    ids = dict(CHAN_ID)
    for key, (parent, _) in T.THREADS.items():
        if parent == "help-forum":
            ids[key] = next(m for m in MSGS if m.chan == key).id
        else:
            notice = next(m for m in MSGS if m.ref_thread == key)
            ids[key] = Ids.at(notice.ts - timedelta(milliseconds=180))
    return ids


def channel_json(key: str, ids: dict[str, int]) -> dict[str, Any]:
    if key in T.THREADS:  # DCE writes a thread's parent channel as its "category"
        parent, title = T.THREADS[key]
        return {"id": str(ids[key]), "type": "GuildPublicThread",
                "categoryId": str(ids[parent]), "category": parent, "name": title, "topic": None}
    cat, topic, _ = T.CHANNELS[key]
    return {"id": str(ids[key]), "type": "GuildTextChat", "categoryId": str(CAT_ID[cat]),
            "category": T.CATEGORIES[cat], "name": key, "topic": topic}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def write_exports(ids: dict[str, int]) -> list[Path]:
    """One file per channel and thread; the forum channel itself has no messages to export."""
    server = Server(GUILD_ID, ROLE, ids, {"lumen": LUMEN_EMOJI},
                    {e.replace("\ufe0f", ""): c for e, c in T.EMOJI_CODES.items()})
    places = [k for k in T.CHANNELS if k != "help-forum"] + list(T.THREADS)
    written = []
    for i, key in enumerate(places):
        msgs = [m for m in MSGS if m.chan == key]
        doc = {"guild": {"id": str(GUILD_ID), "name": GUILD, "iconUrl": "https://cdn."
                         f"discordapp.com/icons/{GUILD_ID}/{hexid('icon')}.png?size=512"},
               "channel": channel_json(key, ids),
               "dateRange": {"after": iso(START), "before": iso(END)},
               "exportedAt": iso(EXPORTED + timedelta(seconds=i * 2.7 + rng.random()), 7),
               "messages": [message_json(server, m) for m in msgs], "messageCount": len(msgs)}
        parent, title = T.THREADS.get(key, (key, ""))
        path = OUT / f"lumen-community--{parent}{'--' + slug(title) if title else ''}.json"
        path.write_text(dumps(doc), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    timeline()
    for m in MSGS:
        decorate(m)
    ids = assign_ids()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    files = write_exports(ids)
    issues = demo_github.build(SEED, EXPORTED)
    (OUT / "issues.json").write_text(json.dumps(issues, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    size = sum(p.stat().st_size for p in OUT.glob("*.json"))
    print(f"{len(files)} exports, {len(MSGS)} messages, {len({m.author for m in MSGS})} "
          f"authors, {len(issues)} issues and pull requests, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
