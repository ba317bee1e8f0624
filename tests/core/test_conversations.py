"""Telling conversations apart: threads, replies, names, the same author, likeness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from tests.core.unit_vectors import unit
from triagebot.core.conversations import Windows, conversations
from triagebot.core.topic_message import TopicMessage

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


A, B, C = unit(1, 0), unit(0, 1), unit(0, 0, 1)


def say(
    n: int,
    author: int,
    text: str = "the dev server crashes whenever I save a file",
    *,
    vector: NDArray[np.float32] | None = A,
    minutes: float | None = None,
    thread: int | None = None,
    reply_to: int | None = None,
    to: tuple[int, ...] = (),
) -> TopicMessage:
    at = T0 + timedelta(minutes=n if minutes is None else minutes)
    return TopicMessage(n, author, 1, thread, at, text, vector, reply_to=reply_to, addressed=to)


def grouped(messages: list[TopicMessage], windows: Windows | None = None) -> list[list[int]]:
    return [[m.id for m in c.members] for c in conversations(messages, windows)]


def test_a_thread_is_one_conversation_whatever_is_said_in_it() -> None:
    messages = [say(1, 1, thread=7), say(2, 2, vector=B, thread=7), say(3, 3, vector=C)]
    assert grouped(messages) == [[1, 2], [3]]


def test_a_reply_joins_the_conversation_of_what_it_answers() -> None:
    messages = [say(1, 1), say(2, 2, vector=B), say(3, 3, "try --no-reload", vector=C, reply_to=1)]
    assert grouped(messages) == [[1, 3], [2]]


def test_naming_someone_who_spoke_recently_joins_their_conversation() -> None:
    messages = [say(1, 1), say(2, 2, vector=B), say(3, 3, "which version?", vector=C, to=(1,))]
    assert grouped(messages) == [[1, 3], [2]]


def test_naming_someone_who_spoke_long_ago_does_not() -> None:
    late = say(3, 3, "which version?", vector=C, to=(1,), minutes=200)
    assert grouped([say(1, 1), late], Windows(address=3600)) == [[1], [3]]


def test_a_second_line_by_the_same_person_continues_their_conversation() -> None:
    messages = [say(1, 1), say(2, 2, vector=B), say(3, 1, "on windows 11", vector=C, minutes=3)]
    assert grouped(messages) == [[1, 3], [2]]


def test_alike_substantive_messages_join_and_unlike_ones_do_not() -> None:
    messages = [say(1, 1), say(2, 2, vector=unit(1, 0.1)), say(3, 3, vector=B)]
    assert grouped(messages) == [[1, 2], [3]]


def test_short_generic_lines_never_chain_talk_together() -> None:
    messages = [
        say(1, 1, "good luck everyone", vector=A),
        say(2, 2, "good luck!", vector=A),
        say(3, 3, "good luck with the release", vector=A),
    ]
    assert grouped(messages) == [[1], [2], [3]]


def test_the_order_of_arrival_does_not_matter() -> None:
    messages = [say(1, 1), say(2, 2, vector=B), say(3, 3, "which version?", vector=C, to=(1,))]
    assert grouped(list(reversed(messages))) == grouped(messages)
