"""Typed settings from the environment and a ``.env`` file, one class per concern.

Every setting has a default that works for the offline demo except the Discord token,
which only ``triagebot run`` needs. A missing or malformed setting becomes a
``ConfigError`` whose message names the environment variable, so start-up fails with
one clear line rather than a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from triagebot.config.base import IdList, Section
from triagebot.config.chat import (
    DatabaseSettings,
    DiscordSettings,
    EmbeddingSettings,
    PipelineSettings,
)
from triagebot.config.health import HealthSettings
from triagebot.config.index import IndexSettings
from triagebot.config.triage import (
    DigestSettings,
    GitHubSettings,
    LLMSettings,
    MatchingSettings,
    SpamSettings,
)
from triagebot.config.webhook import WebhookSettings
from triagebot.errors import ConfigError

__all__ = [
    "ConfigError",
    "DatabaseSettings",
    "DigestSettings",
    "DiscordSettings",
    "EmbeddingSettings",
    "GitHubSettings",
    "HealthSettings",
    "IdList",
    "IndexSettings",
    "LLMSettings",
    "MatchingSettings",
    "PipelineSettings",
    "Settings",
    "SpamSettings",
    "WebhookSettings",
    "load_settings",
]


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
        health: HealthSettings,
        index: IndexSettings,
        webhook: WebhookSettings,
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
        self.health = health
        self.index = index
        self.webhook = webhook


_SECTIONS: dict[str, type[Section]] = {
    "discord": DiscordSettings,
    "database": DatabaseSettings,
    "pipeline": PipelineSettings,
    "embedding": EmbeddingSettings,
    "matching": MatchingSettings,
    "github": GitHubSettings,
    "spam": SpamSettings,
    "llm": LLMSettings,
    "digest": DigestSettings,
    "health": HealthSettings,
    "index": IndexSettings,
    "webhook": WebhookSettings,
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
_SECRET_FIELDS = frozenset({"token", "url", "api_key", "base_url", "secret"})


def _describe(cls: type[Section], exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "?"
    prefix = str(cls.model_config.get("env_prefix", ""))
    variable = (prefix + field).upper()
    message = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    secret = field in _SECRET_FIELDS or "got" in message
    shown = "" if secret or not isinstance(value, str | int | float) else f" (got {value!r})"
    return f"{variable}: {message}{shown}"
