"""Issues from a REST-shaped file, and messages matched against the open ones."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import BOB, GENERAL, HELP, T0, THREAD, chat
from triagebot.config import MatchingSettings, PipelineSettings
from triagebot.core.messages import Author, MessageDeleted
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.errors import ImportFileError
from triagebot.store.engine import SessionFactory
from triagebot.store.matches import reject
from triagebot.store.models import IssueMatchRow
from triagebot.tracker.issue_file import read_issue_file
from triagebot.triage.demand import demand
from triagebot.triage.issues import store_and_embed
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.stages.embed import EmbedStage
from triagebot.triage.stages.match import MatchStage

REPO_URL = "https://api.github.com/repos/lumen-dev/lumen"


def rest_issue(number: int, title: str, body: str = "", **extra: object) -> dict[str, object]:
    return {
        "id": 5000 + number,
        "number": number,
        "title": title,
        "body": body,
        "state": "open",
        "labels": [{"name": "bug"}],
        "user": {"login": "octo"},
        "comments": 0,
        "reactions": {"total_count": 1},
        "html_url": f"https://github.com/lumen-dev/lumen/issues/{number}",
        "repository_url": REPO_URL,
        "created_at": "2026-11-01T10:00:00Z",
        "updated_at": "2026-11-02T10:00:00Z",
        "closed_at": None,
        **extra,
    }


ISSUES = [
    rest_issue(
        412,
        "Live-reload server crashes on Windows after upgrading to 0.9.2",
        "lumen serve dies with WinError 10054 when a file changes",
    ),
    rest_issue(
        398,
        "Static files are not copied when their path contains spaces",
        "images/my photos/cat.png is missing from public/",
    ),
    rest_issue(377, "Footnotes render in the wrong order"),
    rest_issue(420, "Bump dependencies", pull_request={"url": "x"}),
]


def write(tmp_path: Path, items: object) -> Path:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(items))
    return path


def test_a_rest_shaped_file_loads_issues_and_skips_pull_requests(tmp_path: Path) -> None:
    read = read_issue_file(write(tmp_path, [*ISSUES, {"number": 1, "repository_url": REPO_URL}]))
    assert [i.number for i in read.issues] == [412, 398, 377]
    assert read.pull_requests == 1
    assert read.problems == ["item #4: missing field 'id'"]
    first = read.issues[0]
    assert first.repo == "lumen-dev/lumen" and first.labels == ("bug",) and first.reactions == 1


def test_a_file_that_is_not_an_issue_array_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="expected a JSON array of issues"):
        read_issue_file(write(tmp_path, {"items": []}))


@pytest.fixture
def matching(sessions: SessionFactory, embedder: SentenceEmbedder, tmp_path: Path) -> Pipeline:
    read = read_issue_file(write(tmp_path, ISSUES))
    with sessions() as session, session.begin():
        store_and_embed(session, read.issues, embedder, 600)
    stages = [EmbedStage(embedder), MatchStage(embedder, MatchingSettings(threshold=0.5))]
    return Pipeline(sessions, PipelineSettings(), stages)


def matched(sessions: SessionFactory) -> dict[int, int]:
    with sessions() as session:
        rows = session.execute(select(IssueMatchRow.message_id, IssueMatchRow.issue_id)).all()
    return {int(m): int(i) - 5000 for m, i in rows}


def test_reports_of_a_known_bug_match_it_and_chit_chat_does_not(
    matching: Pipeline, sessions: SessionFactory
) -> None:
    crash = chat(1, "since 0.9.2 lumen serve crashes on my Windows laptop whenever I save")
    spaces = chat(2, "my images are missing, the folder name has spaces in it", author=BOB)
    thanks = chat(3, "thanks, that worked!")
    unrelated = chat(4, "what is everyone's favourite static site theme these days?")
    batch = matching.process([crash, spaces, thanks, unrelated])
    assert matched(sessions) == {crash.id: 412, spaces.id: 398}
    assert batch.matches[crash.id].issue.number == 412


def test_an_edit_that_changes_the_subject_drops_the_match(
    matching: Pipeline, sessions: SessionFactory
) -> None:
    crash = chat(1, "since 0.9.2 lumen serve crashes on my Windows laptop whenever I save")
    matching.process([crash])
    matching.process([chat(1, "never mind, I had typed the wrong command in my terminal")])
    assert matched(sessions) == {}


def test_a_rejected_pair_is_never_matched_again_in_that_thread(
    matching: Pipeline, sessions: SessionFactory
) -> None:
    text = "lumen serve keeps crashing on windows since the 0.9.2 upgrade"
    with sessions() as session, session.begin():
        reject(session, THREAD.id, 5412, user_id=BOB.id)
    matching.process([chat(1, text, channel=THREAD), chat(2, text + "!", channel=HELP)])
    assert matched(sessions) == {chat(2).id: 412}


def test_demand_counts_people_threads_and_channels(
    matching: Pipeline, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    reports = [
        chat(1, "lumen serve crashes on Windows after I upgraded to 0.9.2", channel=THREAD),
        chat(
            2,
            "same: the live reload server dies on windows 11 since 0.9.2",
            channel=THREAD,
            author=BOB,
        ),
        chat(
            3,
            "the dev server on Windows crashes every time I save a file (0.9.2)",
            channel=GENERAL,
            author=Author(id=800_000_000_000_000_003, name="carol"),
        ),
    ]
    matching.process(reports)
    matching.process([MessageDeleted(reports[2].id, GENERAL.id)])  # deleted: no longer counts
    window = (T0 - timedelta(days=1), T0 + timedelta(days=1))
    (top,) = [d for d in demand(sessions, *window, embedder.model_id) if d.number == 412]
    assert (top.people, top.messages, top.threads, top.channels) == (2, 2, 1, 1)
    assert sum(top.per_day.values()) == 2


def test_short_replies_in_a_thread_about_an_issue_count_towards_it(
    matching: Pipeline, sessions: SessionFactory
) -> None:
    carol = Author(id=800_000_000_000_000_003, name="carol")
    opening = chat(
        1, "lumen serve crashes on Windows every time I save since 0.9.2", channel=THREAD
    )
    same = chat(2, "same crash here, win 11 with python 3.12", channel=THREAD, author=BOB)
    elsewhere = chat(3, "same crash here, win 11 with python 3.12", channel=GENERAL, author=carol)
    off_topic = chat(4, "anyone watching the football tonight?", channel=THREAD, author=carol)
    matching.process([opening, same, elsewhere, off_topic])
    assert matched(sessions) == {opening.id: 412, same.id: 412}


def test_a_message_that_names_an_issue_matches_it_with_certainty(
    matching: Pipeline, sessions: SessionFactory
) -> None:
    named = chat(1, "still broken for me, same thing as #377 from last month", channel=GENERAL)
    linked = chat(
        2,
        "hit https://github.com/lumen-dev/lumen/issues/398 today",
        channel=GENERAL,
        author=BOB,
    )
    matching.process([named, linked])
    assert matched(sessions) == {named.id: 377, linked.id: 398}
    with sessions() as session:
        scores = {r.message_id: r.score for r in session.scalars(select(IssueMatchRow))}
    assert scores == {named.id: 1.0, linked.id: 1.0}


def test_a_closed_issue_keeps_why_it_was_closed_and_its_milestone(tmp_path: Path) -> None:
    closed = rest_issue(
        401,
        "Crash on save",
        state="closed",
        state_reason="completed",
        closed_at="2026-11-30T10:00:00Z",
        milestone={"number": 7, "title": "v0.9.3"},
    )
    [issue] = read_issue_file(write(tmp_path, [closed])).issues
    assert (issue.state, issue.state_reason, issue.milestone) == ("closed", "completed", "v0.9.3")
    assert issue.closed_at is not None
