"""The spam scorer from settings and the database: its policy, its bank, its model.

The bank starts from the seed examples and learns every moderator verdict stored so
far, oldest first, so a restart forgets nothing moderators taught it.
"""

from __future__ import annotations

from triagebot.config import SpamSettings
from triagebot.core.spam.exemplars import ExemplarBank, build_bank
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamScorer
from triagebot.core.spam.seed_exemplars import seed_examples
from triagebot.embeddings.model import Embedder
from triagebot.errors import ConfigError
from triagebot.store.engine import SessionFactory
from triagebot.store.spam_exemplars import verdict_exemplars


def scorer_from(settings: SpamSettings, bank: ExemplarBank | None) -> SpamScorer:
    """The scorer ``triagebot run`` uses: the settings' policy, the bank, and the
    learned model unless ``SPAM_LEARNED_MODEL`` is off."""
    return SpamScorer(policy_from(settings), bank, learned=settings.learned_model)


def policy_from(settings: SpamSettings) -> SpamPolicy:
    try:
        return _policy(settings)
    except ValueError as exc:
        raise ConfigError(f"SPAM_*: {exc}") from None


def _policy(settings: SpamSettings) -> SpamPolicy:
    return SpamPolicy(
        threshold=settings.threshold,
        auto_delete_threshold=(
            max(settings.auto_delete_threshold, settings.threshold)
            if settings.auto_delete
            else 1.01
        ),
        window_seconds=settings.window_seconds,
        near_duplicate_cosine=settings.near_duplicate_cosine,
        new_account_days=settings.new_account_days,
        trusted_role_ids=settings.trusted_role_ids,
        new_member_messages=settings.new_member_messages,
        newcomer_margin=settings.newcomer_margin,
        ring_cosine=settings.ring_cosine,
        ring_window_seconds=settings.ring_window_seconds,
        exempt_role_ids=settings.exempt_role_ids,
        exempt_channel_ids=settings.exempt_channel_ids,
        channel_thresholds=settings.channel_thresholds,
    )


def load_bank(embedder: Embedder, sessions: SessionFactory) -> ExemplarBank:
    """The seed examples, then every moderator verdict so far, oldest first."""
    bank = build_bank(embedder.encode, embedder.dim, seed_examples())
    with sessions() as session:
        for vector, label in verdict_exemplars(session, embedder.model_id):
            bank.add(vector, "spam" if label == "spam" else "ham")
    return bank
