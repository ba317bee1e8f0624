"""BM25 over issues: code-ish tokens kept whole, scores in [0, 1], updated issue by issue."""

from __future__ import annotations

import numpy as np

from triagebot.core.fusion import Fusion
from triagebot.core.lexical import LexicalIndex, tokens
from triagebot.core.matching import IssueIndex, IssueRef


def test_code_tokens_stay_whole_and_also_give_their_parts() -> None:
    found = tokens("TemplateNotFound in ./partials/nav.html with WinError 10038 on 0.9.2")
    assert {"templatenotfound", "partials/nav.html", "nav", "winerror10038", "0.9.2"} <= set(found)
    assert "the" not in tokens("the crash") and "crash" in tokens("crashes")


def test_a_rare_shared_token_outranks_common_words() -> None:
    index = LexicalIndex()
    index.add(1, "Relative include raises TemplateNotFound", "jinja loader")
    index.add(2, "Every page is re-rendered on every build", "")
    index.add(3, "Dark mode text unreadable", "")
    for n in range(4, 10):  # pages are everywhere in a site generator's tracker
        index.add(n, f"Page {n} renders every heading twice", "on every page")
    scores = index.scores(["TemplateNotFound on every page"], [1, 2, 3])[0]
    assert scores[0] > scores[1] > scores[2] == 0.0
    assert scores.min() >= 0.0 and scores.max() <= 1.0


def test_changes_touch_only_the_issues_that_changed() -> None:
    index = LexicalIndex()
    assert index.sync({1: ("v1", "serve crashes on windows", ""), 2: ("v1", "dark mode", "")}) == 2
    assert index.sync({1: ("v1", "serve crashes on windows", ""), 2: ("v2", "light mode", "")}) == 1
    assert index.scores(["dark"], [2])[0, 0] == 0.0 and index.scores(["light"], [2])[0, 0] > 0
    assert index.sync({2: ("v2", "light mode", "")}) == 1 and 1 not in index


def test_fused_scores_let_shared_words_decide_between_equally_close_issues() -> None:
    vectors = np.eye(2, dtype=np.float32)
    refs = [IssueRef(1, "o/r", 1, "WinError 10038 in serve"), IssueRef(2, "o/r", 2, "Dark mode")]
    lexical = LexicalIndex()
    lexical.add(1, refs[0].title, "")
    lexical.add(2, refs[1].title, "")
    index = IssueIndex(refs, vectors, lexical=lexical, fusion=Fusion(0.7, 0.5, 0.05))
    query = np.array([[0.7071, 0.7071]], dtype=np.float32)
    (best, _), *_ = [index.search(query, k=2, texts=["serve dies with WinError 10038"])[0]]
    assert best.issue.key == 1
    dense_only = IssueIndex(refs, vectors).scores(query)
    assert np.allclose(dense_only[0, 0], dense_only[0, 1])
