"""A field quotes a message when they share a run of words, however it was rewritten."""

from __future__ import annotations

from triagebot.core.quotes import QuoteFinder


def test_a_clipped_readable_title_still_quotes_its_message() -> None:
    finder = QuoteFinder(["<@123> the export to PDF drops every embedded image since 3.2"])
    assert finder.quotes("@maya the export to PDF drops every embedded…")
    assert finder.quotes('"The export to pdf drops every embedded image."')
    assert not finder.quotes("PDF export loses images")  # the same topic, other words


def test_short_messages_count_whole_and_tiny_ones_not_at_all() -> None:
    finder = QuoteFinder(["crash on save", "ok thanks"])
    assert finder.quotes("It was: crash on save, twice")
    assert not finder.quotes("ok thanks everyone")
    assert not QuoteFinder(["ok", "ty"])
