"""The fake REST API: routing, auth, rate-limit headers, recording, Discord-style errors.

One catch-all aiohttp handler matches our own route table, so every request - known
or not - is recorded, and unknown routes answer ``404 {"message": "404: Not Found",
"code": 0}`` like Discord. Every response carries ``X-RateLimit-*`` headers (counted
per bucket, like Discord) and ``Via``; discord.py treats a 429 without ``Via`` as a
Cloudflare ban and raises instead of retrying, so even forced 429s include it.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from tests.fakes.discord_state import Json

API_PREFIX = "/api/v10"


@dataclass
class RecordedRequest:
    """One REST request as the fake saw it. ``path`` is relative to the API base."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    status: int = 0
    route: str | None = None
    files: list[Json] = field(default_factory=list)
    answer: Any = None  # the JSON body the fake answered with (an error's, too)


class DiscordHTTPError(Exception):
    """Raised by handlers to answer with Discord's error body."""

    def __init__(self, status: int, code: int, message: str, errors: Json | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def body(self) -> Json:
        body: Json = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def form_error(field_name: str, code: str, message: str) -> DiscordHTTPError:
    errors = {field_name: {"_errors": [{"code": code, "message": message}]}}
    return DiscordHTTPError(400, 50035, "Invalid Form Body", errors)


@dataclass
class Call:
    """What a route handler gets: path params, query, parsed body and the record."""

    params: dict[str, str]
    query: dict[str, str]
    body: Any
    record: RecordedRequest

    def id(self, name: str) -> int:
        return int(self.params[name])


Result = tuple[int, Any]
Handler = Callable[[Call], Awaitable[Result]]


@dataclass
class _Route:
    method: str
    template: str
    regex: re.Pattern[str]
    handler: Handler
    auth: bool
    bucket: str
    major: tuple[str, ...]


@dataclass
class _ForcedLimit:
    method: str
    pattern: re.Pattern[str]
    times: int
    retry_after: float
    is_global: bool


_MAJOR = ("channel_id", "guild_id", "webhook_id", "application_id", "interaction_token")


class RestRouter:
    """Route table plus the cross-cutting behaviour every Discord endpoint shares."""

    def __init__(self, *, token: str, rate_limit: int = 50, window: float = 1.0) -> None:
        self.token = token
        self.rate_limit = rate_limit
        self.window = window
        self.requests: list[RecordedRequest] = []
        self.on_request: Callable[[], None] = lambda: None
        self._routes: list[_Route] = []
        self._forced: list[_ForcedLimit] = []
        self._windows: dict[str, list[float]] = {}

    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        names = re.findall(r"{(\w+)}", template)
        pattern = re.escape(template)
        for name in names:
            part = r"\d+" if name.endswith("_id") else r"[^/]+"
            pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>{part})")
        bucket = hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:32]
        major = tuple(n for n in names if n in _MAJOR)
        self._routes.append(
            _Route(method, template, re.compile(pattern), handler, auth, bucket, major)
        )

    def force_rate_limit(
        self, method: str, path_regex: str, times: int, retry_after: float, is_global: bool
    ) -> None:
        self._forced.append(
            _ForcedLimit(method.upper(), re.compile(path_regex), times, retry_after, is_global)
        )

    async def handle(self, request: web.Request) -> web.Response:
        path = request.path[len(API_PREFIX) :] or "/"
        body, files = await _read_body(request)
        record = RecordedRequest(
            request.method, path, dict(request.query), body, dict(request.headers), files=files
        )
        self.requests.append(record)
        try:
            response = await self._respond(request, record)
        except DiscordHTTPError as exc:
            record.answer = exc.body()
            response = _json_response(exc.status, record.answer)
        record.status = response.status
        response.headers.setdefault("Via", "1.1 google")
        self.on_request()
        return response

    async def _respond(self, request: web.Request, record: RecordedRequest) -> web.Response:
        route, params = self._match(record.method, record.path)
        record.route = route.template
        if route.auth and request.headers.get("Authorization") != f"Bot {self.token}":
            raise DiscordHTTPError(401, 0, "401: Unauthorized")
        major = "+".join(params[n] for n in route.major)
        forced = self._take_forced(record.method, record.path)
        if forced is not None:
            return self._too_many(route.bucket, forced.retry_after, forced.is_global)
        headers, retry_after = self._count(route.bucket, major)
        if retry_after is not None:
            return self._too_many(route.bucket, retry_after, False)
        status, payload = await route.handler(Call(params, record.query, record.json, record))
        record.answer = payload
        response = web.Response(status=status) if status == 204 else _json_response(status, payload)
        response.headers.update(headers)
        return response

    def _match(self, method: str, path: str) -> tuple[_Route, dict[str, str]]:
        path_matched = False
        for route in self._routes:
            found = route.regex.fullmatch(path)
            if found:
                path_matched = True
                if route.method == method:
                    return route, found.groupdict()
        if path_matched:
            raise DiscordHTTPError(405, 0, "405: Method Not Allowed")
        raise DiscordHTTPError(404, 0, "404: Not Found")

    def _take_forced(self, method: str, path: str) -> _ForcedLimit | None:
        for forced in self._forced:
            if forced.times > 0 and forced.method == method and forced.pattern.fullmatch(path):
                forced.times -= 1
                return forced
        return None

    def _count(self, bucket: str, major: str) -> tuple[dict[str, str], float | None]:
        """Count the request in its bucket window; returns headers and a retry delay if over."""
        now = time.monotonic()
        window = self._windows.setdefault(f"{bucket}:{major}", [now, 0.0])
        if now - window[0] >= self.window:
            window[:] = [now, 0.0]
        window[1] += 1
        reset_after = max(self.window - (now - window[0]), 0.001)
        remaining = max(self.rate_limit - int(window[1]), 0)
        headers = {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }
        return headers, reset_after if window[1] > self.rate_limit else None

    def _too_many(self, bucket: str, retry_after: float, is_global: bool) -> web.Response:
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        response = _json_response(429, body)
        response.headers.update(
            {
                "Retry-After": f"{retry_after:g}",
                "X-RateLimit-Limit": str(self.rate_limit),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": bucket,
                "X-RateLimit-Scope": "global" if is_global else "user",
            }
        )
        if is_global:
            response.headers["X-RateLimit-Global"] = "true"
        return response


def _json_response(status: int, payload: Any) -> web.Response:
    # Exactly "application/json", no charset: discord.py compares the header verbatim
    # and otherwise hands the body back as a str.
    return web.Response(
        status=status,
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )


async def _read_body(request: web.Request) -> tuple[Any, list[Json]]:
    """JSON body, or ``payload_json`` plus file metadata from a multipart upload."""
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[Json] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue  # nested multipart: Discord doesn't use it
            data = await part.read()
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                files.append({"field": part.name, "filename": part.filename, "size": len(data)})
        return body, files
    raw = await request.read()
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode(errors="replace"), []
