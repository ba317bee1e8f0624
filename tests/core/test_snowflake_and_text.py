"""Snowflake times and content hashes."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from triagebot.core.snowflake import snowflake_at, snowflake_time
from triagebot.core.text import content_hash, normalise, well_formed


def test_a_real_snowflake_tells_its_time() -> None:
    # The example id from Discord's documentation.
    assert snowflake_time(175928847299117063) == datetime(2016, 4, 30, 11, 18, 25, 796000, UTC)


@given(st.datetimes(min_value=datetime(2015, 1, 2), max_value=datetime(2100, 1, 1)))
def test_snowflake_at_round_trips_to_the_millisecond(when: datetime) -> None:
    when = when.replace(tzinfo=UTC, microsecond=when.microsecond // 1000 * 1000)
    assert snowflake_time(snowflake_at(when)) == when


def test_invisible_differences_share_a_hash() -> None:
    assert content_hash("free  nitro\u200b") == content_hash("free nitro")
    assert content_hash("ｆｒｅｅ nitro") == content_hash("free nitro")
    assert content_hash("free nitro") != content_hash("free nitr0")


def test_empty_or_invisible_content_has_no_hash() -> None:
    assert content_hash("") is None and content_hash(" \u200b\u200d ") is None


@given(st.text(max_size=4000))
def test_normalise_never_fails_and_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_a_lone_surrogate_becomes_a_replacement_character_and_nothing_else_changes() -> None:
    # JSON may carry "\\ud800"; no UTF-8 encoder (database, hash, tokenizer) takes it.
    assert well_formed("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert well_formed("ok 👨\u200d👩\u200d👧 \x00") == "ok 👨\u200d👩\u200d👧 \x00"
    assert content_hash(well_formed("\ud83d")) is not None
