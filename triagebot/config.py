"""Typed settings from the environment and a ``.env`` file, one class per concern.

Every setting has a default that works for the offline demo except the Discord token,
which only ``triagebot run`` needs. A missing or malformed setting becomes a
``ConfigError`` whose message names the environment variable, so start-up fails with
one clear line rather than a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from triagebot.errors import ConfigError

IdList = Annotated[frozenset[int], NoDecode]


def _parse_ids(value: Any) -> Any:
    """Accept "1,2 3" from the environment as well as real lists."""
    if isinstance(value, str):
        parts = [p for p in value.replace(",", " ").split() if p]
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            raise ValueError(f"expected numeric Discord ids separated by commas, got {bad[0]!r}")
        return frozenset(int(p) for p in parts)
    return value


class _Section(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)


class DiscordSettings(_Section):
    """How to reach Discord and which channels to listen to."""

    model_config = SettingsConfigDict(env_prefix="DISCORD_")

    token: SecretStr | None = None
    guild_ids: IdList = frozenset()
    channel_allow: IdList = frozenset()
    channel_deny: IdList = frozenset()
    backfill_days: int = Field(default=7, ge=0, le=3650)
    triage_role_ids: IdList = frozenset()
    api_base: str | None = None
    gateway_url: str | None = None

    _split_ids = field_validator(
        "guild_ids", "channel_allow", "channel_deny", "triage_role_ids", mode="before"
    )(_parse_ids)

    def require_token(self) -> str:
        if self.token is None or not self.token.get_secret_value().strip():
            raise ConfigError(
                "DISCORD_TOKEN is not set: create a bot at the Discord developer portal "
                "and put its token in the environment or .env"
            )
        return self.token.get_secret_value().strip()

    def guild_allowed(self, guild_id: int) -> bool:
        return not self.guild_ids or guild_id in self.guild_ids

    def channel_allowed(self, channel_id: int, parent_id: int | None = None) -> bool:
        """A thread follows its parent channel's allow/deny entry unless named itself."""
        ids = {channel_id} | ({parent_id} if parent_id else set())
        if ids & self.channel_deny:
            return False
        return not self.channel_allow or bool(ids & self.channel_allow)


class DatabaseSettings(_Section):
    """Where messages are stored: a SQLite file by default, PostgreSQL for scale."""

    model_config = SettingsConfigDict(env_prefix="DATABASE_")

    url: str = "sqlite:///triagebot.db"
    echo: bool = False
    auto_migrate: bool = True
    retention_days: int = Field(default=0, ge=0, le=36_500)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = value.split(":", 1)[0].split("+", 1)[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise ValueError(
                "expected a sqlite:/// or postgresql:// URL, got scheme " + repr(scheme)
            )
        if scheme == "postgres":  # the Heroku-style alias SQLAlchemy does not accept
            value = "postgresql" + value[len("postgres") :]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return value


class PipelineSettings(_Section):
    """How messages are batched on their way to storage."""

    model_config = SettingsConfigDict(env_prefix="PIPELINE_")

    batch_size: int = Field(default=256, ge=1, le=10_000)
    flush_ms: int = Field(default=50, ge=1, le=60_000)
    queue_max: int = Field(default=50_000, ge=100)
    retry_max_seconds: float = Field(default=300.0, gt=0)


class EmbeddingSettings(_Section):
    """The local sentence-embedding model."""

    model_config = SettingsConfigDict(env_prefix="EMBED_", protected_namespaces=())

    model: str = "sentence-transformers/all-MiniLM-L6-v2"
    backend: Literal["auto", "fp32", "bf16"] = "auto"
    batch_size: int = Field(default=32, ge=1, le=4096)
    threads: int = Field(default=0, ge=0, le=512)
    enabled: bool = True


class MatchingSettings(_Section):
    """Matching messages against open issues (duplicate hints and demand)."""

    model_config = SettingsConfigDict(env_prefix="MATCH_")

    threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    hint_threshold: float = Field(default=0.7, ge=0.0, le=1.0)
    thread_threshold: float = Field(default=0.35, ge=0.0, le=1.0)
    issue_body_chars: int = Field(default=600, ge=0, le=20_000)
    top_k: int = Field(default=5, ge=1, le=25)
    hint_channel_ids: IdList = frozenset()

    _split_ids = field_validator("hint_channel_ids", mode="before")(_parse_ids)


class GitHubSettings(_Section):
    """The repositories whose issues the community's messages are matched against."""

    model_config = SettingsConfigDict(env_prefix="GITHUB_")

    token: SecretStr | None = None
    repos: Annotated[tuple[str, ...], NoDecode] = ()
    api_url: str = "https://api.github.com"
    sync_minutes: float = Field(default=10.0, gt=0)
    timeout_seconds: int = Field(default=30, ge=1, le=600)
    comment_on_link: bool = True

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


class SpamSettings(_Section):
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
    exempt_role_ids: IdList = frozenset()
    exempt_channel_ids: IdList = frozenset()
    channel_thresholds: Annotated[tuple[tuple[int, float], ...], NoDecode] = ()
    timeout_minutes: int = Field(default=60, ge=1, le=40_320)

    _split_ids = field_validator("exempt_role_ids", "exempt_channel_ids", mode="before")(_parse_ids)

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


class LLMSettings(_Section):
    """The language model that writes the digest's summaries, and nothing else.

    Any OpenAI-compatible server works (OpenAI, Ollama, vLLM, llama.cpp). With no key,
    no budget left, or any error, the digest goes out with extractive summaries.
    """

    model_config = SettingsConfigDict(env_prefix="LLM_")

    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    daily_token_budget: int = Field(default=20_000, ge=0)
    max_output_tokens: int = Field(default=1_000, ge=50, le=16_000)
    price_per_million_input: float = Field(default=0.15, ge=0)
    price_per_million_output: float = Field(default=0.60, ge=0)

    def key_value(self) -> str | None:
        return self.api_key.get_secret_value().strip() or None if self.api_key else None


class DigestSettings(_Section):
    """The daily top-5 digest for maintainers."""

    model_config = SettingsConfigDict(env_prefix="DIGEST_")

    channel_id: int | None = None
    time: str = "08:00"
    timezone: str = "UTC"
    window_days: int = Field(default=7, ge=1, le=60)
    items: int = Field(default=5, ge=1, le=10)
    role_ids: IdList = frozenset()

    _split_ids = field_validator("role_ids", mode="before")(_parse_ids)

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


class Settings:
    """All settings, grouped by concern."""

    def __init__(
        self,
        discord: DiscordSettings,
        database: DatabaseSettings,
        pipeline: PipelineSettings,
        embedding: EmbeddingSettings,
        matching: MatchingSettings,
        github: GitHubSettings,
        spam: SpamSettings,
        llm: LLMSettings,
        digest: DigestSettings,
    ) -> None:
        self.discord = discord
        self.database = database
        self.pipeline = pipeline
        self.embedding = embedding
        self.matching = matching
        self.github = github
        self.spam = spam
        self.llm = llm
        self.digest = digest


_SECTIONS: dict[str, type[_Section]] = {
    "discord": DiscordSettings,
    "database": DatabaseSettings,
    "pipeline": PipelineSettings,
    "embedding": EmbeddingSettings,
    "matching": MatchingSettings,
    "github": GitHubSettings,
    "spam": SpamSettings,
    "llm": LLMSettings,
    "digest": DigestSettings,
}


def load_settings(env_file: Path | None = None, **overrides: dict[str, Any]) -> Settings:
    """Read every section; turn the first validation error into one clear line.

    ``overrides`` maps a section name to field values that win over the environment
    (the command line's ``--db`` uses this).
    """
    sections: dict[str, Any] = {}
    for name, cls in _SECTIONS.items():
        try:
            kwargs: dict[str, Any] = dict(overrides.get(name, {}))
            if env_file is not None:
                kwargs["_env_file"] = env_file
            sections[name] = cls(**kwargs)
        except ValidationError as exc:
            raise ConfigError(_describe(cls, exc)) from None
    return Settings(**sections)


# Values never echoed in errors: tokens, keys, and URLs that may carry a password.
_SECRET_FIELDS = frozenset({"token", "url", "api_key", "base_url"})


def _describe(cls: type[_Section], exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "?"
    prefix = str(cls.model_config.get("env_prefix", ""))
    variable = (prefix + field).upper()
    message = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    secret = field in _SECRET_FIELDS or "got" in message
    shown = "" if secret or not isinstance(value, str | int | float) else f" (got {value!r})"
    return f"{variable}: {message}{shown}"
