"""Chat markup rendered for a reader: names for mentions, short links, no code marks."""

from __future__ import annotations

from triagebot.core.readable import Names, headline, readable, short_link

NAMES = Names(people={11: "alice"}, channels={22: "help"}, roles={33: "mods"})


def test_mentions_become_names_and_unknown_ids_a_placeholder() -> None:
    text = "<@11> and <@!99> in <#22> asked <@&33> and <#44>"
    assert readable(text, NAMES) == "@alice and @someone in #help asked @mods and #channel"


def test_an_issue_link_reads_as_its_reference_and_other_links_as_their_host() -> None:
    assert short_link("https://github.com/lumen-dev/lumen/issues/412") == "lumen-dev/lumen#412"
    assert short_link("https://github.com/lumen-dev/lumen/pull/416).") == "lumen-dev/lumen#416)."
    assert short_link("https://www.netlify.com/blog/some/long/path?x=1") == "netlify.com"
    text = "see <https://github.com/lumen-dev/lumen/issues/405> or https://docs.example.org/a/b"
    assert readable(text) == "see lumen-dev/lumen#405 or docs.example.org"


def test_code_marks_and_emphasis_go_and_whitespace_folds() -> None:
    text = "**broken**: `lumen serve`\n```\nOSError: [WinError 10038]\n```  <:pepe:123>"
    assert readable(text) == "broken: lumen serve OSError: [WinError 10038] :pepe:"


def test_a_headline_is_the_first_sentence_cut_at_a_word_never_inside_a_link() -> None:
    text = "My RSS feed shows every post one day early. Site timezone is Europe/Berlin."
    assert headline(text) == "My RSS feed shows every post one day early."
    long = "the dev server " + "really " * 30 + "crashes https://example.com/" + "x" * 80
    cut = headline(long, limit=60)
    assert len(cut) <= 60 and cut.endswith("…") and "https" not in cut
