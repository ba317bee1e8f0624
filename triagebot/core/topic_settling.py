"""Settling reports between near-equal issues, by the day's other reports.

A report is matched to an issue on its own words, and two issues of one project (two
crashes of one editor, two ways a CI job hangs) can score nearly the same for it: its
best issue is then close to a coin toss. The other reports of the day are not: when
it is much more like the reports gathered under the runner-up than like those of the
issue it went to, it belongs with them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from triagebot.core.matching import IssueIndex
from triagebot.core.topic_parts import Mates, Part, group_text
from triagebot.core.vectors import top_columns

CANDIDATES = 3  # issues a part may move to: its nearest, which hold reports too


def settled(
    by_issue: dict[int, list[Part]],
    issues: IssueIndex,
    margin: float,
    pinned: Callable[[Part], bool],
    unusual: Callable[[int, float], bool],
) -> dict[int, list[Part]]:
    """``by_issue`` with each movable part under the issue it has most support for.

    A part's support for an issue is the mean of its score to the issue and its
    likeness to the issue's nearest *other* report, or its score alone when the issue
    has no other (a lone report is not worse off for being alone). A part moves when a
    runner-up among its ``CANDIDATES`` nearest issues has more support (by ``margin``)
    and its score there stands out from the day's chat (``unusual``). ``pinned`` parts
    (an exact reference to their issue) never move. Every part is judged against the
    gathering as it was before any move, so the outcome does not depend on the order
    of issues.
    """
    movable = [(key, n) for key, parts in by_issue.items() for n, p in enumerate(parts)
               if not pinned(p)]  # fmt: skip
    if not movable or len(by_issue) < 2:
        return by_issue
    mates = {key: Mates(parts) for key, parts in by_issue.items()}
    centroids = np.stack([by_issue[key][n].centroid() for key, n in movable])
    scores = issues.scores(centroids, [group_text([by_issue[key][n]]) for key, n in movable])
    column = {ref.key: c for c, ref in enumerate(issues.issues)}
    moves: dict[tuple[int, int], int] = {}
    for (key, n), centroid, row in zip(movable, centroids, scores, strict=True):
        here = mates[key].support(float(row[column[key]]), centroid, n)
        for col in top_columns(row, CANDIDATES):
            other = issues.issues[col].key
            if other == key or other not in mates or not unusual(other, float(row[col])):
                continue
            there = mates[other].support(float(row[col]), centroid, None)
            if there > here + margin:
                here, moves[(key, n)] = there, other
    return _moved(by_issue, moves)


def _moved(
    by_issue: dict[int, list[Part]], moves: dict[tuple[int, int], int]
) -> dict[int, list[Part]]:
    if not moves:
        return by_issue
    out: dict[int, list[Part]] = {}
    for key, parts in by_issue.items():
        for n, part in enumerate(parts):
            out.setdefault(moves.get((key, n), key), []).append(part)
    return out
