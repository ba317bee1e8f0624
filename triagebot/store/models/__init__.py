"""The schema, as typed SQLAlchemy 2.0 models.

Discord snowflakes are the primary keys, so every source (gateway, history, export)
agrees on identity and storing is an idempotent upsert. A change to a model needs a
migration in ``triagebot/migrations/versions``; a test fails when the two drift.
"""

from triagebot.store.models.base import Base
from triagebot.store.models.chat import (
    AuthorRow,
    ChannelRow,
    CursorRow,
    DeletionRow,
    EmbeddingModelRow,
    EmbeddingRow,
    GuildRow,
    MessageRow,
)
from triagebot.store.models.digest import DigestFeedbackRow, DigestRow
from triagebot.store.models.filing import FiledIssueRow
from triagebot.store.models.issues import (
    HintPostRow,
    HintRejectionRow,
    IssueMatchRow,
    IssueRow,
    RepoRow,
    ThreadLinkRow,
)
from triagebot.store.models.llm import LLMCacheRow, LLMCallRow
from triagebot.store.models.ops import HeartbeatRow, LeaseRow
from triagebot.store.models.spam import (
    ModActionRow,
    SpamCopyRow,
    SpamExemplarRow,
    SpamIncidentRow,
)

__all__ = [
    "AuthorRow",
    "Base",
    "ChannelRow",
    "CursorRow",
    "DeletionRow",
    "DigestFeedbackRow",
    "DigestRow",
    "EmbeddingModelRow",
    "EmbeddingRow",
    "FiledIssueRow",
    "GuildRow",
    "HeartbeatRow",
    "HintPostRow",
    "HintRejectionRow",
    "IssueMatchRow",
    "IssueRow",
    "LLMCacheRow",
    "LLMCallRow",
    "LeaseRow",
    "MessageRow",
    "ModActionRow",
    "RepoRow",
    "SpamCopyRow",
    "SpamExemplarRow",
    "SpamIncidentRow",
    "ThreadLinkRow",
]
