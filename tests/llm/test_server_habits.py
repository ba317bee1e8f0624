"""Real OpenAI-compatible servers, over the wire: each refusal has its fallback.

llama-cpp-python answers ``json_schema`` with HTTP 500 and ignores
``max_completion_tokens``; other servers refuse a format with 422 or 400, or the new
name of the output limit. The summaries must come from the model all the same, and
what was learnt must hold for the rest of the process. Errors that are no refusal
(401, 429, 503) go straight to the extractive summaries.
"""

from __future__ import annotations

import json

import pytest

from tests.fakes.openai_server import FakeOpenAI
from tests.llm.conftest import digest_topics
from tests.llm.test_summariser import REFS, calls, summariser
from triagebot.store.engine import SessionFactory


def _kinds(fake: FakeOpenAI) -> list[str | None]:
    return [(r.body.get("response_format") or {}).get("type") for r in fake.requests]


def test_llama_cpp_gets_json_object_with_the_schema_and_max_tokens(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.like_llama_cpp()
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert (result.source, result.reason) == ("llm", "")
    assert all(result.summary_source(ref) == "model" for ref in REFS)
    # The 500 is retried once by the client, then the next format is asked for.
    assert _kinds(fake_openai) == ["json_schema", "json_schema", "json_object"]
    accepted = fake_openai.requests[-1].body["response_format"]
    # llama.cpp makes the schema a grammar: one entry per topic, in order, none skipped.
    entries = accepted["schema"]["properties"]["summaries"]["prefixItems"]
    assert [e["properties"]["ref"]["const"] for e in entries] == REFS
    # The answer ran past the limit it was sent: the server ignored the name.
    assert "max_completion_tokens" in fake_openai.requests[-1].body
    # The next digest goes straight to what works, under the name the server knows.
    summariser(fake_openai, sessions).summarise(digest_topics()[:2])
    latest = fake_openai.requests[-1].body
    assert _kinds(fake_openai)[3:] == ["json_object"]
    assert latest["max_tokens"] == 1_000 and "max_completion_tokens" not in latest


@pytest.mark.parametrize("status", [400, 422, 500, 501])
def test_a_refused_json_schema_falls_back_to_json_object(
    fake_openai: FakeOpenAI, sessions: SessionFactory, status: int
) -> None:
    fake_openai.refuse_format("json_schema", status, "Something went wrong.")  # says no more
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    assert _kinds(fake_openai)[-1] == "json_object"
    assert [r.outcome for r in calls(sessions)][-1] == "ok"


def test_an_error_naming_the_format_is_a_refusal_whatever_its_status(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.refuse_format("json_schema", 409, "response_format is not available here")
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    assert _kinds(fake_openai) == ["json_schema", "json_schema", "json_object"]  # 409: retried


def test_a_server_refusing_both_json_formats_gets_plain_text(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.refuse_format("json_schema", 422)
    fake_openai.refuse_format("json_object", 400)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert (result.source, sorted(result.by_ref)) == ("llm", REFS)
    assert _kinds(fake_openai) == ["json_schema", "json_object", None]
    # The prompt alone asks for JSON when no format can be.
    assert "Answer with JSON only" in fake_openai.requests[-1].messages[0]["content"]
    outcomes = [r.outcome for r in calls(sessions)]
    assert outcomes == ["error: HTTP 422", "error: HTTP 400", "ok"]


def test_a_server_refusing_every_format_means_extractive(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    for kind in ("json_schema", "json_object", "text"):
        fake_openai.refuse_format(kind, 422)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert (result.source, result.reason) == ("extractive", "error: HTTP 422")
    assert all(result.summary_source(ref) == "quoted" for ref in REFS)
    assert len(calls(sessions)) == 3


@pytest.mark.parametrize("status", [401, 403, 429, 503])
def test_errors_that_are_no_refusal_try_no_other_format(
    fake_openai: FakeOpenAI, sessions: SessionFactory, status: int
) -> None:
    fake_openai.fail(status)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert (result.source, result.reason) == ("extractive", f"error: HTTP {status}")
    assert set(_kinds(fake_openai)) == {"json_schema"}
    assert [r.outcome for r in calls(sessions)] == [f"error: HTTP {status}"]


def test_a_model_the_server_lacks_says_so(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.fail(404)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "extractive" and "LLM_MODEL" in result.reason


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, None),  # OpenAI's wording: "Unsupported parameter: 'max_completion_tokens' …"
        (422, "Extra inputs are not permitted: body.max_completion_tokens"),
    ],
)
def test_a_refused_max_completion_tokens_is_sent_once_more_as_max_tokens(
    fake_openai: FakeOpenAI, sessions: SessionFactory, status: int, message: str | None
) -> None:
    fake_openai.refuse_param("max_completion_tokens", status, message)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    first, second = fake_openai.requests
    assert first.body["max_completion_tokens"] == 1_000 and "max_tokens" not in first.body
    assert second.body["max_tokens"] == 1_000 and "max_completion_tokens" not in second.body
    assert _kinds(fake_openai) == ["json_schema", "json_schema"]  # the format was fine
    summariser(fake_openai, sessions).summarise(digest_topics()[:1])
    (third,) = fake_openai.requests[2:]  # remembered: no refused request this time
    assert third.body["max_tokens"] == 1_000 and "max_completion_tokens" not in third.body
    summariser(fake_openai, sessions, model="other").summarise(digest_topics())
    assert "max_completion_tokens" in fake_openai.requests[3].body  # per server and model


def test_a_server_refusing_both_limit_names_means_extractive(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    fake_openai.refuse_param("max_completion_tokens", 400)
    fake_openai.refuse_param("max_tokens", 400)
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "extractive"
    assert len(fake_openai.requests) <= 6  # bounded: never a loop


def test_a_partial_answer_marks_each_quote(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    answer = {"summaries": [{"ref": "2", "summary": "Reload crashes on Windows."}]}
    fake_openai.reply(json.dumps(answer))
    result = summariser(fake_openai, sessions).summarise(digest_topics())
    assert result.source == "llm"
    assert [result.summary_source(ref) for ref in REFS] == [
        "quoted",
        "model",
        "quoted",
        "quoted",
        "quoted",
    ]


def test_markdown_in_the_answer_is_stripped(
    fake_openai: FakeOpenAI, sessions: SessionFactory
) -> None:
    text = "## Topic 1\n**Reload** crashes on *Windows* with `lumen dev`.\n- Users ask for a fix."
    fake_openai.reply(json.dumps({"summaries": [{"ref": "1", "summary": text}]}))
    result = summariser(fake_openai, sessions).summarise(digest_topics()[:1])
    assert result.by_ref["1"] == "Reload crashes on Windows with lumen dev. Users ask for a fix."
