"""The knobs of topic building, chosen on the digest scenario's choosing runs
(``bench.digest_scenario --choose``), never on the runs it reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicRules:
    problem: float = 0.5  # a message at or above this problem score is a report
    report: float = 0.50  # one report alone counts for an issue at this (fused) score
    topic: float = 0.40  # a conversation's or topic's reports together, at this
    margin: float = 0.0  # ... ahead of the second-best issue by this much
    merge: float = 0.70  # two conversations' reports say the same thing
    joint: float = 0.45  # (score to an issue + likeness to its reports) / 2
    same: float = 0.45  # two reports in one conversation state the same problem
    unusual: float = 2.5  # spreads above the day's usual likeness to the issue
