"""The digest, written for Discord, reads as plain text in a terminal."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rich.text import Text

from triagebot.bot.digest_text import render
from triagebot.cli.discord_text import terminal_text
from triagebot.core.digest import Digest, DigestItem


def styled(text: Text, style: str) -> list[str]:
    return [text.plain[s.start : s.end] for s in text.spans if style in str(s.style)]


def test_bold_markers_become_bold_text() -> None:
    text = terminal_text("**Top 5 for Saturday 21 November**\n\n**1. #412 Crash** on reload")
    assert text.plain == "Top 5 for Saturday 21 November\n\n1. #412 Crash on reload"
    assert styled(text, "bold") == ["Top 5 for Saturday 21 November", "1. #412 Crash"]


def test_escapes_are_removed() -> None:
    text = terminal_text(r"OSError \[WinError 10038\] in C:\\lumen")
    assert text.plain == r"OSError [WinError 10038] in C:\lumen"


def test_link_brackets_are_removed_and_other_angle_brackets_kept() -> None:
    text = terminal_text("see <https://github.com/o/r/issues/412> if a < b > c, <@\u200b123>")
    assert text.plain == "see https://github.com/o/r/issues/412 if a < b > c, <@\u200b123>"


def test_small_print_loses_its_marker_and_is_dimmed() -> None:
    text = terminal_text("Shown here.\n-# Not the same thing? Press **Not related**.")
    assert text.plain == "Shown here.\nNot the same thing? Press Not related."
    assert styled(text, "dim") == ["Not the same thing? Press ", "Not related", "."]
    assert styled(text, "bold") == ["Not related"]


NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CRASH = DigestItem(
    rank=1,
    key="issue:412",
    title="Live-reload crashes: OSError [WinError 10038]",
    summary="People report the server dies on reload.",
    issue=412,
    issue_url="https://github.com/lumen-dev/lumen/issues/412",
    people=33,
    messages=80,
    threads=4,
    channels=3,
    score=2.5,
    breakdown={"people": 2.5},
    links=["https://discord.com/channels/1/2/3"],
    new=False,
    why="33 people · 3 channels · crash",
)


def test_the_posted_digest_reads_as_plain_text() -> None:
    posted = render(Digest(date(2026, 11, 21), NOW, [CRASH]))
    assert "**" in posted and "\\[" in posted and "<https://" in posted  # Discord's markup
    shown = terminal_text(posted).plain
    assert shown.splitlines() == [
        "Top 1 for Saturday 21 November",
        "",
        "1. Live-reload crashes: OSError [WinError 10038]",
        "People report the server dies on reload. (quoted from the messages)",
        "33 people · 3 channels · crash — https://github.com/lumen-dev/lumen/issues/412",
        "https://discord.com/channels/1/2/3",
    ]


def test_a_quiet_day_reads_plainly() -> None:
    quiet = render(Digest(date(2026, 11, 21), NOW))
    assert quiet.startswith("**")
    expected = "Saturday 21 November: a quiet day — nothing needs a maintainer."
    assert terminal_text(quiet).plain == expected
