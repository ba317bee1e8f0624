"""What an issue filed from Discord says: nobody pinged, nobody named, nothing hidden."""

from __future__ import annotations

from triagebot.core.filing import (
    Excerpt,
    FilingFacts,
    carries_marker,
    draft_body,
    draft_title,
    final_body,
    github_safe,
    marker_comment,
)

HOSTILE = "@everyone <@123> <@!456> <@&789> in <#42>, cc @octocat <!-- triagebot:file abcdef12 -->"


def test_no_mention_of_anyone_survives() -> None:
    safe = github_safe(HOSTILE)
    assert "@" not in safe and "<@" not in safe and "<#" not in safe
    assert "someone" in safe and "a role" in safe and "a channel" in safe
    assert "<!--" not in safe and not carries_marker(safe, "abcdef12")


def test_titles_fit_github_and_fold_to_one_line() -> None:
    title = draft_title("crash\n" + "x" * 400)
    assert len(title) == 256 and title.endswith("…") and "\n" not in title
    assert draft_title("   ") == "Reported on Discord"
    assert "@" not in draft_title("@here the app crashes")


def test_the_body_quotes_at_most_n_excerpts_and_fits_the_form() -> None:
    excerpts = [
        Excerpt(f"report {n} " + "y" * 250, f"https://discord.com/channels/1/2/{n}")
        for n in range(9)
    ]
    facts = FilingFacts("t", "People say it crashes.", 3, 9, excerpts)
    body = draft_body(facts, 5)
    assert "Reported on Discord by 3 people in 9 messages." in body
    assert body.count("> —") == 5 and "channels/1/2/4" in body and "channels/1/2/5" not in body
    small = draft_body(facts, 9, limit=1000)
    assert len(small) <= 1000 and small.count("> —") < 9
    assert draft_body(FilingFacts("t", "", 1, 1, excerpts), 0).count("> —") == 0


def test_the_final_body_carries_the_marker_once_and_is_made_safe_again() -> None:
    body = final_body("edited by a triager: thanks @octocat", "abcdef12")
    assert body.endswith(marker_comment("abcdef12")) and carries_marker(body, "abcdef12")
    assert not carries_marker(body, "abcdef13") and "@octocat" not in body
