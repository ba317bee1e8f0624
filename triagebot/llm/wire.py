"""Shaping one request for the server at hand, and reading what its refusals mean.

OpenAI-compatible servers differ exactly where the summariser needs them: OpenAI and
vLLM take ``response_format: json_schema``; llama-cpp-python's server answers it with
HTTP 500 (its request model knows only "text" and "json_object"), others with 422 or
400. OpenAI now names the output limit ``max_completion_tokens``; older or smaller
servers know only ``max_tokens``. So the summariser walks a ladder of formats
(json_schema → json_object → plain text, the prompt asking for JSON either way) and
keeps, per server and model, what was accepted, for the life of the process.

A refusal is a 400, 422, 500 or 501, or any error that names the response format.
Authentication (401/403), rate limits (429), overload (503), timeouts and network
errors are not refusals: they say nothing about the format, and asking again in
another shape would only spend more of the day's patience.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

import openai
from openai.types.chat import completion_create_params
from openai.types.shared_params import ResponseFormatJSONObject

from triagebot.llm import prompt

Rung = Literal["json_schema", "json_object", "text"]
LADDER: tuple[Rung, ...] = ("json_schema", "json_object", "text")
TokenParam = Literal["max_completion_tokens", "max_tokens"]

_FORMAT_STATUSES = frozenset({400, 422, 500, 501})
_NEVER_REFUSALS = frozenset({401, 403, 408, 429, 503})
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured output")
_PARAM_STATUSES = frozenset({400, 422})


@dataclass
class ServerHabits:
    """What one server accepted so far: the first format worth asking for, and the
    name it takes for the output limit."""

    first_rung: int = 0
    token_param: TokenParam = "max_completion_tokens"


_KNOWN: dict[tuple[str, str], ServerHabits] = {}
_LOCK = threading.Lock()


def habits_of(base_url: str | None, model: str) -> ServerHabits:
    """The remembered habits of this server and model (fresh ones the first time)."""
    with _LOCK:
        return _KNOWN.setdefault((base_url or "", model), ServerHabits())


def response_format(
    rung: Rung, refs: Sequence[str]
) -> completion_create_params.ResponseFormat | None:
    """The ``response_format`` for a rung; None on the plain-text rung (no field).

    The json_object rung carries a schema as well, under ``schema``: llama.cpp
    servers turn it into a grammar, so even a tiny model answers in the right shape
    (``prompt.positional_schema``); servers that do not know the key ignore it.
    """
    if rung == "json_schema":
        return prompt.json_schema_format(refs)
    if rung == "json_object":
        schema = prompt.positional_schema(refs)
        return cast(ResponseFormatJSONObject, {"type": "json_object", "schema": schema})
    return None


def other_token_param(param: TokenParam) -> TokenParam:
    return "max_tokens" if param == "max_completion_tokens" else "max_completion_tokens"


def _detail(exc: openai.APIStatusError) -> str:
    """Everything the server said, lower-cased, to look for parameter names in."""
    try:
        body = json.dumps(exc.body) if exc.body is not None else ""
    except (TypeError, ValueError):
        body = str(exc.body)
    return f"{exc.message} {body}".lower()


def refuses_token_param(exc: openai.APIStatusError, param: TokenParam) -> bool:
    """A 400/422 that names the output-limit parameter we sent (unknown, unsupported,
    "use max_tokens instead")."""
    return exc.status_code in _PARAM_STATUSES and param in _detail(exc)


def refuses_format(exc: openai.APIStatusError) -> bool:
    """Whether this error may be the server refusing the response format."""
    if exc.status_code in _NEVER_REFUSALS:
        return False
    if exc.status_code in _FORMAT_STATUSES:
        return True
    detail = _detail(exc)
    return any(word in detail for word in _FORMAT_WORDS)


def failure_reason(exc: openai.APIStatusError) -> str:
    """The reason the digest shows; a 404 is nearly always a model the server lacks."""
    reason = f"error: HTTP {exc.status_code}"
    if exc.status_code == 404:
        return f"{reason} (does the server have the model LLM_MODEL names?)"
    return reason
