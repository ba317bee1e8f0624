"""Fitting replies into Discord's limits: whole lines give way, the list says how many."""

from __future__ import annotations

from triagebot.bot.fitting import Section, fit, fit_lines, more, shorten, within


def numbered(count: int, width: int = 50) -> list[str]:
    return [f"{n}. " + "x" * (width - 3 - len(str(n))) for n in range(1, count + 1)]


def test_a_reply_that_fits_is_left_as_it_is() -> None:
    sections = [Section("Open issues:", numbered(3)), Section("Earlier:", ["a", "b"], "end")]
    expected = "\n".join(["Open issues:", *numbered(3)]) + "\n\nEarlier:\na\nb\nend"
    assert fit(sections) == expected


def test_the_last_list_gives_way_first_and_says_how_many_went() -> None:
    issues, earlier = numbered(30), numbered(10)
    text = fit([Section("Open issues:", issues), Section("Earlier:", earlier)], limit=1000)
    assert len(text) <= 1000
    head, tail = text.split("\n\n")
    assert tail == f"Earlier:\n{more(10)}"  # every discussion went before any issue
    kept = len(head.splitlines()) - 2
    assert head.splitlines() == ["Open issues:", *issues[:kept], more(30 - kept)]


def test_the_first_list_keeps_its_best_lines() -> None:
    lines = numbered(60)
    text = fit([Section("Open issues:", lines)], limit=2000)
    shown = text.splitlines()
    assert len(text) <= 2000
    assert shown[0] == "Open issues:"
    assert shown[1:-1] == lines[: len(shown) - 2]  # whole lines, best first, none cut
    assert shown[-1] == more(60 - (len(shown) - 2))
    assert len(text) + len(lines[len(shown) - 2]) + 1 > 2000  # not one line more would fit


def test_an_entry_of_several_lines_goes_whole_and_the_closing_line_stays() -> None:
    entries = [f"- check {n}\n  last error: `{'e' * 80}`" for n in range(10)]
    text = fit([Section("health: fail", entries, "Run status.")], limit=500)
    assert len(text) <= 500
    assert text.endswith("Run status.")
    assert text.count("- check") == text.count("last error")


def test_headings_too_long_for_any_list_lose_whole_lines_last() -> None:
    text = fit([Section("h" * 1500, ["a"]), Section("g" * 1500)], limit=2000)
    assert text == "h" * 1500 + "\n" + more(1)  # the second heading went whole
    assert len(fit([Section("h" * 3000)], limit=2000)) == 2000


def test_a_plain_list_and_a_plain_reply() -> None:
    assert fit_lines(["a", "b"]) == "a\nb"
    assert fit_lines(numbered(40), limit=1024).endswith(more(20))
    assert within("short") == "short"
    assert within("line one\n" + "x" * 2500) == "line one"


def test_shorten_cuts_plain_text_with_an_ellipsis() -> None:
    assert shorten("x" * 100) == "x" * 100
    assert shorten("x" * 101) == "x" * 99 + "…"
    assert len(shorten("#12 " + "word " * 40)) <= 100
