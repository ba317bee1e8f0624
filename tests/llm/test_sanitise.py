"""Whatever the model answers, what is posted cannot ping, link out or sprawl."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from triagebot.llm.sanitise import plain_prose, sanitise_summary

HOSTILE = "@everyone <@123> click https://evil.example [x](https://evil.example) " + "A" * 10000


def test_hostile_text_is_defused() -> None:
    out = sanitise_summary(HOSTILE, allowed_links=())
    assert "@everyone" not in out
    assert "<@" not in out
    assert "evil.example" not in out
    assert "](" not in out
    assert len(out) <= 400


def test_role_channel_and_here_mentions_go() -> None:
    out = sanitise_summary("Ask <@&55> in <#66> or @Here or <@!77>.", ())
    assert out == "Ask in or or ."


def test_allowed_links_stay_and_others_go() -> None:
    ok = "https://github.com/acme/lumen/issues/412"
    out = sanitise_summary(f"See {ok}. Or www.evil.example and <https://evil.example/x>.", [ok])
    assert ok in out
    assert "evil" not in out


def test_markdown_links_lose_their_mask() -> None:
    ok = "https://github.com/acme/lumen/issues/412"
    out = sanitise_summary(f"[the issue]({ok}) and [free nitro](https://dlscord.gift)", [ok])
    assert "](" not in out
    assert f"the issue {ok}" in out
    assert "dlscord" not in out
    assert "free nitro" in out


def test_whitespace_is_collapsed_and_zero_width_removed() -> None:
    assert (
        sanitise_summary("  Reload\n\n crashes\u200b\t on save. ", ()) == "Reload crashes on save."
    )


def test_long_text_is_cut_at_a_sentence_boundary() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    out = sanitise_summary(text, (), max_chars=100)
    assert len(out) <= 100
    assert out.endswith("is here.")


def test_text_without_sentences_is_cut_at_a_word_with_an_ellipsis() -> None:
    out = sanitise_summary("word " * 200, (), max_chars=50)
    assert len(out) <= 50
    assert out.endswith("word…")


@given(
    st.text(
        alphabet=st.sampled_from(list("<@&#>!123 everyonehr[]()https:/.exampl\u200b")), max_size=300
    )
)
def test_no_input_yields_a_ping_or_foreign_link(text: str) -> None:
    out = sanitise_summary(text, (), max_chars=120)
    assert len(out) <= 120
    assert "@everyone" not in out.lower()
    assert "@here" not in out.lower()
    assert re.search(r"<@[!&]?\d+>|<#\d+>", out) is None
    assert re.search(r"(https?)://", out, re.IGNORECASE) is None


def test_markdown_headings_lists_and_emphasis_become_plain_prose() -> None:
    text = (
        "# Summary\n\n> **Reload** crashes on __Windows__.\n"
        "* It started in *2.3*.\n---\n1. `lumen dev` hangs."
    )
    assert plain_prose(text) == "Reload crashes on Windows. It started in 2.3. lumen dev hangs."


def test_a_heading_that_is_all_there_is_keeps_its_words() -> None:
    assert plain_prose("### Reload crashes on Windows") == "Reload crashes on Windows"


def test_issue_numbers_and_arithmetic_are_not_formatting() -> None:
    text = "#412 is back; 2 * 3 people see it, and file_name_here is wrong."
    assert plain_prose(text) == text


def test_code_fences_go_but_their_words_stay() -> None:
    assert plain_prose("```text\nReload crashes.\n```") == "Reload crashes."
