"""The evidence packet is bounded and clean; extractive summaries are marked quotes."""

from __future__ import annotations

from triagebot.llm.evidence import (
    EvidenceTopic,
    build_packet,
    clean,
    estimate_tokens,
    extractive_summary,
)


def topic(*excerpts: str, title: str = "#412 Live-reload crashes on Windows") -> EvidenceTopic:
    return EvidenceTopic(
        ref="1", title=title, people=4, messages=9, threads=2, excerpts=tuple(excerpts)
    )


def test_mentions_and_invisible_characters_are_stripped() -> None:
    text = "<@123> <@!456> <@&789> see <#42> @everyone @HERE cr\u200bash <:pepe:123456>"
    assert clean(text) == "see cr" + "ash :pepe:"


def test_duplicates_are_dropped_by_normalised_text() -> None:
    (packet,) = build_packet([topic("Reload crashes!", "reload   CRASHES", "<@1> reload crashes")])
    assert packet.excerpts == ("Reload crashes!",)


def test_at_most_twelve_excerpts_in_central_order() -> None:
    (packet,) = build_packet([topic(*(f"excerpt number {i}" for i in range(30)))])
    assert packet.excerpts == tuple(f"excerpt number {i}" for i in range(12))


def test_each_excerpt_is_truncated_to_about_forty_tokens() -> None:
    long = "the reload server dies when a file is saved twice " * 20
    (packet,) = build_packet([topic(long, "x" * 1000)])
    assert all(estimate_tokens(e) <= 40 for e in packet.excerpts)
    assert packet.excerpts[0].endswith("…")
    assert packet.excerpts[0].startswith("the reload server dies")


def test_empty_excerpts_vanish_but_the_topic_stays() -> None:
    packet = build_packet([topic("<@1>", "@everyone", "\u200b")])
    assert packet[0].excerpts == ()
    assert packet[0].ref == "1"


def test_title_is_cleaned_too() -> None:
    (packet,) = build_packet([topic("x", title="<@&5> @here urgent crash")])
    assert packet.title == "urgent crash"


def test_limits_are_parameters() -> None:
    (packet,) = build_packet(
        [topic("a b c d e f g h", "x", "y")], max_excerpts=2, max_tokens_each=1
    )
    assert len(packet.excerpts) == 2
    assert all(len(e) <= 4 for e in packet.excerpts)


def test_extractive_summary_quotes_the_most_central_excerpt() -> None:
    summary = extractive_summary(
        topic("Reload crashes on save. It happens on Windows 11.", "Same for me on win10")
    )
    assert summary.startswith('People report: "Reload crashes on save.')
    assert "<@" not in summary


def test_extractive_summary_is_bounded_to_three_sentences_and_300_chars() -> None:
    many = " ".join(f"Sentence {i} says something." for i in range(10))
    summary = extractive_summary(topic(many))
    assert summary.count("says something.") == 3
    huge = extractive_summary(topic("word " * 500))
    assert len(huge) <= 300
    assert huge.endswith('…"')


def test_extractive_summary_strips_mentions_and_falls_back_to_the_title() -> None:
    assert "@everyone" not in extractive_summary(topic("@everyone <@1> crash on save"))
    assert extractive_summary(topic()) == 'People report: "#412 Live-reload crashes on Windows"'


def test_a_second_quote_is_of_someone_else_who_hit_the_problem() -> None:
    first = "my dev server crashes when I save"
    joined = extractive_summary(topic(first, "same here, my laptop crashes too"))
    assert joined.count('"') == 4  # two quotes
    note = extractive_summary(topic(first, "PR for the crash is up, small one"))
    assert note == f'People report: "{first}"'
