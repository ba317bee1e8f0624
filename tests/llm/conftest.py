"""Fixtures for the summariser: a fake OpenAI server and digest-like topics."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.openai_server import FakeOpenAI, running_fake_openai
from triagebot.llm.evidence import EvidenceTopic


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake


def digest_topics() -> list[EvidenceTopic]:
    """Five topics shaped like a real digest: noisy excerpts, pings, duplicates."""
    topics = []
    for rank in range(1, 6):
        excerpts = [
            f"<@80000000000000000{i}> reload crashes on Windows {rank}.{i} @everyone "
            + "with a long traceback that goes on " * (i % 4)
            for i in range(20)
        ]
        # A copy of the first one, differing only in its ping: de-duplicated away.
        excerpts.append(f"<@800000000000000009> reload crashes on Windows {rank}.0 @everyone")
        topics.append(
            EvidenceTopic(
                ref=str(rank),
                title=f"#41{rank} Live-reload crashes on Windows",
                people=10 - rank,
                messages=30 - rank,
                threads=2,
                excerpts=tuple(excerpts),
            )
        )
    return topics
