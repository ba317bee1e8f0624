"""Fake OpenAI Chat Completions server that the *unmodified* openai client talks to.

Why: the summariser must be tested against the real client's behaviour (its request
body, retries, timeouts and error mapping) without network and without mocking the
client's internals. Point ``openai.OpenAI(base_url=fake.base_url)`` at it.

By default ``POST /v1/chat/completions`` answers with valid JSON summaries for every
``ref`` found in the request's user message. Modes: :meth:`FakeOpenAI.fail`,
:meth:`FakeOpenAI.hang`, :meth:`FakeOpenAI.reply`, :meth:`FakeOpenAI.reject_json_schema`,
and the habits of real compatible servers: :meth:`FakeOpenAI.like_llama_cpp` (HTTP 500
on ``json_schema``, ``max_completion_tokens`` silently ignored),
:meth:`FakeOpenAI.refuse_format` (any status for any format),
:meth:`FakeOpenAI.refuse_param` (e.g. ``max_completion_tokens``) and
:meth:`FakeOpenAI.ignore_param`. Every request is recorded (:attr:`FakeOpenAI.requests`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.threaded import serving_in_thread

__all__ = ["FakeOpenAI", "RecordedRequest", "running_fake_openai"]

_ERRORS = {
    400: ("invalid_request_error", "Invalid request."),
    422: ("invalid_request_error", "Unprocessable entity."),
    429: ("rate_limit_exceeded", "Rate limit reached for requests."),
    500: ("server_error", "The server had an error while processing your request."),
    503: ("server_error", "The engine is currently overloaded, please try again later."),
}
_REF = re.compile(r'"ref"\s*:\s*"([^"]+)"')


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def user_content(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages if m["role"] == "user")


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[RecordedRequest] = field(default_factory=list)
    fail_status: int | None = None
    hang_seconds: float = 0.0
    reply_text: str | None = None
    # response_format type ("json_schema", "json_object", "text") -> (status, message)
    refused_formats: dict[str, tuple[int, str]] = field(default_factory=dict)
    refused_params: dict[str, tuple[int, str]] = field(default_factory=dict)
    ignored_params: set[str] = field(default_factory=set)
    ids: Iterator[int] = field(default_factory=itertools.count)


def _error(
    status: int, message: str | None = None, param: str | None = None, kind: str | None = None
) -> web.Response:
    default_kind, default = _ERRORS.get(status, ("server_error", "Error."))
    error = {"message": message or default, "type": kind or default_kind, "param": param}
    return web.json_response({"error": {**error, "code": None}}, status=status)


# What llama-cpp-python's server (0.3.x) answers to response_format json_schema: its
# request model knows only "text" and "json_object", and the validation error comes
# back as a 500 "internal_server_error".
LLAMA_CPP_SCHEMA_REFUSAL = (
    "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', "
    "'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}"
)


def _refusal(state: _State, body: dict[str, Any]) -> web.Response | None:
    """The error this request earns under the configured server habits, if any."""
    for param, (status, message) in state.refused_params.items():
        if param in body:
            return _error(status, message, param)
    kind = (body.get("response_format") or {}).get("type") or "text"
    if kind in state.refused_formats:
        status, message = state.refused_formats[kind]
        error_kind = "internal_server_error" if status >= 500 else None
        return _error(status, message, None, error_kind)
    return None


def _limit_ignored(state: _State, body: dict[str, Any]) -> bool:
    return any(param in body for param in state.ignored_params)


def _default_answer(body: dict[str, Any]) -> str:
    users = [str(m.get("content", "")) for m in body.get("messages", []) if m["role"] == "user"]
    refs = dict.fromkeys(_REF.findall("\n".join(users)))
    summaries = [
        {"ref": ref, "summary": f"Several people report the problem in topic {ref}."}
        for ref in refs
    ]
    return json.dumps({"summaries": summaries})


def _completion(
    state: _State, body: dict[str, Any], content: str, rambled: bool = False
) -> dict[str, Any]:
    """``rambled``: the limit was ignored, so the usage shows far more output than asked."""
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    prompt_tokens = max(1, prompt_chars // 4)
    completion_tokens = max(1, len(content) // 4) + (3_000 if rambled else 0)
    return {
        "id": f"chatcmpl-fake{next(state.ids):06d}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "gpt-4o-mini"),
        "system_fingerprint": "fp_fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _build_app(state: _State) -> web.Application:
    async def completions(request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.")
        with state.lock:
            state.requests.append(RecordedRequest(request.path, dict(request.headers), body))
            fail, hang = state.fail_status, state.hang_seconds
            reply, refusal = state.reply_text, _refusal(state, body)
            rambled = _limit_ignored(state, body)
        if hang:
            await asyncio.sleep(hang)
        if fail is not None:
            return _error(fail)
        if refusal is not None:
            return refusal
        content = reply if reply is not None else _default_answer(body)
        return web.json_response(_completion(state, body, content, rambled))

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    return app


class FakeOpenAI:
    """The fake's controls and observations (see module docstring)."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"
        self.api_key = "sk-test"
        self._state = _State()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        runner = web.AppRunner(
            _build_app(self._state), handler_cancellation=True, shutdown_timeout=0.5
        )
        await runner.setup()
        await web.SockSite(runner, self._sock).start()
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._sock.close()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    def fail(self, status: int) -> None:
        """Answer every request with an OpenAI-style error (500, 503, 429, ...)."""
        with self._state.lock:
            self._state.fail_status = status

    def hang(self, seconds: float) -> None:
        """Wait ``seconds`` before answering (to trip the client's timeout)."""
        with self._state.lock:
            self._state.hang_seconds = seconds

    def reply(self, text: str) -> None:
        """Answer with this message content verbatim (hostile, non-JSON, partial ...)."""
        with self._state.lock:
            self._state.reply_text = text

    def reject_json_schema(self) -> None:
        """Answer 400 to ``response_format: json_schema`` like some compatible servers."""
        self.refuse_format("json_schema", 400, "response_format json_schema is not supported")

    def refuse_format(self, kind: str, status: int, message: str | None = None) -> None:
        """Answer ``status`` to requests whose response_format is ``kind`` ("text": none)."""
        with self._state.lock:
            self._state.refused_formats[kind] = (status, message or f"{kind} is not supported")

    def refuse_param(self, param: str, status: int = 400, message: str | None = None) -> None:
        """Answer ``status`` to any request carrying ``param`` (OpenAI's wording by default)."""
        text = message or f"Unsupported parameter: '{param}' is not supported with this model."
        with self._state.lock:
            self._state.refused_params[param] = (status, text)

    def ignore_param(self, param: str) -> None:
        """Accept ``param`` but act as if it were absent: output runs far past the limit."""
        with self._state.lock:
            self._state.ignored_params.add(param)

    def like_llama_cpp(self) -> None:
        """llama-cpp-python's server: 500 on json_schema, max_completion_tokens ignored."""
        self.refuse_format("json_schema", 500, LLAMA_CPP_SCHEMA_REFUSAL)
        self.ignore_param("max_completion_tokens")

    def reset(self) -> None:
        """Back to the default answer (recorded requests are kept)."""
        with self._state.lock:
            self._state.fail_status, self._state.hang_seconds = None, 0.0
            self._state.reply_text = None
            self._state.refused_formats.clear()
            self._state.refused_params.clear()
            self._state.ignored_params.clear()


@contextmanager
def running_fake_openai() -> Iterator[FakeOpenAI]:
    """A FakeOpenAI on a private event loop in a daemon thread (the client is sync)."""
    with serving_in_thread(FakeOpenAI(), "fake-openai") as fake:
        yield fake
