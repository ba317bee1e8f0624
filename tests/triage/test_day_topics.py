"""A window's topics, end to end through the store: the same whichever came first, the
messages or the issue; and one people count for the digest and the demand table."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.conftest import BOB, GENERAL, HELP, T0, THREAD, chat
from tests.tracker.test_load_and_match import ISSUES, write
from triagebot.config import PipelineSettings
from triagebot.core.messages import Author
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.tracker.issue_file import read_issue_file
from triagebot.triage.day_topics import window_topics
from triagebot.triage.demand import demand_of
from triagebot.triage.issues import store_and_embed
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.stages.embed import EmbedStage

CAROL = Author(id=800_000_000_000_000_003, name="carol")
WINDOW = (T0 - timedelta(days=1), T0 + timedelta(days=1))
REPORTS = [
    chat(1, "lumen serve crashes on Windows every time I save a file since 0.9.2", channel=THREAD),
    chat(2, "same here, the reload server dies on win 11 too", channel=THREAD, author=BOB),
    chat(
        3,
        "after upgrading, the dev server quits with WinError on save",
        channel=GENERAL,
        author=CAROL,
    ),
    chat(4, "good morning everyone, happy friday", channel=GENERAL, author=BOB),
    chat(5, "images in static/My Photos aren't copied to public at all", channel=HELP),
]


def load_issues(sessions: SessionFactory, embedder: SentenceEmbedder, tmp_path: Path) -> None:
    read = read_issue_file(write(tmp_path, ISSUES))
    with sessions() as session, session.begin():
        store_and_embed(session, read.issues, embedder, 600)


def store(sessions: SessionFactory, embedder: SentenceEmbedder) -> None:
    Pipeline(sessions, PipelineSettings(), [EmbedStage(embedder)]).process_all(REPORTS)


def people_per_issue(sessions: SessionFactory, embedder: SentenceEmbedder) -> dict[int, int]:
    found = window_topics(sessions, *WINDOW, embedder.model_id)
    return {d.number: d.people for d in demand_of(found)}


def test_an_issue_filed_after_the_chat_gets_its_demand_at_once(
    sessions: SessionFactory, embedder: SentenceEmbedder, tmp_path: Path
) -> None:
    store(sessions, embedder)
    assert people_per_issue(sessions, embedder) == {}
    load_issues(sessions, embedder, tmp_path)
    after = people_per_issue(sessions, embedder)
    assert after[412] == 3  # the thread's two people and carol in #general
    assert after[398] == 1


def test_the_order_of_arrival_does_not_change_the_topics(
    sessions: SessionFactory, embedder: SentenceEmbedder, tmp_path: Path
) -> None:
    load_issues(sessions, embedder, tmp_path)
    store(sessions, embedder)
    issues_first = window_topics(sessions, *WINDOW, embedder.model_id)
    assert people_per_issue(sessions, embedder) == {412: 3, 398: 1}
    assert all(4 not in t.message_ids for t in issues_first.topics)  # talk is no report
