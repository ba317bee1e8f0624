"""The composition root: settings, engine, sessions, the model, the pipeline and the
services, built once per command from the settings.

Nothing in the package reaches for a global; commands take what they need from here,
the bot receives ``services()`` finished, and tests build the same objects with
their own settings (``triage.services.assemble`` with their own plans).
"""

from __future__ import annotations

import logging
from datetime import time, timedelta
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine

from triagebot.config import Settings, load_settings
from triagebot.core.health import DigestSchedule, Limits
from triagebot.core.topic_rules import TopicRules
from triagebot.embeddings.model import Embedder, SentenceEmbedder
from triagebot.errors import ConfigError
from triagebot.index.files import index_path
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.llm.summariser import Summariser
from triagebot.store import migrate
from triagebot.store.engine import SessionFactory, make_engine, session_factory
from triagebot.tracker.client import github_client
from triagebot.triage.digests import DigestFeatures, Digests
from triagebot.triage.health import HealthFeatures
from triagebot.triage.hints import Hints
from triagebot.triage.issue_sync import IssueSync
from triagebot.triage.leases import LeasePolicy
from triagebot.triage.ledger import StoredLedger
from triagebot.triage.moderation import Moderation, SpamFeatures
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.services import IndexFeatures, IssueFeatures, Services, assemble
from triagebot.triage.spam_bank import load_bank, scorer_from
from triagebot.triage.stages import in_flow_order
from triagebot.triage.stages.embed import EmbedStage
from triagebot.triage.stages.hint import HintStage
from triagebot.triage.stages.index import IndexStage
from triagebot.triage.stages.match import MatchStage
from triagebot.triage.stages.spam import SpamStage
from triagebot.triage.stored_vectors import StoredVectors
from triagebot.triage.webhook_events import WebhookFeatures

log = logging.getLogger(__name__)


class App:
    """``creates_database``: whether this command may create a SQLite file that is not
    there yet. Off, a missing file is refused (``MissingDatabaseError``): a command that
    only reads or edits stored data, pointed at a mistyped path, would otherwise report
    on a new empty database. The command line turns it on for the commands that store."""

    def __init__(
        self,
        env_file: Path | None = None,
        database_url: str | None = None,
        *,
        creates_database: bool = False,
    ) -> None:
        self.env_file = env_file
        self._database_url = database_url
        self.creates_database = creates_database

    @cached_property
    def settings(self) -> Settings:
        """Read on first use, so ``--help`` works whatever the settings say."""
        if self.env_file is not None and not self.env_file.is_file():
            what = "is a folder" if self.env_file.is_dir() else "does not exist"
            raise ConfigError(f"--env-file {self.env_file}: the file {what}")
        overrides = {"database": {"url": self._database_url}} if self._database_url else {}
        return load_settings(self.env_file, **overrides)

    @cached_property
    def engine(self) -> Engine:
        """The engine, with the schema brought to the newest migration."""
        db = self.settings.database
        engine = make_engine(db.url, echo=db.echo, must_exist=not self.creates_database)
        if db.auto_migrate:
            migrate.upgrade(engine)
        return engine

    @cached_property
    def sessions(self) -> SessionFactory:
        return session_factory(self.engine)

    @cached_property
    def embedder(self) -> Embedder | None:
        """The local model, or None when EMBED_ENABLED is off. Loaded on first use."""
        cfg = self.settings.embedding
        if not cfg.enabled:
            return None
        embedder = SentenceEmbedder(
            cfg.model,
            backend=cfg.backend,
            batch_size=cfg.batch_size,
            threads=cfg.threads,
            cache_dir=cfg.cache_dir,
        )
        log.info("embedding with %s", embedder.describe())
        return embedder

    @cached_property
    def spam_stage(self) -> SpamStage | None:
        """The scorer with its exemplar bank (seed + moderators' verdicts so far)."""
        if not self.settings.spam.enabled:
            return None
        embedder = self.embedder
        bank = load_bank(embedder, self.sessions) if embedder is not None else None
        scorer = scorer_from(self.settings.spam, bank)
        return SpamStage(scorer, self.sessions, embedder.model_id if embedder else "")

    @property
    def index_path(self) -> Path | None:
        """INDEX_PATH, or derived from DATABASE_URL (None: an in-memory database)."""
        return index_path(self.settings.index.path, self.settings.database.url)

    @cached_property
    def recent_messages(self) -> RecentMessages | None:
        """The index of recent messages, its saved file mapped (cheap at any size; the
        bot reconciles or rebuilds it in the background). None when it or embedding is
        off."""
        cfg, embedder = self.settings.index, self.embedder
        if not cfg.enabled or embedder is None:
            return None
        recent = RecentMessages(
            StoredVectors(self.sessions, embedder.model_id),
            embedder.model_id,
            embedder.dim,
            path=self.index_path,
            bounds=Bounds(cfg.recent_days, cfg.max_vectors),
            width=cfg.search_width,
        )
        recent.open()
        return recent

    def index_features(self) -> IndexFeatures | None:
        recent, cfg = self.recent_messages, self.settings.index
        if recent is None:
            return None
        return IndexFeatures(recent, floor=cfg.discussion_floor, save_minutes=cfg.save_minutes)

    def pipeline(self, *, index: bool = False, hints: Hints | None = None) -> Pipeline:
        """``index``: keep the index of recent messages in step too (the running bot;
        imports leave it to the bot, which reconciles with the database on start).
        ``hints``: claim the hints the matches earn (the running bot, which posts them;
        an import claims none)."""
        embedder = self.embedder
        match = MatchStage(embedder, self.settings.matching) if embedder is not None else None
        stages = in_flow_order(
            embed=EmbedStage(embedder) if embedder is not None else None,
            match=match,
            hint=HintStage(hints) if hints is not None and match is not None else None,
            spam=self.spam_stage,
            index=IndexStage(self.recent_messages)
            if index and self.recent_messages is not None
            else None,
        )
        return Pipeline(self.sessions, self.settings.pipeline, stages)

    def services(self) -> Services:
        """Everything the running bot needs, with the pipeline that keeps the index
        and claims the hints."""
        issues = self.issue_features()
        hints = Hints(self.sessions, issues.hint_channel_ids, issues.hint_threshold)
        return assemble(
            self.sessions,
            self.pipeline(index=True, hints=hints),
            issues=issues,
            hints=hints,
            spam=self.spam_features(),
            digest=self.digest_features(),
            health=self.health_features(),
            leases=LeasePolicy.for_this_process(self.settings.database.lease_seconds),
        )

    def moderation(self) -> Moderation:
        """The incidents as moderators see them (for reading: it teaches nothing)."""
        return Moderation(self.sessions, SpamFeatures(self.settings.spam.mod_channel_id))

    def digests(self) -> Digests:
        """The digest as ``triagebot digest`` and ``report`` compute it."""
        return Digests(self.sessions, self.digest_features())

    def spam_features(self) -> SpamFeatures:
        spam = self.settings.spam
        stage = self.spam_stage
        return SpamFeatures(
            mod_channel_id=spam.mod_channel_id,
            timeout=timedelta(minutes=spam.timeout_minutes),
            learn=stage.learn if stage is not None else None,
            auto_delete_at=spam.auto_delete_threshold if spam.auto_delete else None,
        )

    def digest_features(self) -> DigestFeatures:
        """The daily digest (posted when DIGEST_CHANNEL_ID is set) and /digest."""
        cfg = self.settings.digest
        hours, minutes = (int(part) for part in cfg.time.split(":"))
        embedder = self.embedder
        return DigestFeatures(
            channel_id=cfg.channel_id,
            at=time(hours, minutes),
            timezone=cfg.timezone,
            window_days=cfg.window_days,
            items=cfg.items,
            role_ids=cfg.role_ids,
            summariser=self.summariser(),
            model_id=embedder.model_id if embedder is not None else "",
            rules=None if (bar := cfg.problem_threshold) is None else TopicRules(problem=bar),
        )

    def health_features(self) -> HealthFeatures:
        """The heartbeat and its limits; problems are told in SPAM_MOD_CHANNEL_ID."""
        cfg, digest = self.settings.health, self.settings.digest
        hours, minutes = (int(part) for part in digest.time.split(":"))
        scheduled = digest.channel_id is not None
        return HealthFeatures(
            beat_seconds=cfg.beat_seconds,
            limits=Limits(
                stall=timedelta(seconds=cfg.stall_seconds),
                sync_failures=cfg.sync_failures,
                digest_grace=timedelta(minutes=cfg.digest_grace_minutes),
            ),
            channel_id=self.settings.spam.mod_channel_id,
            digest=DigestSchedule(time(hours, minutes), digest.timezone) if scheduled else None,
            http_host=cfg.http_host,
            http_port=cfg.http_port,
        )

    def summariser(self) -> Summariser:
        """Summaries by the configured model; extractive whenever it cannot be used."""
        return Summariser(self.settings.llm, StoredLedger(self.sessions))

    def issue_features(self) -> IssueFeatures:
        """What the bot needs for links, hints, similarity and scheduled syncs."""
        settings = self.settings
        gh = settings.github
        return IssueFeatures(
            embedder=self.embedder,
            sync=self.issue_sync() if gh.repos else None,
            github=github_client(gh) if gh.token_value() else None,
            repos=gh.repos,
            sync_minutes=gh.sync_minutes,
            top_k=settings.matching.top_k,
            comment_on_link=gh.comment_on_link,
            hint_channel_ids=settings.matching.hint_channel_ids,
            hint_threshold=settings.matching.hint_threshold,
            closed_days=settings.matching.closed_days,
            triage_role_ids=settings.discord.triage_role_ids,
            index=self.index_features(),
            file_label="" if gh.file_label.strip().lower() == "none" else gh.file_label.strip(),
            file_excerpts=gh.file_excerpts,
            channel_allowed=settings.discord.channel_allowed,
            webhook=self.webhook_features(),
        )

    def webhook_features(self) -> WebhookFeatures | None:
        """The GitHub webhook endpoint; None (off) while GITHUB_WEBHOOK_SECRET is unset."""
        cfg = self.settings.webhook
        secret = cfg.secret_value()
        if secret is None:
            return None
        return WebhookFeatures(
            secret=secret,
            host=cfg.host,
            port=cfg.port,
            path=cfg.path,
            max_bytes=cfg.max_bytes,
            healthy_for=timedelta(minutes=cfg.healthy_minutes),
            backoff=cfg.sync_backoff,
        )

    def issue_sync(self) -> IssueSync:
        settings = self.settings
        return IssueSync(
            github_client(settings.github),
            self.sessions,
            self.embedder,
            settings.github,
            settings.matching,
        )

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
