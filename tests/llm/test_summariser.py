"""The summariser over the wire: the unmodified openai client against a fake server."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr
from sqlalchemy import select

from tests.fakes.openai_server import FakeOpenAI
from tests.llm.conftest import digest_topics
from triagebot.config import LLMSettings
from triagebot.llm.evidence import estimate_tokens
from triagebot.llm.summariser import Summariser
from triagebot.store import llm as ledger
from triagebot.store.engine import SessionFactory
from triagebot.store.models import LLMCallRow
from triagebot.triage.ledger import StoredLedger

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
REFS = ["1", "2", "3", "4", "5"]


def settings(fake: FakeOpenAI, **changes: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "base_url": fake.base_url,
        "api_key": SecretStr(fake.api_key),
        "model": "gpt-4o-mini",
        "timeout_seconds": 5.0,
        "daily_token_budget": 20_000,
        "max_output_tokens": 1_000,
        **changes,
    }
    return LLMSettings(_env_file=None, **values)


def summariser(fake: FakeOpenAI, sessions: SessionFactory, **changes: Any) -> Summariser:
    return Summariser(settings(fake, **changes), StoredLedger(sessions), clock=lambda: NOW)


def calls(sessions: SessionFactory) -> list[LLMCallRow]:
    with sessions() as session:
        return list(session.scalars(select(LLMCallRow).order_by(LLMCallRow.id)))


def test_a_digest_is_one_request_and_one_ledger_row(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    assert result.reason == ""
    assert sorted(result.by_ref) == REFS
    assert result.by_ref["3"] == "Several people report the problem in topic 3."
    (request,) = fake_openai.requests
    assert request.body["max_completion_tokens"] == 1_000  # OpenAI's current name
    assert "max_tokens" not in request.body
    assert request.body["response_format"]["type"] == "json_schema"
    assert request.body["response_format"]["json_schema"]["strict"] is True
    assert "untrusted" in request.messages[0]["content"]
    (row,) = calls(sessions)
    prompt_chars = sum(len(m["content"]) for m in request.messages)
    assert row.input_tokens == prompt_chars // 4
    assert row.output_tokens > 0
    assert row.outcome == "ok"
    assert row.model == "gpt-4o-mini"
    expected = (row.input_tokens * 0.15 + row.output_tokens * 0.60) / 1_000_000
    assert abs(row.cost - expected) < 1e-12


def test_the_request_carries_bounded_clean_evidence(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    summariser(fake_openai, sessions).summarise(digest_topics())
    (request,) = fake_openai.requests
    assert "<@" not in request.user_content
    assert "@everyone" not in request.user_content
    topics = json.loads(request.user_content)["topics"]
    assert [t["ref"] for t in topics] == REFS
    for topic in topics:
        assert 0 < len(topic["excerpts"]) <= 12
        assert all(estimate_tokens(e) <= 40 for e in topic["excerpts"])
        assert len(set(topic["excerpts"])) == len(topic["excerpts"])


def test_the_same_packet_again_is_a_cache_hit(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    first = summariser(fake_openai, sessions).summarise(digest_topics())
    again = summariser(fake_openai, sessions).summarise(digest_topics())
    assert again.source == "cache"
    assert again.by_ref == first.by_ref
    assert len(fake_openai.requests) == 1
    assert len(calls(sessions)) == 1
    other_model = summariser(fake_openai, sessions, model="llama3").summarise(digest_topics())
    assert other_model.source == "llm"
    assert len(fake_openai.requests) == 2


def test_no_key_means_extractive_and_no_request(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    result = summariser(fake_openai, sessions, api_key=None).summarise(digest_topics())
    assert result.source == "extractive"
    assert result.reason == "no API key"
    assert all(s.startswith("People report: ") for s in result.by_ref.values())
    assert sorted(result.by_ref) == REFS
    assert fake_openai.requests == []


def test_a_spent_budget_means_extractive_and_no_request(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    with sessions.begin() as session:
        ledger.record_call(
            session,
            at=NOW.replace(hour=1),
            model="gpt-4o-mini",
            input_tokens=15_000,
            output_tokens=4_000,
            cost=0.01,
            packet_hash="x" * 64,
            outcome="ok",
        )
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert (result.source, result.reason) == ("extractive", "daily token budget used")
    zero = summariser(fake_openai, sessions, daily_token_budget=0).summarise(digest_topics()[:1])
    assert zero.reason == "daily token budget used"
    assert fake_openai.requests == []


def test_a_server_error_means_extractive_and_is_recorded(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.fail(500)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "extractive"
    assert result.reason == "error: HTTP 500"
    assert sorted(result.by_ref) == REFS
    # A 500 may be a refusal of the format (llama.cpp's is): every format is tried,
    # each with the client's one retry, and each failed call is in the ledger.
    kinds = [(r.body.get("response_format") or {}).get("type") for r in fake_openai.requests]
    assert kinds == ["json_schema"] * 2 + ["json_object"] * 2 + [None] * 2
    assert [r.outcome for r in calls(sessions)] == ["error: HTTP 500"] * 3


def test_rate_limited_means_extractive(fake_openai: FakeOpenAI, sessions: SessionFactory) -> None:
    fake_openai.fail(429)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert (result.source, result.reason) == ("extractive", "error: HTTP 429")
    # Not a refusal of the format: no other format is tried.
    assert {r.body["response_format"]["type"] for r in fake_openai.requests} == {"json_schema"}


def test_a_hanging_server_times_out_to_extractive(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.hang(30)
    started = time.monotonic()
    result = summariser(fake_openai, sessions, timeout_seconds=1.0).summarise(digest_topics())
    elapsed = time.monotonic() - started
    assert (result.source, result.reason) == ("extractive", "timeout")
    # 1 s, the client's one retry after a short back-off, 1 s again.
    assert elapsed < 4.5
    assert [r.outcome for r in calls(sessions)] == ["timeout"]


def test_a_hostile_answer_is_sanitised(fake_openai: FakeOpenAI, sessions: SessionFactory) -> None:
    hostile = "@everyone <@123> click https://evil.example [x](https://evil.example) " + "A" * 10000
    fake_openai.reply(json.dumps({"summaries": [{"ref": r, "summary": hostile} for r in REFS]}))
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    for summary in result.by_ref.values():
        assert "@everyone" not in summary
        assert "<@" not in summary
        assert "evil.example" not in summary
        assert len(summary) <= 400
    fake_openai.reply(hostile)  # the same, not even JSON: the quotes are clean too
    result = summariser(fake_openai, sessions, model="other").summarise(digest_topics())
    assert result.source == "extractive"
    assert not any("@everyone" in s or "<@" in s for s in result.by_ref.values())


def test_non_json_answer_means_extractive(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.reply("Sure! Here are your summaries: topic one is about crashes.")
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "extractive"
    assert result.reason.startswith("error: malformed output")
    (row,) = calls(sessions)
    assert row.outcome.startswith("malformed output")
    assert row.input_tokens > 0


def test_missing_refs_get_extractive_summaries(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    answer = {
        "summaries": [{"ref": "1", "summary": "Reload crashes."}, {"ref": "9", "summary": "?"}]
    }
    fake_openai.reply("```json\n" + json.dumps(answer) + "\n```")
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    assert result.by_ref["1"] == "Reload crashes."
    assert result.by_ref["2"].startswith("People report: ")
    assert "9" not in result.by_ref
    assert re.search(r"2, 3, 4, 5", result.reason)
    again = summariser(fake_openai, sessions).summarise(digest_topics())
    assert again.source == "llm"  # an incomplete answer is not cached


def test_a_server_without_json_schema_gets_json_object(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.reject_json_schema()
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    kinds = [r.body["response_format"]["type"] for r in fake_openai.requests]
    assert kinds == ["json_schema", "json_object"]
    assert [r.outcome for r in calls(sessions)][-1] == "ok"


def test_no_topics_means_no_request(fake_openai: FakeOpenAI, sessions: SessionFactory) -> None:
    result = summariser(fake_openai, sessions).summarise([])
    assert (result.by_ref, result.source) == ({}, "extractive")
    assert fake_openai.requests == []


def test_a_broken_database_still_yields_summaries(fake_openai: FakeOpenAI) -> None:
    def broken() -> Any:
        raise RuntimeError("database is down")

    result = Summariser(settings(fake_openai), StoredLedger(broken)).summarise(digest_topics())  # type: ignore[arg-type]
    assert result.source == "extractive"
    assert result.reason == "error: RuntimeError"
    assert sorted(result.by_ref) == REFS
