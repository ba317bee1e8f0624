"""Every reply the bot composes fits Discord's limits, judged by the fake Discord's
own rules (``tests.fakes.discord_limits``): what would have been refused whole now
arrives, shorter by whole lines and saying how many went."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes.discord_limits import choice_problems, message_problems
from triagebot.bot import health_wording, mod_wording, wording
from triagebot.bot.fitting import ELLIPSIS, more
from triagebot.core.discussions import PastMessage
from triagebot.core.health import Check, Heartbeat, Level
from triagebot.core.issues import IssueInfo
from triagebot.core.matching import Candidate, IssueRef
from triagebot.core.spam.incidents import Copy, IncidentView
from triagebot.triage.discussions import Discussion

GUILD = 200_000_000_000 << 22
REPO = "lumen-community-extensions/lumen-hot-reload-dev-server-for-windows"  # a real-sized name
ORDINARY = "Hot reload server crashes with EADDRINUSE on Windows after saving a file twice "
BRACKETS = "[Bug] [Windows] `x` <y> [[crash]] [[reload]] [] [] "  # escaped: 1.4x as long
BRACKET_CHAT = "[[Bug]] [[Windows]] `x` <y> [] "


def long_title(pattern: str, n: int) -> str:
    return (f"{n} " + pattern * 10)[:250]


def candidates(pattern: str, count: int) -> list[Candidate]:
    return [
        Candidate(IssueRef(n, REPO, 1000 + n, long_title(pattern, n)), 0.9 - n / 100)
        for n in range(1, count + 1)
    ]


def urls(found: list[Candidate]) -> dict[int, str]:
    return {c.issue.key: f"https://github.com/{REPO}/issues/{c.issue.number}" for c in found}


def discussions(text: str, count: int = 3) -> list[Discussion]:
    when = datetime(2025, 3, 1, tzinfo=UTC)
    return [
        Discussion(PastMessage(900 + n, GUILD, 100 + n, None, when, text * 4), 0.8)
        for n in range(count)
    ]


def refused(content: str) -> bool:
    return bool(message_problems({"content": content}))


def test_nine_ordinary_titles_with_earlier_discussions_fit_one_message() -> None:
    found = candidates(ORDINARY, 9)
    earlier = discussions("the hot reload server crashed again on windows ")
    whole = wording.similar_reply(found, urls(found), "this thread", earlier, limit=10**6)
    assert refused(whole)  # as it was composed before: Discord answered 400
    reply = wording.similar_reply(found, urls(found), "this thread", earlier)
    assert not refused(reply)
    issues, rest = reply.split("\n\n")
    assert rest == f"Earlier discussions elsewhere:\n{more(3)}"  # they give way first
    lines = issues.splitlines()
    kept = len(lines) - 2
    assert lines[0] == "Open issues most like this thread:"
    assert lines[1:-1] == whole.splitlines()[1 : kept + 1]  # the best, whole, in order
    assert lines[-1] == more(9 - kept) and kept >= 7


def test_five_bracket_heavy_titles_fit_and_no_escape_is_cut_in_half() -> None:
    found = candidates(BRACKETS, 5)
    earlier = discussions(BRACKET_CHAT)
    whole = wording.similar_reply(found, urls(found), "this message", earlier, limit=10**6)
    assert refused(whole)
    reply = wording.similar_reply(found, urls(found), "this message", earlier)
    assert not refused(reply)
    for line in reply.splitlines():
        assert line in whole.splitlines() or line.startswith(ELLIPSIS), line


def test_a_list_too_long_even_without_discussions_keeps_the_best_issues() -> None:
    found = candidates(BRACKETS, 25)
    reply = wording.similar_reply(found, urls(found), "this thread")
    assert not refused(reply)
    shown = reply.splitlines()
    assert shown[1].startswith("1. #1001") and shown[-1] == more(25 - (len(shown) - 2))


def test_autocomplete_entries_fit_with_long_titles_and_long_repository_names() -> None:
    found = candidates(BRACKETS, 25) + candidates(ORDINARY, 5)
    long_repo = "an-organisation-with-a-long-name/" + "r" * 90
    entries = [
        {"name": wording.choice_name(c), "value": wording.choice_value(c.issue.repo, 1)}
        for c in found[:25]
    ]
    assert choice_problems({"choices": entries}) == []
    assert all(len(e["name"]) <= 100 and e["name"].endswith("…") for e in entries)
    assert wording.choice_value(REPO, 12) == f"{REPO}#12"
    assert wording.choice_value(long_repo, 12) == "#12"  # a cut name would name nothing
    too_long = {"name": long_title(BRACKETS, 1), "value": f"{long_repo}#12"}
    assert choice_problems({"choices": [too_long]})  # what Discord would have refused


def test_unlinking_many_issues_lists_them_within_one_message() -> None:
    issues = [
        IssueInfo(n, REPO, n, long_title(BRACKETS, n), "open", f"https://github.com/x/{n}")
        for n in range(1, 40)
    ]
    assert not refused(wording.unlinked(issues))
    assert wording.unlinked(issues).endswith(" more")
    assert wording.unlinked(issues[:1]).startswith("This thread is no longer linked to #1 — ")


def test_a_moderator_flag_with_many_reasons_and_copies_fits_its_embed() -> None:
    copies = [Copy(10_000 + n, 500 + n, 100 + n % 7, 0.9) for n in range(60)]
    reasons = [f"[rule {n}] " + "suspicious link shortener " * 12 for n in range(30)]
    incident = IncidentView(7, "open", 0.97, reasons, datetime.now(UTC), None, None, copies)
    incident.text = "[free nitro](https://evil.example) " * 60
    embed = mod_wording.flag_embed(incident, GUILD)
    embed.add_field(name="outcome", value=mod_wording.outcome_line("deleted", "m" * 90, 60, 0.9))
    assert message_problems({"embeds": [embed.to_dict()]}) == []
    fields = {f.name: f.value or "" for f in embed.fields}
    assert fields["why"].endswith(" more") and fields["copies"].endswith(" more")
    assert all(line.startswith("• ") for line in fields["why"].splitlines()[:-1])
    assert all(line.startswith("<https://") for line in fields["copies"].splitlines()[:-1])


def test_a_health_warning_about_many_problems_fits_and_keeps_its_hint() -> None:
    now = datetime.now(UTC)
    beat = Heartbeat("bot-1", now - timedelta(hours=1), now, 30.0, last_error="e" * 5000)
    problems = [Check("ingestion", Level.FAIL, "stalled " * 100)] + [
        Check(f"check {n}", Level.WARN, "slow " * 80) for n in range(20)
    ]
    text = health_wording.warning(problems, beat, "database is down " * 100)
    assert not refused(text)
    assert text.endswith(health_wording.HINT)
    assert "last error: `database is down" in text and more(1)[:-6] in text
