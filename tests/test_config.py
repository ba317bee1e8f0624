"""Settings: sensible defaults, every setting documented, one clear line per mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triagebot.config import (
    DatabaseSettings,
    DigestSettings,
    DiscordSettings,
    EmbeddingSettings,
    GitHubSettings,
    HealthSettings,
    IndexSettings,
    LLMSettings,
    MatchingSettings,
    PipelineSettings,
    SpamSettings,
    WebhookSettings,
    load_settings,
)
from triagebot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def empty_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "DISCORD_TOKEN",
        "DISCORD_GUILD_IDS",
        "DISCORD_CHANNEL_ALLOW",
        "DISCORD_CHANNEL_DENY",
        "DATABASE_URL",
        "PIPELINE_BATCH_SIZE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_need_nothing() -> None:
    settings = load_settings()
    assert settings.database.url == "sqlite:///triagebot.db"
    assert settings.discord.token is None and settings.discord.guild_ids == frozenset()


def test_id_lists_accept_commas_and_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_GUILD_IDS", "12, 34 56")
    assert load_settings().discord.guild_ids == {12, 34, 56}


def test_threads_follow_their_parent_in_allow_and_deny_lists() -> None:
    discord = DiscordSettings(channel_allow="10", channel_deny="11")  # type: ignore[arg-type]
    assert discord.channel_allowed(10) and discord.channel_allowed(99, parent_id=10)
    assert not discord.channel_allowed(11) and not discord.channel_allowed(12)
    assert not DiscordSettings(channel_deny="5").channel_allowed(7, parent_id=5)  # type: ignore[arg-type]


def test_postgres_urls_get_the_installed_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://bot@db/triage")
    assert load_settings().database.url == "postgresql+psycopg://bot@db/triage"


def test_the_token_is_required_only_when_asked_for() -> None:
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is not set"):
        load_settings().discord.require_token()


def test_the_token_never_shows_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "MTA.secret.token")
    discord = load_settings().discord
    assert "MTA.secret.token" not in repr(discord)
    assert discord.require_token() == "MTA.secret.token"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PIPELINE_BATCH_SIZE", "0", "PIPELINE_BATCH_SIZE: Input should be greater than"),
        ("DISCORD_CHANNEL_ALLOW", "#general", "DISCORD_CHANNEL_ALLOW: expected numeric"),
        ("DATABASE_URL", "mongodb://x", "DATABASE_URL: expected a sqlite:/// or postgresql://"),
    ],
)
def test_a_malformed_setting_names_itself(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    for section in (
        DiscordSettings,
        DatabaseSettings,
        PipelineSettings,
        EmbeddingSettings,
        MatchingSettings,
        GitHubSettings,
        SpamSettings,
        LLMSettings,
        DigestSettings,
        HealthSettings,
        IndexSettings,
        WebhookSettings,
    ):
        prefix = str(section.model_config.get("env_prefix", ""))
        for field in section.model_fields:
            assert (prefix + field).upper() in documented, f"{prefix}{field} not in .env.example"


def test_channel_thresholds_read_as_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPAM_CHANNEL_THRESHOLDS", "123:0.8, 456:0.3")
    assert load_settings().spam.channel_thresholds == ((123, 0.8), (456, 0.3))
    monkeypatch.setenv("SPAM_CHANNEL_THRESHOLDS", "general:0.8")
    with pytest.raises(ConfigError, match="SPAM_CHANNEL_THRESHOLDS: expected channel_id"):
        load_settings()


def test_github_repos_must_be_owner_slash_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_REPOS", "lumen-dev/lumen, lumen")
    with pytest.raises(ConfigError, match="GITHUB_REPOS: expected owner/name"):
        load_settings()


def test_shard_ids_need_a_count_and_stay_within_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_SHARD_IDS", "1")
    monkeypatch.delenv("DISCORD_SHARD_COUNT", raising=False)
    with pytest.raises(ConfigError, match=r"^DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT"):
        load_settings()
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "2")
    discord = load_settings().discord
    assert (discord.shard_count, discord.shard_ids) == (2, (1,))
    assert not discord.registers_commands  # the process running shard 0 does
    assert discord.describe_shards() == "1 of 2"
    monkeypatch.setenv("DISCORD_SHARD_IDS", "0, 2")
    with pytest.raises(ConfigError, match=r"^DISCORD_SHARD_IDS: shard 2 is outside 0\.\.1"):
        load_settings()
    monkeypatch.setenv("DISCORD_SHARD_IDS", "")  # as in .env.example: one process, all shards
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "")
    discord = load_settings().discord
    assert (discord.shard_count, discord.shard_ids) == (None, ())
    assert discord.registers_commands and discord.describe_shards() == "all"


def test_health_port_blank_is_off_and_garbage_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTH_HTTP_PORT", "")
    assert load_settings().health.http_port is None
    monkeypatch.setenv("HEALTH_HTTP_PORT", "healthz")
    with pytest.raises(ConfigError, match="HEALTH_HTTP_PORT: Input should be a valid integer"):
        load_settings()


def test_the_example_file_loads_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cp .env.example .env` must start: a blank value means the default."""
    for name in re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(ROOT / ".env.example")
    assert settings.spam.mod_channel_id is None
    assert settings.digest.channel_id is None
    assert settings.discord.token is None
