"""Embedding in the pipeline: every text once, nothing left behind by deletions."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sqlalchemy import Engine

from tests.conftest import BOB, GENERAL, chat, count_rows
from triagebot.config import PipelineSettings
from triagebot.core.messages import MessageDeleted
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.stages.embed import EmbedStage


class Counting:
    """The real embedder, counting the texts it is asked to encode."""

    def __init__(self, inner: SentenceEmbedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.texts += texts
        return self.inner.encode(texts)


def pipeline_with(sessions: SessionFactory, embedder: Counting) -> tuple[Pipeline, EmbedStage]:
    stage = EmbedStage(embedder)
    return Pipeline(sessions, PipelineSettings(batch_size=20), [stage]), stage


def test_fifty_pastes_of_the_same_spam_are_embedded_once(
    sessions: SessionFactory, embedder: SentenceEmbedder, engine: Engine
) -> None:
    counting = Counting(embedder)
    pipeline, _ = pipeline_with(sessions, counting)
    spam = "FREE nitro for everyone: dlscord-gift.com/claim"
    pipeline.process_all(chat(n, spam + "\u200b" * (n % 3)) for n in range(50))
    assert len(counting.texts) == 1
    assert count_rows(engine, "embeddings") == 1


def test_unchanged_text_is_never_re_embedded(
    sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    counting = Counting(embedder)
    pipeline, _ = pipeline_with(sessions, counting)
    pipeline.process_all([chat(1, "build fails on 0.9.2"), chat(2, "same here", author=BOB)])
    pipeline.process_all([chat(1, "build fails on 0.9.2")])  # a replay
    pipeline.process_all([chat(1, "build fails on 0.9.3")])  # a real edit
    assert counting.texts == ["build fails on 0.9.2", "same here", "build fails on 0.9.3"]


def test_vectors_reach_later_stages_and_mentions_do_not_matter(
    sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    seen: dict[str, np.ndarray] = {}

    class Peek:
        name = "peek"

        def __call__(self, session: object, batch: object) -> None:
            seen.update(batch.vectors)  # type: ignore[attr-defined]

    counting = Counting(embedder)
    pipeline = Pipeline(sessions, PipelineSettings(), [EmbedStage(counting), Peek()])
    pipeline.process_all([chat(1, "ping <@123> about the crash")])
    pipeline.process_all([chat(2, "ping <@456> about the crash")])
    assert counting.texts == ["ping @user about the crash", "ping @user about the crash"]
    assert len(seen) == 2


def test_a_deleted_message_leaves_no_vector_behind(
    sessions: SessionFactory, embedder: SentenceEmbedder, engine: Engine
) -> None:
    pipeline, _ = pipeline_with(sessions, Counting(embedder))
    shared, private = chat(1, "same text"), chat(2, "my address is 12 Elm St")
    pipeline.process_all([shared, replace(shared, id=shared.id + 1), private])
    assert count_rows(engine, "embeddings") == 2
    pipeline.process_all(
        [MessageDeleted(private.id, GENERAL.id), MessageDeleted(shared.id, GENERAL.id)]
    )
    assert count_rows(engine, "embeddings") == 1  # the copy of "same text" still needs it


class Threaded(Counting):
    """Also notes which thread encoded each text; may fail on the worker thread."""

    def __init__(self, inner: SentenceEmbedder, fail_ahead: bool = False) -> None:
        super().__init__(inner)
        self.fail_ahead = fail_ahead
        self.ahead: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        if threading.current_thread().name.startswith("encode-ahead"):
            if self.fail_ahead:
                raise RuntimeError("encoder crashed")
            self.ahead += texts
        return super().encode(texts)


def test_an_import_encodes_the_next_batch_while_this_one_is_processed(
    sessions: SessionFactory, embedder: SentenceEmbedder, engine: Engine
) -> None:
    threaded = Threaded(embedder)
    pipeline, _ = pipeline_with(sessions, threaded)  # batches of 20
    messages = [chat(n, f"problem number {n} with the build") for n in range(1, 61)]
    pipeline.process_all(messages)
    texts = [m.content for m in messages]
    assert sorted(threaded.texts) == sorted(texts)  # each once
    assert sorted(threaded.ahead) == sorted(texts[20:])  # all but the first batch
    assert count_rows(engine, "embeddings") == 60
    threaded.texts.clear()
    pipeline.process_all(messages)  # a replay: nothing to encode, ahead or not
    assert threaded.texts == []


def test_when_encoding_ahead_fails_each_batch_encodes_its_own_texts(
    sessions: SessionFactory, embedder: SentenceEmbedder, engine: Engine
) -> None:
    threaded = Threaded(embedder, fail_ahead=True)
    pipeline, _ = pipeline_with(sessions, threaded)
    pipeline.process_all(chat(n, f"problem number {n} with the build") for n in range(1, 61))
    assert count_rows(engine, "embeddings") == 60
