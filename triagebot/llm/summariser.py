"""The digest's summaries: one bounded request per digest, and never a failure.

Order of decisions: a cached answer for the identical packet costs nothing; no key,
or a call that would overrun the day's token budget, means no call; any error,
timeout or unusable answer means extractive summaries. Every call made is written to
the token ledger, whatever its outcome, so the budget counts what was spent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import openai
from openai.types.chat import ChatCompletion

from triagebot.config import LLMSettings
from triagebot.llm import prompt, wire
from triagebot.llm.evidence import EvidenceTopic, build_packet, estimate_tokens, extractive_summary
from triagebot.llm.ledger import Call, Ledger
from triagebot.llm.sanitise import plain_prose, sanitise_summary

log = logging.getLogger(__name__)

Source = Literal["llm", "cache", "extractive"]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Summaries:
    """One summary per topic ref, ready to post (sanitised), and where they came from.

    ``reason`` says why some or all are extractive ("" when the model wrote them all);
    ``quoted`` names the refs whose summary quotes the messages although the model
    answered for others.
    """

    by_ref: dict[str, str]
    source: Source
    reason: str
    quoted: frozenset[str] = frozenset()

    def summary_source(self, ref: str) -> Literal["model", "quoted"]:
        """Who wrote this ref's summary: the model, or a quote of the messages."""
        return "quoted" if self.source == "extractive" or ref in self.quoted else "model"


class _CallFailed(Exception):
    """A call that produced no usable summaries; the message is the reason shown."""


class _Refused(Exception):
    """The server refused this response format; the next one may do."""


class Summariser:
    """Asks the configured OpenAI-compatible model for the digest's summaries."""

    def __init__(
        self,
        settings: LLMSettings,
        ledger: Ledger,
        client: openai.OpenAI | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        key = settings.key_value()
        if client is None and key is not None:
            client = openai.OpenAI(
                base_url=settings.base_url,
                api_key=key,
                timeout=settings.timeout_seconds,
                max_retries=1,
            )
        self._settings = settings
        self._ledger = ledger
        self._client = client
        self._clock = clock

    def summarise(self, topics: Sequence[EvidenceTopic]) -> Summaries:
        """Summaries for every topic; never raises (the digest must go out)."""
        try:
            return self._summarise(build_packet(topics))
        except Exception as exc:  # a broken database must not stop the digest either
            log.exception("summaries failed; using extractive ones")
            return extractive_summaries(build_packet(topics), f"error: {type(exc).__name__}")

    def _summarise(self, packet: list[EvidenceTopic]) -> Summaries:
        if not packet:
            return Summaries({}, "extractive", "no topics")
        model = self._settings.model
        payload = prompt.packet_json(packet)
        key = prompt.packet_hash(payload, model)
        refs = [t.ref for t in packet]
        hit = self._ledger.cached(key, model)
        if hit is not None and all(ref in hit for ref in refs):
            return Summaries({ref: hit[ref] for ref in refs}, "cache", "")
        if self._client is None:
            log.info("no LLM API key; extractive summaries")
            return extractive_summaries(packet, "no API key")
        if not self._within_budget(payload):
            return extractive_summaries(packet, "daily token budget used")
        try:
            written = self._ask(self._client, payload, key, refs)
        except _CallFailed as failure:
            log.warning("LLM summaries failed (%s); using extractive ones", failure)
            return extractive_summaries(packet, str(failure))
        return self._assemble(packet, written, key)

    def _within_budget(self, payload: str) -> bool:
        budget = self._settings.daily_token_budget
        needed = prompt.estimated_input_tokens(payload) + self._settings.max_output_tokens
        used = self._ledger.tokens_used_on(self._clock().astimezone(UTC).date())
        if budget <= 0 or used + needed > budget:
            log.info("LLM budget: %d used + %d needed > %d; not calling", used, needed, budget)
            return False
        return True

    def _ask(
        self, client: openai.OpenAI, payload: str, key: str, refs: list[str]
    ) -> dict[str, str]:
        """The model's summaries by ref, down the format ladder (see ``wire``): the
        next format on a refusal, extractive on anything else."""
        habits = wire.habits_of(self._settings.base_url, self._settings.model)
        refusal = "error: no response format accepted"
        for index in range(habits.first_rung, len(wire.LADDER)):
            rung = wire.LADDER[index]
            try:
                response = self._create(client, payload, key, refs, rung, habits)
            except _Refused as refused:
                refusal = str(refused)
                log.info("server refused the %s format (%s); trying the next", rung, refused)
                continue
            if index != habits.first_rung:
                log.info("server accepts the %s format; using it from now on", rung)
                habits.first_rung = index
            self._notice_ignored_limit(response, habits)
            return self._read(response, payload, key, refs)
        raise _CallFailed(refusal)

    def _create(
        self,
        client: openai.OpenAI,
        payload: str,
        key: str,
        refs: list[str],
        rung: wire.Rung,
        habits: wire.ServerHabits,
    ) -> ChatCompletion:
        """One rung: sent once, and once more under the other name of the output
        limit if the server refuses the one it was given."""
        shape = wire.response_format(rung, refs)
        limit = self._settings.max_output_tokens
        for attempt in range(2):
            new_name = habits.token_param == "max_completion_tokens"
            try:
                return client.chat.completions.create(
                    model=self._settings.model,
                    messages=prompt.messages(payload),
                    response_format=openai.omit if shape is None else shape,
                    max_completion_tokens=limit if new_name else openai.omit,
                    max_tokens=openai.omit if new_name else limit,
                )
            except openai.APITimeoutError as exc:
                self._record(key, None, "timeout")
                raise _CallFailed("timeout") from exc
            except openai.APIStatusError as exc:
                reason = wire.failure_reason(exc)
                self._record(key, None, f"error: HTTP {exc.status_code}")
                if attempt == 0 and wire.refuses_token_param(exc, habits.token_param):
                    habits.token_param = wire.other_token_param(habits.token_param)
                    log.info("server refused the output limit's name; now %s", habits.token_param)
                    continue
                if rung != wire.LADDER[-1] and wire.refuses_format(exc):
                    raise _Refused(reason) from exc
                raise _CallFailed(reason) from exc
            except openai.OpenAIError as exc:
                self._record(key, None, f"error: {type(exc).__name__}")
                raise _CallFailed(f"error: {type(exc).__name__}") from exc
        raise _CallFailed("error: output limit refused under both names")

    def _notice_ignored_limit(self, response: ChatCompletion, habits: wire.ServerHabits) -> None:
        """A server that ignores ``max_completion_tokens`` (llama-cpp-python's does)
        writes past it; from then on it gets ``max_tokens``."""
        used = response.usage.completion_tokens if response.usage is not None else 0
        limit = self._settings.max_output_tokens
        if habits.token_param == "max_completion_tokens" and used > limit:
            log.info("server ignored max_completion_tokens (%d tokens); now max_tokens", used)
            habits.token_param = "max_tokens"

    def _read(
        self, response: ChatCompletion, payload: str, key: str, refs: list[str]
    ) -> dict[str, str]:
        content = response.choices[0].message.content if response.choices else None
        try:
            found = prompt.parse_summaries(content, refs)
        except prompt.MalformedAnswer as exc:
            self._record(key, response, f"malformed output: {exc}", payload, content)
            raise _CallFailed(f"error: malformed output ({exc})") from exc
        self._record(key, response, "ok", payload, content)
        return found

    def _record(
        self,
        key: str,
        response: ChatCompletion | None,
        outcome: str,
        payload: str = "",
        content: str | None = None,
    ) -> None:
        """Write the call to the ledger. Servers that report no usage get an estimate,
        so a budget still holds against them; a call without a response counts 0."""
        if response is not None and response.usage is not None:
            used_in, used_out = response.usage.prompt_tokens, response.usage.completion_tokens
        elif response is not None:
            used_in = prompt.estimated_input_tokens(payload)
            used_out = estimate_tokens(content or "")
        else:
            used_in = used_out = 0
        settings = self._settings
        cost = (
            used_in * settings.price_per_million_input
            + used_out * settings.price_per_million_output
        ) / 1_000_000
        self._ledger.record(
            Call(
                at=self._clock(),
                model=settings.model,
                input_tokens=used_in,
                output_tokens=used_out,
                cost=cost,
                packet_hash=key,
                outcome=outcome,
            )
        )

    def _assemble(
        self, packet: list[EvidenceTopic], written: dict[str, str], key: str
    ) -> Summaries:
        """Sanitised model text per ref; extractive where the model gave nothing usable."""
        clean = {ref: sanitise_summary(plain_prose(text), ()) for ref, text in written.items()}
        clean = {ref: text for ref, text in clean.items() if text}
        missing = [t.ref for t in packet if t.ref not in clean]
        if len(missing) == len(packet):
            return extractive_summaries(packet, "error: malformed output (no usable summary)")
        by_ref = {t.ref: clean.get(t.ref) or _quote(t) for t in packet}
        if missing:
            reason = f"extractive for {', '.join(missing)}: missing from the model's answer"
            return Summaries(by_ref, "llm", reason, quoted=frozenset(missing))
        self._ledger.remember(key, self._settings.model, by_ref, self._clock())
        return Summaries(by_ref, "llm", "")


def _quote(topic: EvidenceTopic) -> str:
    return sanitise_summary(extractive_summary(topic), ())


def extractive_summaries(packet: Sequence[EvidenceTopic], reason: str) -> Summaries:
    """The quoted summaries, made as safe to post as the model's (the quotes are
    strangers' words: pings, masked links and all)."""
    return Summaries({t.ref: _quote(t) for t in packet}, "extractive", reason)
