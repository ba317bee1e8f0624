from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Commands read ./.env and the environment: give each test an empty one."""
    for name in ("DISCORD_TOKEN", "DISCORD_GUILD_IDS", "DATABASE_URL", "PIPELINE_BATCH_SIZE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EMBED_ENABLED", "false")  # the demo test turns the model back on
