"""Fitting the learned spam model: class-weighted, L2-regularised logistic regression
in plain numpy, deterministic for a seed.

Spam is the rare class in every pool (a few hundred scams against thousands of chat
lines), so each class carries half the total weight: otherwise the cheapest fit
calls everything ham. Full-batch gradient steps with Adam keep the result a function
of the data and the seed alone (the seed sets the starting point).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from triagebot.core.spam.families import read_families
from triagebot.core.spam.links import clean_text
from triagebot.core.spam.model import SpamModel, signal_features
from triagebot.core.spam.signals import read_signals

Matrix = NDArray[np.float32]
L2 = 1e-3
L2_CHOICES = (1e-3, 1e-4, 1e-5)  # picked on a validation tenth of the training rows
STEPS, RATE = 600, 0.05


def class_weights(labels: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Each example's weight: both classes sum to the same total, the mean is 1."""
    spam = int(labels.sum())
    ham = labels.size - spam
    if spam == 0 or ham == 0:
        raise ValueError("training needs both spam and ham")
    return np.where(labels, labels.size / (2 * spam), labels.size / (2 * ham))


def fit_logistic(
    rows: Matrix, labels: NDArray[np.bool_], seed: int, l2: float = L2, steps: int = STEPS
) -> tuple[NDArray[np.float32], float]:
    """Weights and bias minimising weighted log-loss + ``l2``/2 · |w|²."""
    x = rows.astype(np.float64)
    y = labels.astype(np.float64)
    weight = class_weights(labels) / labels.size
    rng = np.random.default_rng(seed)
    w = np.asarray(rng.normal(scale=0.01, size=x.shape[1]), dtype=np.float64)
    b = 0.0
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    for step in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30, 30)))
        error = weight * (p - y)
        grad_w, grad_b = x.T @ error + l2 * w, float(error.sum())
        m_w, v_w = 0.9 * m_w + 0.1 * grad_w, 0.999 * v_w + 0.001 * grad_w**2
        m_b, v_b = 0.9 * m_b + 0.1 * grad_b, 0.999 * v_b + 0.001 * grad_b**2
        fix1, fix2 = 1 - 0.9**step, 1 - 0.999**step
        w -= RATE * (m_w / fix1) / (np.sqrt(v_w / fix2) + 1e-8)
        b -= RATE * (m_b / fix1) / (float(np.sqrt(v_b / fix2)) + 1e-8)
    return w.astype(np.float32), b


def example_rows(texts: Sequence[str], vectors: Matrix) -> Matrix:
    """The model's input for each text: its vector, then its signal features."""
    features = []
    for text in texts:
        signals = read_signals(text)
        families = read_families(clean_text(text), signals.links)
        features.append(signal_features(signals, families))
    return np.hstack([vectors.astype(np.float32), np.stack(features)]).astype(np.float32)


def fit_model(
    texts: Sequence[str],
    labels: Sequence[bool],
    vectors: Matrix,
    seed: int,
    meta: dict[str, Any] | None = None,
) -> SpamModel:
    """A :class:`SpamModel` fitted on ``texts`` (with their vectors) and their labels."""
    rows = example_rows(texts, vectors)
    l2 = choose_l2(rows, np.asarray(labels, dtype=bool), seed)
    weights, bias = fit_logistic(rows, np.asarray(labels, dtype=bool), seed, l2=l2)
    return SpamModel(weights, bias, int(vectors.shape[1]), {**(meta or {}), "l2": l2})


def choose_l2(rows: Matrix, labels: NDArray[np.bool_], seed: int) -> float:
    """The L2 strength with the lowest class-weighted log-loss on a seeded tenth of the
    rows, fitted on the other nine tenths: the embedding's small components need large
    weights, which a fixed strong penalty would forbid."""
    rng = np.random.default_rng(seed)
    held = rng.random(labels.size) < 0.1
    if labels[held].all() or not labels[held].any():
        return L2
    losses = {}
    for l2 in L2_CHOICES:
        w, b = fit_logistic(rows[~held], labels[~held], seed, l2=l2)
        p = 1.0 / (1.0 + np.exp(-np.clip(rows[held] @ w + b, -30, 30)))
        y = labels[held]
        loss = -np.where(y, np.log(p + 1e-12), np.log(1 - p + 1e-12))
        losses[l2] = float((class_weights(y) * loss).mean())
    return min(losses, key=lambda l2: (losses[l2], -l2))
