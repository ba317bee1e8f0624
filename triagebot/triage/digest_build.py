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
from triagebot.core.neutral import clip
from triagebot.core.ranking import Feedback, IssueFacts, RankedTopic, rank_topics
from triagebot.core.topics import cluster_topics
from triagebot.llm.evidence import EvidenceTopic, build_packet
from triagebot.llm.prompt import estimated_input_tokens, packet_json
from triagebot.llm.summariser import Summaries, Summariser, extractive_summaries
from triagebot.store.engine import SessionFactory
from triagebot.store.window import issue_facts, message_places, window_messages

LINKS_PER_ITEM = 3


@dataclass(frozen=True)
class DigestRequest:
    day: date
    timezone: str = "UTC"
    window_days: int = 7
    items: int = 5
    model_id: str = ""


def build_digest(
    sessions: SessionFactory,
    request: DigestRequest,
    *,
    summariser: Summariser | None,
    feedback: Sequence[Feedback] = (),
    previous_keys: frozenset[str] = frozenset(),
    now: datetime | None = None,
) -> Digest:
    now = now or datetime.now(UTC)
    end = datetime.combine(request.day + timedelta(days=1), time(0), ZoneInfo(request.timezone))
    since = end - timedelta(days=request.window_days)
    with sessions() as session:
        messages = window_messages(session, since, end, request.model_id)
        topics = cluster_topics(messages)
        issues = issue_facts(session, {t.issue_id for t in topics if t.issue_id is not None})
        ranked = rank_topics(topics, day=request.day, issues=issues, feedback=feedback, now=now)
        top = ranked[: request.items]
        places = message_places(session, [i for r in top for i, _ in r.topic.excerpts[:3]])
    evidence = build_packet([_evidence(n, r, issues) for n, r in enumerate(top, 1)])
    summaries = _summarise(summariser, evidence)
    items = [
        _item(n, r, issues, summaries.by_ref.get(str(n), ""), places, previous_keys)
        for n, r in enumerate(top, 1)
    ]
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


def _title(ranked: RankedTopic, issues: dict[int, IssueFacts]) -> str:
    issue = issues.get(ranked.topic.issue_id) if ranked.topic.issue_id is not None else None
    if issue is not None:
        return f"#{issue.number} {clip(issue.title, 90)}"
    text = ranked.topic.excerpts[0][1] if ranked.topic.excerpts else "(no text)"
    return clip(text, 90)


def _evidence(n: int, ranked: RankedTopic, issues: dict[int, IssueFacts]) -> EvidenceTopic:
    topic = ranked.topic
    return EvidenceTopic(
        ref=str(n),
        title=_title(ranked, issues),
        people=len(topic.authors),
        messages=len(topic.message_ids),
        threads=len(topic.threads),
        excerpts=tuple(text for _, text in topic.excerpts),
    )


def _item(
    n: int,
    ranked: RankedTopic,
    issues: dict[int, IssueFacts],
    summary: str,
    places: dict[int, tuple[int, int, int | None]],
    previous: frozenset[str],
) -> DigestItem:
    topic = ranked.topic
    issue = issues.get(topic.issue_id) if topic.issue_id is not None else None
    links = []
    for message_id, _ in topic.excerpts[:LINKS_PER_ITEM]:
        if message_id in places:
            guild, channel, thread = places[message_id]
            links.append(f"https://discord.com/channels/{guild}/{thread or channel}/{message_id}")
    return DigestItem(
        rank=n,
        key=topic.key,
        title=_title(ranked, issues),
        summary=summary,
        issue=issue.number if issue else None,
        issue_url=issue.url if issue else None,
        people=len(topic.authors),
        messages=len(topic.message_ids),
        threads=len(topic.threads),
        channels=len(topic.channels),
        score=ranked.score,
        breakdown=dict(ranked.breakdown),
        links=links,
        new=topic.key not in previous,
    )
