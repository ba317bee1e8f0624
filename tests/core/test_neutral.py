"""``neutralise``: quoted text reads the same but can ping no one and hides no link."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from triagebot.core.neutral import ZWSP, clip, neutralise

PINGS = re.compile(r"<@[!&]?\d+>|@everyone|@here")
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")


def test_mentions_are_broken_with_a_zero_width_space() -> None:
    assert neutralise("hi @everyone and @here") == f"hi @{ZWSP}everyone and @{ZWSP}here"
    assert neutralise("<@123> <@!456> <@&789>") == f"<@{ZWSP}123> <@{ZWSP}!456> <@{ZWSP}&789>"
    assert neutralise("@EVERYONE") == f"@{ZWSP}EVERYONE"


def test_masked_links_are_escaped() -> None:
    assert neutralise("[free nitro](https://evil.example)") == (
        "\\[free nitro\\](https://evil.example)"
    )
    # An escaped backslash must not turn the bracket back into markup.
    assert neutralise("\\[x](https://evil.example)") == "\\\\\\[x\\](https://evil.example)"


def test_ordinary_text_is_left_alone() -> None:
    text = "Crash on reload (Windows 11) — see #123, email me at a@b.c, <#42>"
    assert neutralise(text) == text


@given(st.text(alphabet=st.sampled_from(list("<>@&!0123456789[]()\\ everyonhr")), max_size=60))
def test_nothing_neutralised_can_ping_or_hide_a_link(text: str) -> None:
    safe = neutralise(text)
    assert not PINGS.search(safe)
    assert not MASKED_LINK.search(_unescape_pairs(safe))
    assert safe.replace(ZWSP, "").replace("\\", "") == text.replace("\\", "")


def _unescape_pairs(text: str) -> str:
    """Drop escaped backslashes, as Discord's renderer does before reading markup."""
    return text.replace("\\\\", "")


def test_clip() -> None:
    assert clip("short", 10) == "short"
    assert clip("a  b\nc", 10) == "a b c"
    assert clip("a very long title indeed", 10) == "a very lo…"
