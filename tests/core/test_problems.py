"""The shipped problem-ness model: it loads, reads reports as reports and talk as talk,
falls back to the cues alone for another encoder; and the cues read what they name."""

from __future__ import annotations

import pytest

from triagebot.core.problems import CUE_NAMES, LABELS, cues, problem_model
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder

REPORTS = [
    "lumen serve dies the moment I save a file since 0.9.2, windows 11",
    "build --clean just deleted my templates folder??",
    "would love an option to pick the pygments theme in lumen.toml",
]
TALK = [
    "good morning everyone ☕",
    "thanks, that worked!",
    "0.9.3 is out, enjoy the weekend",
]


def test_the_shipped_model_is_for_the_default_encoder(embedder: SentenceEmbedder) -> None:
    model = problem_model(embedder.model_id)
    assert model.uses_vectors and 0.3 <= model.threshold <= 0.8


@pytest.mark.parametrize("text", REPORTS)
def test_reports_in_the_chat_register_read_as_reports(
    embedder: SentenceEmbedder, text: str
) -> None:
    model = problem_model(embedder.model_id)
    vectors = embedder.encode([embedding_text(text)])
    assert model.scores(vectors, [text])[0] >= model.threshold


@pytest.mark.parametrize("text", TALK)
def test_talk_reads_as_talk(embedder: SentenceEmbedder, text: str) -> None:
    model = problem_model(embedder.model_id)
    vectors = embedder.encode([embedding_text(text)])
    assert model.scores(vectors, [text])[0] < model.threshold
    assert model.labels(vectors, [text]) == ["other"]


def test_another_encoder_gets_the_cues_only_model() -> None:
    model = problem_model("some-other-model")
    assert not model.uses_vectors
    scores = model.scores(None, ["the app crashes with a traceback on startup", "hi all"])
    assert scores[0] > scores[1]
    assert set(model.labels(None, ["please add a dark theme"])) <= set(LABELS)


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("lumen serve dies on python3 since this morning", "version", 1.0),
        ("the installer hangs on win11 at 80%", "version", 1.0),
        ("broke between v0.9.2 and v0.9.3", "version", 1.0),
        ("it crashed 3 times today (2 on the laptop)", "version", 0.0),
        ("config.load() raises when the file is empty", "code", 1.0),
        ("the socket under /run/lumen/ is gone after a reboot", "code", 1.0),
        ("it fails (again) after the update. any idea", "code", 0.0),
    ],
)
def test_version_and_code_cues(text: str, cue: str, expected: float) -> None:
    assert cues(text)[CUE_NAMES.index(cue)] == expected
