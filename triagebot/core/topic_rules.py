"""The knobs of topic building, chosen on the digest scenario's choosing runs
(``bench.digest_scenario --choose``), never on the runs it reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicRules:
    problem: float = 0.5  # a message at or above this problem score is a report
    near: float = 0.35  # ... or at this, when it alone matches an open issue
    report: float = 0.50  # one report alone counts for an issue at this (fused) score
    topic: float = 0.40  # a conversation's or topic's reports together, at this
    margin: float = 0.0  # ... ahead of the second-best issue by this much
    merge: float = 0.70  # two conversations' reports say the same thing
    joint: float = 0.45  # (score to an issue + likeness to its reports) / 2
    same: float = 0.45  # two reports in one conversation state the same problem
    settle: float = 0.05  # a report moves to a near-equal issue the day supports more by
    unusual: float = 2.5  # spreads above the day's usual likeness to the issue
