"""Gathering problems under issues: alone, together, by likeness to other reports;
and the problems no issue covers, merged when they say the same thing."""

from __future__ import annotations

import numpy as np

from triagebot.core.matching import IssueIndex
from triagebot.core.references import references
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topic_parts import Part, reports_of, stack
from triagebot.core.topic_rules import TopicRules
from triagebot.core.vectors import Vectors

SPREAD_FLOOR = 0.03  # a spread narrower than this is noise (a tiny or uniform sample)


class IssueMatcher:
    def __init__(
        self, issues: IssueIndex | None, rules: TopicRules, background: Vectors | None = None
    ) -> None:
        """``background``: a sample of the window's messages, to tell how unusual a
        likeness to each issue is in this community (see ``_unusual``)."""
        self.issues = issues if issues is not None and len(issues) else None
        self.rules = rules
        refs = self.issues.issues if self.issues is not None else []
        self.by_number = {(r.repo.lower(), r.number): r.key for r in refs}
        self.repos = {r.repo for r in refs}
        self.column = {r.key: n for n, r in enumerate(refs)}
        self.mean = np.zeros(len(refs), dtype=np.float32)
        self.spread = np.ones(len(refs), dtype=np.float32)
        self.calibrated = False  # too few messages to know the usual: the cosine decides
        if self.issues is not None and background is not None and len(background) >= 20:
            self.calibrated = True
            scores = self.issues.scores(background)
            self.mean = scores.mean(axis=0)
            self.spread = np.maximum(scores.std(axis=0), SPREAD_FLOOR)

    def _alone(self, issue: int, score: float) -> bool:
        """One report is enough for ``issue``."""
        return score >= self.rules.report and self._unusual(issue, score)

    def _unusual(self, issue: int, score: float) -> bool:
        """Whether ``score`` stands out from the community's chat for this issue.

        A community that talks about one project all day is close to all of its issues
        at once: what counts is how far a message stands above the usual likeness of
        the day's chat to that issue (in spreads), not the raw cosine alone.
        """
        if not self.calibrated:
            return True
        col = self.column[issue]
        z = (score - float(self.mean[col])) / float(self.spread[col])
        return z >= self.rules.unusual

    def named(self, message: TopicMessage) -> int | None:
        """The open issue the message names exactly (a link, ``owner/repo#1``, ``#1``)."""
        found = {self.by_number.get(r) for r in references(message.text, self.repos)} - {None}
        return found.pop() if len(found) == 1 else None

    def _best(self, vectors: Vectors) -> list[tuple[int | None, float, float]]:
        """Per row: the best issue, its score, and the runner-up's score."""
        if self.issues is None:
            return [(None, 0.0, 0.0)] * len(vectors)
        found = self.issues.search(vectors, k=2)
        return [
            (c[0].issue.key, c[0].score, c[1].score if len(c) > 1 else 0.0) if c else (None, 0, 0)
            for c in found
        ]

    def assign(self, parts: list[Part]) -> tuple[dict[int, list[Part]], list[Part]]:
        """Reports that name an issue alone, then each conversation as a whole."""
        every = [m for part in parts for m in part.reports]
        best = dict(zip((m.id for m in every), self._best(stack(every)), strict=True))
        by_issue: dict[int, list[Part]] = {}
        loose: list[Part] = []
        for part in parts:
            named: dict[int, list[TopicMessage]] = {}
            rest = []
            for m in part.reports:
                issue, score, _ = best[m.id]
                exact = self.named(m)
                if exact is not None:
                    named.setdefault(exact, []).append(m)
                elif issue is not None and self._alone(issue, score):
                    named.setdefault(issue, []).append(m)
                else:
                    rest.append(m)
            target = max(named, key=lambda i: len(named[i]), default=None)
            if target is None and rest:
                target = self.of_group([Part(rest)])
            for issue, reports in named.items():
                extra = rest if issue == target else []
                by_issue.setdefault(issue, []).append(Part(reports + extra))
            if target is not None and target not in named:
                by_issue.setdefault(target, []).append(Part(rest))
            elif target is None and rest:
                loose.append(Part(rest))
        return by_issue, loose

    def adopt(self, loose: list[Part], by_issue: dict[int, list[Part]]) -> list[Part]:
        """A conversation that matches no issue well enough alone joins the issue it
        leans towards *and* whose reports it is like: the mean of its score to the
        issue and its likeness to that issue's nearest report reaches ``rules.joint``."""
        if self.issues is None or not loose or not by_issue:
            return loose
        column = self.column
        keys = [k for k in by_issue if k in column]
        peers = [stack(reports_of(by_issue[k])) for k in keys]
        kept = []
        for part in loose:
            centroid = part.centroid()
            to_issue = self.issues.scores(centroid.reshape(1, -1))[0]
            joint = [
                (float(to_issue[column[k]]) + float((mates @ centroid).max())) / 2
                for k, mates in zip(keys, peers, strict=True)
            ]
            best = int(np.argmax(joint)) if joint else -1
            if best < 0 or joint[best] < self.rules.joint:
                kept.append(part)
            elif self._unusual(keys[best], float(to_issue[column[keys[best]]])):
                by_issue[keys[best]].append(part)
            else:
                kept.append(part)
        return kept

    def of_group(self, group: list[Part]) -> int | None:
        """The issue a group's reports match together, if clearly one."""
        reports = [m for part in group for m in part.reports]
        centroid = Part(reports).centroid().reshape(1, -1)
        issue, score, runner_up = self._best(centroid)[0]
        if issue is None or score < self.rules.topic or score - runner_up < self.rules.margin:
            return None
        return issue if self._unusual(issue, score) else None


def merged(loose: list[Part], rules: TopicRules) -> list[list[Part]]:
    """Conversations whose reports say the same thing, grouped (greedy, oldest first,
    against each group's centroid: a new member must be like the whole group)."""
    groups: list[list[Part]] = []
    sums: list[Vectors] = []
    ordered = sorted(loose, key=lambda p: min(m.created_at for m in p.reports))
    for part in ordered:
        vector = part.centroid()
        if sums:
            matrix = np.stack(sums)
            norms = np.maximum(np.linalg.norm(matrix, axis=1), 1e-12)
            likeness = (matrix @ vector) / norms
            best = int(np.argmax(likeness))
            if likeness[best] >= rules.merge:
                groups[best].append(part)
                sums[best] = sums[best] + vector
                continue
        groups.append([part])
        sums.append(vector.copy())
    return groups
