"""Building one day's digest: window → topics → ranking → evidence → summaries.

Everything but the summaries is computed locally. The language model sees only the
bounded evidence packet of the top items (at most 12 de-duplicated, mention-stripped
excerpts of ~40 tokens per item) and, when it is unavailable, the digest goes out
with extractive summaries instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from triagebot.core.digest import Digest, DigestItem
from triagebot.core.ranking import Feedback, IssueFacts, RankedTopic, rank_topics
from triagebot.core.readable import Names, headline, readable
from triagebot.core.topic_rules import TopicRules
from triagebot.llm.evidence import EvidenceTopic, build_packet
from triagebot.llm.prompt import estimated_input_tokens, packet_json
from triagebot.llm.summariser import Summaries, Summariser, extractive_summaries
from triagebot.store.engine import SessionFactory
from triagebot.store.window import message_places, names_in
from triagebot.triage.day_topics import WindowTopics, window_topics
from triagebot.triage.why import why_line

LINKS_PER_ITEM = 3


@dataclass(frozen=True)
class DigestRequest:
    day: date
    timezone: str = "UTC"
    window_days: int = 7
    items: int = 5
    model_id: str = ""
    rules: TopicRules | None = None  # None: the defaults, at the problem model's threshold

    def window(self) -> tuple[datetime, datetime]:
        """``[since, until)``: the ``window_days`` local days that end with ``day``."""
        end = datetime.combine(self.day + timedelta(days=1), time(0), ZoneInfo(self.timezone))
        return end - timedelta(days=self.window_days), end


def build_digest(
    sessions: SessionFactory,
    request: DigestRequest,
    *,
    summariser: Summariser | None,
    feedback: Sequence[Feedback] = (),
    previous_keys: frozenset[str] = frozenset(),
    now: datetime | None = None,
    found: WindowTopics | None = None,
) -> Digest:
    """``found``: the window's topics when the caller has them already (see
    ``Digests.report``); else they are computed here."""
    now = now or datetime.now(UTC)
    since, end = request.window()
    if found is None:
        found = window_topics(sessions, since, end, request.model_id, request.rules)
    issues = found.issues
    ranked = rank_topics(found.topics, day=request.day, issues=issues, feedback=feedback, now=now)
    top = ranked[: request.items]
    with sessions() as session:
        places = message_places(session, [i for r in top for i, _ in r.topic.excerpts[:3]])
        names = names_in(session, [text for r in top for _, text in r.topic.excerpts])
    evidence = build_packet([_evidence(n, r, issues, names) for n, r in enumerate(top, 1)])
    summaries = _summarise(summariser, evidence)
    context = _Context(issues, places, previous_keys, names, request.day)
    items = [_item(n, r, summaries, context) for n, r in enumerate(top, 1)]
    return Digest(
        day=request.day,
        generated_at=now,
        items=items,
        summaries=summaries.source,
        summaries_note=summaries.reason,
        evidence_tokens=estimated_input_tokens(packet_json(evidence)) if evidence else 0,
    )


def _summarise(summariser: Summariser | None, evidence: list[EvidenceTopic]) -> Summaries:
    if not evidence:
        return Summaries(by_ref={}, source="extractive", reason="quiet day")
    if summariser is None:
        return extractive_summaries(evidence, "no language model configured")
    return summariser.summarise(evidence)


@dataclass(frozen=True)
class _Context:
    issues: dict[int, IssueFacts]
    places: dict[int, tuple[int, int, int | None]]
    previous: frozenset[str]
    names: Names
    day: date


def _title(ranked: RankedTopic, issues: dict[int, IssueFacts], names: Names) -> str:
    """The issue's title when the topic has one; else its most central problem
    statement, readable (names, short links), never a cut URL."""
    issue = issues.get(ranked.topic.issue_id) if ranked.topic.issue_id is not None else None
    if issue is not None:
        return f"#{issue.number} {headline(issue.title, limit=90)}"
    return headline(ranked.topic.statement or "(no text)", names, limit=90)


def _evidence(
    n: int, ranked: RankedTopic, issues: dict[int, IssueFacts], names: Names
) -> EvidenceTopic:
    topic = ranked.topic
    return EvidenceTopic(
        ref=str(n),
        title=_title(ranked, issues, names),
        people=len(topic.authors),
        messages=len(topic.message_ids),
        threads=len(topic.threads),
        excerpts=tuple(readable(text, names) for _, text in topic.excerpts),
    )


def _item(n: int, ranked: RankedTopic, summaries: Summaries, context: _Context) -> DigestItem:
    topic = ranked.topic
    issue = context.issues.get(topic.issue_id) if topic.issue_id is not None else None
    links = []
    for message_id, _ in topic.excerpts[:LINKS_PER_ITEM]:
        if message_id in context.places:
            guild, channel, thread = context.places[message_id]
            links.append(f"https://discord.com/channels/{guild}/{thread or channel}/{message_id}")
    return DigestItem(
        rank=n,
        key=topic.key,
        title=_title(ranked, context.issues, context.names),
        summary=summaries.by_ref.get(str(n), ""),
        summary_source=summaries.summary_source(str(n)),
        issue=issue.number if issue else None,
        issue_url=issue.url if issue else None,
        people=len(topic.authors),
        messages=len(topic.message_ids),
        threads=len(topic.threads),
        channels=len(topic.channels),
        score=ranked.score,
        breakdown=dict(ranked.breakdown),
        links=links,
        new=topic.key not in context.previous,
        why=why_line(ranked, issue, context.day),
        message_ids=tuple(sorted(topic.message_ids)),
    )
