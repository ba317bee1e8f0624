"""Telling the people who hit a problem from those who speak about it."""

from __future__ import annotations

import pytest

from triagebot.core.first_hand import reads_first_hand, tells_own_trouble


@pytest.mark.parametrize(
    "text",
    [
        "after upgrading to 0.9.2 lumen serve dies the moment I save a file",
        "footnotes render in the wrong order on my long post (10+ notes)",
        "we can't deploy since the update, our CI fails on the build step",
    ],
)
def test_people_telling_of_their_own_trouble(text: str) -> None:
    assert reads_first_hand(text)


@pytest.mark.parametrize(
    "text",
    [
        "Collecting the crash reports here. Please post: Windows version, Python version",
        "working on it: 0.9.3 refuses to clean when output_dir contains lumen.toml",
        "PR for the footnote ordering (#377) is up, small one",
        "I'm collecting these in one thread, please share your build log here",
        "if you hit this, post your lumen.toml here and I'll have a look",
    ],
)
def test_organisers_and_maintainers_speaking_about_it(text: str) -> None:
    assert not reads_first_hand(text)


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("same crash on windows 11 here", True),
        ("+1, 0.9.2 broke the theme", True),
        ("my build dies the same way", True),
        ("known bug in 0.9.2, use serve --no-reload until 0.9.3", False),
        ("you need to tell the applications to use the right audio output plugin", False),
    ],
)
def test_a_me_too_tells_of_the_writers_own_trouble_a_helpers_answer_does_not(
    text: str, own: bool
) -> None:
    assert tells_own_trouble(text) is own
