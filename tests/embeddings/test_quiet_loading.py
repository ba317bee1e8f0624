"""Loading the model prints nothing of the libraries' own, unless debug logging is on."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from transformers.utils import logging as library_logging

from triagebot.embeddings import model
from triagebot.embeddings.model import QuietLoading, SentenceEmbedder
from triagebot.embeddings.resolve import resolve_model

MINILM = "sentence-transformers/all-MiniLM-L6-v2"


def test_a_real_load_draws_no_progress_bar_and_no_library_notes(
    capfd: pytest.CaptureFixture[str],
) -> None:
    SentenceEmbedder(MINILM, backend="fp32")
    out, err = capfd.readouterr()
    assert "Loading weights" not in out + err
    assert "loss_type" not in out + err


def state() -> tuple[int, bool]:
    return library_logging.get_verbosity(), library_logging.is_progress_bar_enabled()


def test_quiet_while_loading_and_as_before_afterwards(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, bool]] = []

    def load(_resolved: Any) -> str:
        seen.append(state())
        return "the model"

    monkeypatch.setattr(model, "_load", load)
    before = state()
    with QuietLoading() as quiet:
        assert quiet.load(resolve_model(MINILM)) == "the model"
        assert quiet.load(resolve_model(MINILM)) == "the model"  # e.g. a second attempt
    assert seen == [(logging.ERROR, False), (logging.ERROR, False)]
    assert state() == before


def test_debug_logging_shows_what_the_libraries_say(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, bool]] = []
    monkeypatch.setattr(model, "_load", lambda _resolved: seen.append(state()))
    library_logging.set_verbosity(logging.WARNING)
    monkeypatch.setattr(logging.getLogger(), "level", logging.DEBUG)
    with QuietLoading() as quiet:
        quiet.load(resolve_model(MINILM))
    assert seen == [(logging.WARNING, library_logging.is_progress_bar_enabled())]
