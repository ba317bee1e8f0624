"""The digest as plain data, and its JSON form (a contract: scripts read it).

``triagebot digest --json`` prints ``{"date", "generated_at", "summaries", "items"}``;
each item has ``rank``, ``title``, ``summary``, ``issue`` (number or null), ``people``,
``messages``, ``threads``, ``score``, ``breakdown``, ``links``, ``why`` (the one line
saying why it is there), ``summary_source`` ("model": the language model wrote the
summary; "quoted": it quotes the messages) and ``message_ids`` (the reports it
counts). Keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

# Who wrote an item's summary. Per item, because a model may answer for some items
# and not others: a quote must never read as the model's (or the bot's) own words.
SummarySource = Literal["model", "quoted"]


@dataclass(frozen=True)
class DigestItem:
    rank: int
    key: str
    title: str
    summary: str
    issue: int | None
    issue_url: str | None
    people: int
    messages: int
    threads: int
    channels: int
    score: float
    breakdown: dict[str, float]
    links: list[str]
    new: bool  # not in the previous digest
    why: str = ""  # one line: "12 people · 3 channels · new today · crash"
    summary_source: SummarySource | None = None  # None: as the digest's ``summaries`` says
    # The topic's reports: a verdict on the item follows them when the topic's key
    # changes (its first message leaves the window, an issue claims it).
    message_ids: tuple[int, ...] = ()

    def source_in(self, summaries: str) -> SummarySource:
        """This item's summary source, falling back to the digest-wide one."""
        if self.summary_source is not None:
            return self.summary_source
        return "quoted" if summaries == "extractive" else "model"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DigestItem:
        source = data.get("summary_source")
        return cls(
            rank=int(data["rank"]),
            key=str(data.get("key", "")),
            title=str(data.get("title", "")),
            summary=str(data.get("summary", "")),
            issue=data.get("issue"),
            issue_url=data.get("issue_url"),
            people=int(data.get("people", 0)),
            messages=int(data.get("messages", 0)),
            threads=int(data.get("threads", 0)),
            channels=int(data.get("channels", 0)),
            score=float(data.get("score", 0.0)),
            breakdown=dict(data.get("breakdown") or {}),
            links=[str(link) for link in data.get("links") or []],
            new=bool(data.get("new", False)),
            why=str(data.get("why", "")),
            summary_source=source if source in ("model", "quoted") else None,
            message_ids=tuple(int(m) for m in data.get("message_ids") or ()),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "title": self.title,
            "summary": self.summary,
            "issue": self.issue,
            "people": self.people,
            "messages": self.messages,
            "threads": self.threads,
            "score": round(self.score, 3),
            "breakdown": {k: round(v, 3) for k, v in self.breakdown.items()},
            "links": self.links,
            "key": self.key,
            "channels": self.channels,
            "issue_url": self.issue_url,
            "new": self.new,
            "why": self.why,
            "summary_source": self.summary_source,
            "message_ids": list(self.message_ids),
        }


@dataclass(frozen=True)
class Digest:
    day: date
    generated_at: datetime
    items: list[DigestItem] = field(default_factory=list)
    summaries: str = "extractive"  # "llm", "cache" or "extractive"
    summaries_note: str = ""
    evidence_tokens: int = 0  # estimated size of what the language model is shown

    @property
    def quiet(self) -> bool:
        return not self.items

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Digest:
        """A stored digest back (``as_json``'s output; keys added later may be absent)."""
        return cls(
            day=date.fromisoformat(data["date"]),
            generated_at=datetime.fromisoformat(data["generated_at"]),
            items=[DigestItem.from_json(item) for item in data.get("items", [])],
            summaries=str(data.get("summaries", "extractive")),
            summaries_note=str(data.get("summaries_note", "")),
            evidence_tokens=int(data.get("evidence_tokens", 0)),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "summaries": self.summaries,
            "summaries_note": self.summaries_note,
            "evidence_tokens": self.evidence_tokens,
            "items": [
                {**item.as_json(), "summary_source": item.source_in(self.summaries)}
                for item in self.items
            ],
        }
