"""Every service the bot talks to, assembled in one place from plain plans.

``assemble`` is the one place services are built: the composition root
(``triage.compose.App``) calls it with plans read from the settings, tests call it
with their own, and ``TriageBot`` receives the finished ``Services``. A service that
a feature needs is ``None`` when that feature is off; the ones behind buttons
(hints, moderation, digest feedback) always exist, so buttons posted before a
restart keep working whatever is switched on now.
"""

from __future__ import annotations

from dataclasses import dataclass

from github import Github

from triagebot.embeddings.model import Embedder
from triagebot.index.recent import RecentMessages
from triagebot.store.engine import SessionFactory
from triagebot.triage.cursors import ReadCursors
from triagebot.triage.digests import DigestFeatures, DigestFeedback, Digests
from triagebot.triage.discussions import EarlierDiscussions
from triagebot.triage.filing import Filer
from triagebot.triage.filing_drafts import ChannelPolicy, Drafts, everywhere
from triagebot.triage.health import Health, HealthFeatures
from triagebot.triage.hints import Hints
from triagebot.triage.issue_sync import IssueSync
from triagebot.triage.leases import LeasePolicy, Leases
from triagebot.triage.linking import Linker
from triagebot.triage.moderation import Moderation, SpamFeatures
from triagebot.triage.notices import ThreadNotices
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.similar import SimilarIssues
from triagebot.triage.webhook_events import WebhookFeatures, WebhookIssues


@dataclass(frozen=True)
class IndexFeatures:
    """``floor``: the cosine an earlier discussion must reach to be listed."""

    recent: RecentMessages
    floor: float = 0.6
    save_minutes: float = 60.0


@dataclass(frozen=True)
class IssueFeatures:
    """What the issue features need.

    Without an embedder there are no similarity answers (``/link`` still works with
    ``#123``); without ``sync`` issues are only synced by ``triagebot sync``; without
    ``github`` (or with ``comment_on_link`` off) ``/link`` comments nowhere. Empty
    ``hint_channel_ids``: matches are recorded, no hint is posted. Empty
    ``triage_role_ids``: members who can manage threads or messages may triage.
    Without ``index`` (or an embedder) ``/similar`` lists no earlier discussions.
    Without ``github`` or ``repos`` nothing is filed from Discord; ``file_label``
    (empty: none) marks what is; ``channel_allowed``: whose messages may be quoted.
    """

    embedder: Embedder | None = None
    sync: IssueSync | None = None
    github: Github | None = None
    repos: tuple[str, ...] = ()
    sync_minutes: float = 10.0
    top_k: int = 5
    comment_on_link: bool = True
    hint_channel_ids: frozenset[int] = frozenset()
    hint_threshold: float = 0.0
    closed_days: int = 30
    triage_role_ids: frozenset[int] = frozenset()
    index: IndexFeatures | None = None
    file_label: str = "from-discord"
    file_excerpts: int = 5
    channel_allowed: ChannelPolicy = everywhere
    webhook: WebhookFeatures | None = None  # None: no GitHub webhook endpoint


@dataclass(frozen=True)
class Services:
    """What the bot is given: the pipeline, and a service for each thing it does."""

    pipeline: Pipeline
    cursors: ReadCursors
    hints: Hints
    moderation: Moderation
    feedback: DigestFeedback
    linker: Linker
    notices: ThreadNotices
    leases: Leases
    similar: SimilarIssues | None = None
    discussions: EarlierDiscussions | None = None
    sync: IssueSync | None = None
    sync_minutes: float = 10.0
    digests: Digests | None = None
    health: Health | None = None
    index: IndexFeatures | None = None
    triage_role_ids: frozenset[int] = frozenset()
    shown: int = 5  # issues listed by /similar and the message menu (MATCH_TOP_K)
    drafts: Drafts | None = None  # the forms of "File issue" (always, when assembled)
    filer: Filer | None = None  # None: no GitHub client or repository to file on
    webhooks: WebhookIssues | None = None  # needs a secret and the sync's repositories


def assemble(
    sessions: SessionFactory,
    pipeline: Pipeline,
    *,
    issues: IssueFeatures | None = None,
    spam: SpamFeatures | None = None,
    digest: DigestFeatures | None = None,
    health: HealthFeatures | None = None,
    leases: LeasePolicy | None = None,
    hints: Hints | None = None,
) -> Services:
    """The services for these plans. ``digest`` None: no digest at all (no post, no
    ``/digest``); ``health`` None: no heartbeat. ``hints``: the ones the pipeline's
    hint stage claims with (made from ``issues`` when not given)."""
    issues = issues or IssueFeatures()
    github = issues.github if issues.comment_on_link else None
    similar, discussions = _similarity(sessions, issues)
    return Services(
        pipeline=pipeline,
        cursors=ReadCursors(sessions),
        hints=hints or Hints(sessions, issues.hint_channel_ids, issues.hint_threshold),
        moderation=Moderation(sessions, spam or SpamFeatures()),
        feedback=DigestFeedback(sessions, digest.role_ids if digest else frozenset()),
        linker=Linker(sessions, github, repos=issues.repos),
        notices=ThreadNotices(sessions),
        leases=Leases(sessions, leases or LeasePolicy.for_this_process(60.0)),
        similar=similar,
        discussions=discussions,
        sync=issues.sync,
        sync_minutes=issues.sync_minutes,
        digests=Digests(sessions, digest) if digest is not None else None,
        health=Health(sessions, health) if health is not None else None,
        index=issues.index,
        triage_role_ids=issues.triage_role_ids,
        shown=issues.top_k,
        drafts=Drafts(sessions, excerpts=issues.file_excerpts, allowed=issues.channel_allowed),
        filer=_filer(sessions, issues),
        webhooks=_webhooks(issues),
    )


def _similarity(
    sessions: SessionFactory, issues: IssueFeatures
) -> tuple[SimilarIssues | None, EarlierDiscussions | None]:
    """Similar issues need the embedder; earlier discussions the index too."""
    if issues.embedder is None:
        return None, None
    similar = SimilarIssues(sessions, issues.embedder, closed_days=issues.closed_days)
    if issues.index is None:
        return similar, None
    return similar, EarlierDiscussions(issues.index.recent, sessions, floor=issues.index.floor)


def _filer(sessions: SessionFactory, issues: IssueFeatures) -> Filer | None:
    """Filing needs a client and somewhere to file, whatever ``comment_on_link`` says."""
    if issues.github is None or not issues.repos:
        return None
    return Filer(
        sessions,
        issues.github,
        repos=issues.repos,
        label=issues.file_label,
        embedder=issues.embedder,
    )


def _webhooks(issues: IssueFeatures) -> WebhookIssues | None:
    """Deliveries are stored the way the sync stores: no sync, nothing to apply them to."""
    if issues.webhook is None or issues.sync is None:
        return None
    return WebhookIssues(issues.sync, issues.webhook)
