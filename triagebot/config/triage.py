"""Settings for what is done with the messages: issues, spam, the LLM and the digest."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from triagebot.config.base import IdList, Section, parse_ids


class MatchingSettings(Section):
    """Matching messages against open issues (duplicate hints and demand)."""

    model_config = SettingsConfigDict(env_prefix="MATCH_")

    threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    hint_threshold: float = Field(default=0.7, ge=0.0, le=1.0)
    thread_threshold: float = Field(default=0.30, ge=0.0, le=1.0)
    issue_body_chars: int = Field(default=600, ge=0, le=20_000)
    top_k: int = Field(default=5, ge=1, le=25)
    # Issues closed within this many days are named in hints and /similar (as closed),
    # never counted as demand; 0 leaves closed issues out.
    closed_days: int = Field(default=30, ge=0, le=3650)
    hint_channel_ids: IdList = frozenset()

    _split_ids = field_validator("hint_channel_ids", mode="before")(parse_ids)


class GitHubSettings(Section):
    """The repositories whose issues the community's messages are matched against."""

    model_config = SettingsConfigDict(env_prefix="GITHUB_")

    token: SecretStr | None = None
    repos: Annotated[tuple[str, ...], NoDecode] = ()
    api_url: str = "https://api.github.com"
    sync_minutes: float = Field(default=10.0, gt=0)
    timeout_seconds: int = Field(default=30, ge=1, le=600)
    comment_on_link: bool = True
    # Issues filed from Discord (the digest's File issue, /file, the message menu).
    file_label: str = Field(default="from-discord", max_length=50)
    file_excerpts: int = Field(default=5, ge=0, le=20)

    @field_validator("repos", mode="before")
    @classmethod
    def _split_repos(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [p for p in value.replace(",", " ").split() if p]
        names = tuple(str(v).strip() for v in value)
        bad = [n for n in names if n.count("/") != 1 or n.startswith("/") or n.endswith("/")]
        if bad:
            raise ValueError(
                f"expected owner/name repositories separated by commas, got {bad[0]!r}"
            )
        return names

    def token_value(self) -> str | None:
        return self.token.get_secret_value().strip() or None if self.token else None


class SpamSettings(Section):
    """Spam scoring and the moderator queue. Shadow mode by default: flag, never act."""

    model_config = SettingsConfigDict(env_prefix="SPAM_")

    enabled: bool = True
    mod_channel_id: int | None = None
    threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    auto_delete: bool = False
    auto_delete_threshold: float = Field(default=0.98, ge=0.0, le=1.0)
    window_seconds: float = Field(default=120.0, gt=0)
    near_duplicate_cosine: float = Field(default=0.85, ge=0.0, le=1.0)
    new_account_days: float = Field(default=7.0, ge=0)
    new_member_messages: int = Field(default=5, ge=0)
    newcomer_margin: float = Field(default=0.15, ge=0.0, le=1.0)
    trusted_role_ids: IdList = frozenset()
    exempt_role_ids: IdList = frozenset()
    exempt_channel_ids: IdList = frozenset()
    channel_thresholds: Annotated[tuple[tuple[int, float], ...], NoDecode] = ()
    timeout_minutes: int = Field(default=60, ge=1, le=40_320)
    # The shipped learned model (core/spam/model.json) adds one piece of evidence.
    learned_model: bool = True
    ring_cosine: float = Field(default=0.65, ge=0.0, le=1.0)
    ring_window_seconds: float = Field(default=600.0, gt=0)

    _split_ids = field_validator(
        "trusted_role_ids", "exempt_role_ids", "exempt_channel_ids", mode="before"
    )(parse_ids)

    @field_validator("channel_thresholds", mode="before")
    @classmethod
    def _pairs(cls, value: Any) -> Any:
        """ "123:0.8, 456:0.3" → ((123, 0.8), (456, 0.3))."""
        if not isinstance(value, str):
            return value
        pairs = []
        for part in value.replace(",", " ").split():
            channel, _, level = part.partition(":")
            try:
                pairs.append((int(channel), float(level)))
            except ValueError:
                raise ValueError(f"expected channel_id:threshold pairs, got {part!r}") from None
        return tuple(pairs)


class LLMSettings(Section):
    """The language model that writes the digest's summaries, and nothing else.

    Any OpenAI-compatible server works (OpenAI, Ollama, vLLM, llama.cpp). With no key,
    no budget left, or any error, the digest goes out with extractive summaries.
    """

    model_config = SettingsConfigDict(env_prefix="LLM_")

    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    # Long enough for a small model on a CPU (a local llama.cpp server takes a minute
    # or more for a digest); OpenAI answers in seconds whatever this is.
    timeout_seconds: float = Field(default=120.0, gt=0, le=600)
    daily_token_budget: int = Field(default=20_000, ge=0)
    max_output_tokens: int = Field(default=1_000, ge=50, le=16_000)
    price_per_million_input: float = Field(default=0.15, ge=0)
    price_per_million_output: float = Field(default=0.60, ge=0)

    def key_value(self) -> str | None:
        return self.api_key.get_secret_value().strip() or None if self.api_key else None


class DigestSettings(Section):
    """The daily top-5 digest for maintainers."""

    model_config = SettingsConfigDict(env_prefix="DIGEST_")

    channel_id: int | None = None
    time: str = "08:00"
    timezone: str = "UTC"
    window_days: int = Field(default=7, ge=1, le=60)
    items: int = Field(default=5, ge=1, le=10)
    role_ids: IdList = frozenset()
    # How strongly a message must read as a problem or request to count as a report
    # (None: the shipped model's own threshold; calibrate with `triagebot eval problems`).
    problem_threshold: float | None = Field(default=None, ge=0.0, le=1.0)

    _split_ids = field_validator("role_ids", mode="before")(parse_ids)

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError(f"expected a 24-hour HH:MM time, got {value!r}")
        return f"{int(hours):02d}:{int(minutes):02d}"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from None
        return value
