"""The knobs of spam scoring, with defaults measured on real chat (see bench/spam_eval.py).

A community tunes these, not the weights: how sure the bot must be before it flags or
deletes, how long a window counts as "at once", who and where is never scored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class SpamPolicy:
    """Thresholds, windows and exemptions; every field maps to a SPAM_* setting."""

    threshold: float = 0.5  # flag for moderators at or above this score
    auto_delete_threshold: float = 0.98  # also delete at or above (above 1 never deletes)
    window_seconds: float = 120.0  # how far back "the same text elsewhere" looks
    near_duplicate_cosine: float = 0.85  # embedding similarity that counts as the same text
    wave_channels: int = 3  # copies in this many channels make a wave by themselves
    wave_capacity: int = 4096  # recent messages remembered (bounds memory and time)
    wave_min_chars: int = 20  # shorter texts ("thanks!") never form a wave
    new_account_days: float = 7.0  # a Discord account younger than this is new
    new_member_days: float = 1.0  # joined the server less than this ago
    mention_flood: int = 5  # user and role mentions in one message
    attachment_burst: int = 6  # attachments from one author within the window
    exemplar_k: int = 3  # neighbours per label in the exemplar vote
    exempt_role_ids: frozenset[int] = frozenset()
    # Members holding one of these roles are scored but never flagged (and never join a
    # wave: a moderator quoting a scam to warn people is not one of its copies).
    trusted_role_ids: frozenset[int] = frozenset()
    # Newcomers (an account younger than new_account_days, a member who joined less
    # than new_member_days ago or whose first new_member_messages messages these are)
    # are flagged at threshold - newcomer_margin: most spam comes from them.
    new_member_messages: int = 5
    newcomer_margin: float = 0.15
    # Flagged messages from other accounts join an open incident whose last copy is at
    # most ring_window_seconds old when they read alike (cosine) or share a link.
    ring_cosine: float = 0.65
    ring_window_seconds: float = 600.0
    exempt_channel_ids: frozenset[int] = frozenset()
    # (channel id, threshold) pairs: a stricter or looser bar in one channel
    channel_thresholds: tuple[tuple[int, float], ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("threshold", "near_duplicate_cosine", "newcomer_margin", "ring_cosine"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.auto_delete_threshold < self.threshold:
            raise ValueError("auto_delete_threshold must not be below threshold")
        if self.window_seconds <= 0 or self.wave_capacity < 1 or self.exemplar_k < 1:
            raise ValueError("window_seconds, wave_capacity and exemplar_k must be positive")
        if self.ring_window_seconds <= 0 or self.new_member_messages < 0:
            raise ValueError("ring_window_seconds must be positive, new_member_messages >= 0")
        if self.wave_channels < 2:
            raise ValueError("wave_channels must be at least 2")
        for channel, value in self.channel_thresholds:
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"channel {channel}: threshold must be between 0 and 1")

    @classmethod
    def from_settings(cls, settings: Any) -> SpamPolicy:
        """A policy from any object with same-named attributes (the SPAM_* settings);
        fields the object lacks keep their defaults."""
        names = [f.name for f in fields(cls)]
        return cls(**{n: getattr(settings, n) for n in names if hasattr(settings, n)})

    def threshold_for(self, channel_id: int | None, *, newcomer: bool = False) -> float:
        """The flag threshold in ``channel_id`` (a per-channel override, else the
        default), ``newcomer_margin`` lower for a newcomer."""
        level = next((v for c, v in self.channel_thresholds if c == channel_id), self.threshold)
        return max(level - self.newcomer_margin, 0.0) if newcomer else level

    def trusts(self, role_ids: Iterable[int]) -> bool:
        """A member with a trusted role is never flagged."""
        return not self.trusted_role_ids.isdisjoint(role_ids)

    def exempts(self, role_ids: Iterable[int], channel_id: int | None) -> bool:
        """Moderators' roles and exempt channels (a bot-commands channel) are not scored."""
        if channel_id is not None and channel_id in self.exempt_channel_ids:
            return True
        return not self.exempt_role_ids.isdisjoint(role_ids)
