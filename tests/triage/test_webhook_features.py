"""The webhook plan from the settings: off without a secret, and the secret kept out of
every repr, error and setting echo."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from triagebot.errors import ConfigError
from triagebot.triage.compose import App

SECRET = "whsec-from-the-environment"


@pytest.fixture(autouse=True)
def elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the working tree
    for name in ("GITHUB_WEBHOOK_SECRET", "GITHUB_WEBHOOK_PORT", "GITHUB_WEBHOOK_PATH"):
        monkeypatch.delenv(name, raising=False)


def test_no_secret_means_no_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    assert App().webhook_features() is None
    monkeypatch.setenv("GITHUB_WEBHOOK_SECRET", "   ")  # blank is no secret either
    assert App().webhook_features() is None


def test_a_secret_turns_it_on_and_never_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("GITHUB_WEBHOOK_HEALTHY_MINUTES", "30")
    app = App()
    plan = app.webhook_features()
    assert plan is not None and plan.secret == SECRET
    assert (plan.host, plan.port, plan.path) == ("127.0.0.1", 8787, "/github/webhook")
    assert plan.max_bytes == 25 * 1024 * 1024 and plan.healthy_for == timedelta(minutes=30)
    assert SECRET not in repr(plan) and SECRET not in repr(app.settings.webhook)


def test_a_bad_setting_is_one_line_without_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("GITHUB_WEBHOOK_PATH", "github/webhook")
    with pytest.raises(ConfigError, match=r"^GITHUB_WEBHOOK_PATH: expected a URL path") as caught:
        App().settings  # noqa: B018
    assert SECRET not in str(caught.value)
