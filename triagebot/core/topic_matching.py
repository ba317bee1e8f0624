"""Gathering problems under issues: alone, together, by likeness to other reports;
and the problems no issue covers, merged when they say the same thing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from triagebot.core.matching import IssueIndex
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topic_parts import Mates, Part, group_text, stack
from triagebot.core.topic_rules import TopicRules
from triagebot.core.topic_settling import settled
from triagebot.core.vectors import Vectors, top_columns_of_rows

SPREAD_FLOOR = 0.03  # a spread narrower than this is noise (a tiny or uniform sample)
ADOPT_CANDIDATES = 3  # issues a loose conversation is offered to, the nearest first
MERGE_DAYS = 3.0  # a group of unmatched reports nobody added to for this long closes
MERGE_OPEN = 256  # the newest groups a conversation may join
SEARCH_CHUNK = 4096  # query rows scored at once: bounds memory at any number of issues


class IssueMatcher:
    def __init__(
        self,
        issues: IssueIndex | None,
        rules: TopicRules,
        background: tuple[Vectors, list[str]] | None = None,
    ) -> None:
        """``background``: a sample of the window's messages, to tell how unusual a
        likeness to each issue is in this community (see ``_unusual``)."""
        self.issues = issues if issues is not None and len(issues) else None
        self.rules = rules
        refs = self.issues.issues if self.issues is not None else []
        self.column = {r.key: n for n, r in enumerate(refs)}
        self.mean = np.zeros(len(refs), dtype=np.float32)
        self.spread = np.ones(len(refs), dtype=np.float32)
        self.calibrated = False  # too few messages to know the usual: the cosine decides
        if self.issues is not None and background is not None and len(background[0]) >= 20:
            self.calibrated = True
            scores = self.issues.scores(*background)
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

    def with_near_reports(
        self, messages: Sequence[TopicMessage], problem: Mapping[int, float]
    ) -> Mapping[int, float]:
        """``problem``, with the messages just short of reading as a report (from
        ``rules.near``) raised to ``rules.problem`` when they alone match an open issue:
        a message as like an issue as a report would be is evidence of its own."""
        low, high = self.rules.near, self.rules.problem
        near = [
            m for m in messages if m.vector is not None and low <= problem.get(m.id, -1.0) < high
        ]
        if not near or self.issues is None:
            return problem
        found = self._best(stack(near), [m.text for m in near])
        raised = {
            m.id: self.rules.problem
            for m, (issue, score, _) in zip(near, found, strict=True)
            if issue is not None and self._alone(issue, score)
        }
        return {**problem, **raised} if raised else problem

    def named(self, message: TopicMessage) -> int | None:
        """The open issue the message names exactly (a link, ``owner/repo#1``, ``#1``)."""
        ref = self.issues.named(message.text) if self.issues is not None else None
        return ref.key if ref is not None else None

    def _best(self, vectors: Vectors, texts: list[str]) -> list[tuple[int | None, float, float]]:
        """Per row: the best issue, its score, and the runner-up's score."""
        if self.issues is None:
            return [(None, 0.0, 0.0)] * len(vectors)
        keys = [ref.key for ref in self.issues.issues]
        out: list[tuple[int | None, float, float]] = []
        for start in range(0, len(vectors), SEARCH_CHUNK):
            chunk = slice(start, start + SEARCH_CHUNK)
            scores = self.issues.scores(vectors[chunk], texts[chunk])
            columns = top_columns_of_rows(scores, 2)
            best = np.take_along_axis(scores, columns, axis=1)
            second = best[:, 1] if best.shape[1] > 1 else np.zeros(len(best), dtype=np.float32)
            out += [
                (keys[int(i)], float(a), float(b))
                for i, a, b in zip(columns[:, 0], best[:, 0], second, strict=True)
            ]
        return out

    def assign(
        self, parts: list[Part]
    ) -> tuple[dict[int, list[Part]], list[Part], dict[int, int]]:
        """Reports that name an issue alone, then each conversation as a whole; also, for
        each report that named its issue alone, that issue (the reports a quote of the
        issue should come from: one that came with its conversation may be about
        something else)."""
        every = [m for part in parts for m in part.reports]
        found = self._best(stack(every), [m.text for m in every])
        best = dict(zip((m.id for m in every), found, strict=True))
        split = [self._split(part, best) for part in parts]
        unnamed = [rest for named, rest in split if not named and rest]
        together = iter(self.of_groups([[Part(rest)] for rest in unnamed]))
        by_issue: dict[int, list[Part]] = {}
        loose: list[Part] = []
        alone = {m.id: issue for named, _ in split for issue, ms in named.items() for m in ms}
        for named, rest in split:
            target = max(named, key=lambda i: len(named[i]), default=None)
            if target is None and rest:
                target = next(together)
            for issue, reports in named.items():
                extra = rest if issue == target else []
                by_issue.setdefault(issue, []).append(Part(reports + extra))
            if target is not None and target not in named:
                by_issue.setdefault(target, []).append(Part(rest))
            elif target is None and rest:
                loose.append(Part(rest))
        return by_issue, loose, alone

    def _split(
        self, part: Part, best: dict[int, tuple[int | None, float, float]]
    ) -> tuple[dict[int, list[TopicMessage]], list[TopicMessage]]:
        """The part's reports that name an issue on their own (by issue), and the rest."""
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
        return named, rest

    def adopt(self, loose: list[Part], by_issue: dict[int, list[Part]]) -> list[Part]:
        """A conversation that matches no issue well enough alone joins the issue it
        leans towards *and* whose reports it is like: the mean of its score to the
        issue and its likeness to that issue's nearest report reaches ``rules.joint``.
        Only the few issues it leans towards most are asked."""
        if self.issues is None or not loose or not by_issue:
            return loose
        centroids = np.stack([part.centroid() for part in loose])
        to_issues = self.issues.scores(centroids, [group_text([part]) for part in loose])
        tops = top_columns_of_rows(to_issues, ADOPT_CANDIDATES)
        held = np.zeros(to_issues.shape[1], dtype=bool)
        held[[self.column[key] for key in by_issue]] = True
        mates: dict[int, Mates] = {}
        kept = []
        for n, part in enumerate(loose):
            chosen = None
            if held[tops[n]].any():  # none of its nearest issues has reports: it stays
                chosen = self._adopter(centroids[n], to_issues[n], tops[n], by_issue, mates)
            if chosen is None:
                kept.append(part)
            else:
                by_issue[chosen].append(part)
        return kept

    def _adopter(
        self,
        centroid: Vectors,
        to_issue: Vectors,
        nearest: NDArray[np.intp],
        by_issue: dict[int, list[Part]],
        mates: dict[int, Mates],
    ) -> int | None:
        assert self.issues is not None
        best, chosen = self.rules.joint, None
        for col in nearest:
            key = self.issues.issues[int(col)].key
            if key not in by_issue:
                continue
            if key not in mates:
                mates[key] = Mates(by_issue[key])
            joint = mates[key].support(float(to_issue[col]), centroid)
            if joint >= best and self._unusual(key, float(to_issue[col])):
                best, chosen = joint, key
        return chosen

    def settle(self, by_issue: dict[int, list[Part]]) -> dict[int, list[Part]]:
        """Parts moved to the near-equal issue the day's other reports support
        (``core.topic_settling``); an exact reference keeps a part where it is."""
        if self.issues is None:
            return by_issue
        return settled(
            by_issue,
            self.issues,
            self.rules.settle,
            pinned=lambda part: any(self.named(m) is not None for m in part.reports),
            unusual=self._unusual,
        )

    def of_groups(self, groups: list[list[Part]]) -> list[int | None]:
        """For each group, the issue its reports match together, if clearly one."""
        if not groups:
            return []
        centroids = np.stack([_centroid(group) for group in groups])
        return [
            issue
            if issue is not None
            and score >= self.rules.topic
            and score - runner_up >= self.rules.margin
            and self._unusual(issue, score)
            else None
            for issue, score, runner_up in self._best(centroids, [group_text(g) for g in groups])
        ]


def _centroid(group: list[Part]) -> Vectors:
    if len(group) == 1:
        return group[0].centroid()
    return Part([m for part in group for m in part.reports]).centroid()


def merged(loose: list[Part], rules: TopicRules) -> list[list[Part]]:
    """Conversations whose reports say the same thing, grouped (greedy, oldest first,
    against each group's centroid: a new member must be like the whole group). Only
    groups active within ``MERGE_DAYS`` are joinable, the newest ``MERGE_OPEN`` of them,
    which bounds the work per conversation on a busy day."""
    ordered = sorted(loose, key=lambda p: min(m.created_at for m in p.reports))
    if not ordered:
        return []
    dim = len(ordered[0].centroid())
    sums = np.zeros((len(ordered), dim), dtype=np.float32)
    norms = np.ones(len(ordered), dtype=np.float32)
    last = np.zeros(len(ordered), dtype=np.float64)
    groups: list[list[Part]] = []
    for part in ordered:
        vector = part.centroid()
        when = max(m.created_at for m in part.reports).timestamp()
        start = max(0, len(groups) - MERGE_OPEN)
        if groups:
            likeness = (sums[start : len(groups)] @ vector) / norms[start : len(groups)]
            likeness[last[start : len(groups)] < when - MERGE_DAYS * 86_400] = -1.0
            best = int(np.argmax(likeness))
            if likeness[best] >= rules.merge:
                index = start + best
                groups[index].append(part)
                sums[index] += vector
                norms[index] = max(float(np.linalg.norm(sums[index])), 1e-12)
                last[index] = max(last[index], when)
                continue
        sums[len(groups)], norms[len(groups)], last[len(groups)] = vector, 1.0, when
        groups.append([part])
    return groups
