"""The digest's text marks quotes per item, so a quote never reads as the model's words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from triagebot.bot.digest_text import QUOTED_MARK, is_digest_of, render
from triagebot.core.digest import Digest, DigestItem


def item(rank: int, summary: str, **changes: Any) -> DigestItem:
    values: dict[str, Any] = {
        "rank": rank,
        "key": f"topic:{rank}",
        "title": f"Problem {rank}",
        "summary": summary,
        "issue": None,
        "issue_url": None,
        "people": 3,
        "messages": 5,
        "threads": 1,
        "channels": 1,
        "score": 1.0,
        "breakdown": {},
        "links": [],
        "new": True,
        **changes,
    }
    return DigestItem(**values)


def digest(items: list[DigestItem], summaries: str = "llm") -> Digest:
    return Digest(date(2026, 11, 20), datetime(2026, 11, 21, tzinfo=UTC), items, summaries)


def test_a_partly_answered_digest_marks_only_the_quotes() -> None:
    mixed = digest(
        [
            item(1, "Reload crashes on Windows.", summary_source="model"),
            item(2, 'People report: "it hangs"', summary_source="quoted"),
        ]
    )
    text = render(mixed)
    model_line, quote_line = (
        line for line in text.splitlines() if "Reload" in line or "hangs" in line
    )
    assert not model_line.endswith(QUOTED_MARK)
    assert quote_line.endswith(QUOTED_MARK)
    assert text.count(QUOTED_MARK) == 1


def test_without_a_per_item_source_the_digest_wide_one_decides() -> None:
    quoted = render(digest([item(1, '"a"'), item(2, '"b"')], summaries="extractive"))
    assert quoted.count(QUOTED_MARK) == 2
    written = render(digest([item(1, "A."), item(2, "B.")], summaries="cache"))
    assert QUOTED_MARK not in written


def test_the_json_says_who_wrote_each_summary_and_keeps_every_key() -> None:
    data = digest([item(1, "A.", summary_source="model"), item(2, '"b"', summary_source="quoted")])
    items = data.as_json()["items"]
    assert [i["summary_source"] for i in items] == ["model", "quoted"]
    assert {"rank", "title", "summary", "issue", "people", "messages", "why"} <= set(items[0])
    legacy = digest([item(1, '"a"')], summaries="extractive").as_json()["items"]
    assert legacy[0]["summary_source"] == "quoted"


def test_a_posted_digest_is_recognised_by_its_day_and_no_other() -> None:
    day = date(2026, 12, 1)
    busy = Digest(day=day, generated_at=datetime(2026, 12, 2, tzinfo=UTC), items=[item(1, "x")])
    quiet = Digest(day=day, generated_at=datetime(2026, 12, 2, tzinfo=UTC), items=[])
    for digest in (busy, quiet):
        assert is_digest_of(render(digest, max_chars=2000), day)
        assert not is_digest_of(render(digest, max_chars=2000), date(2026, 12, 2))
    assert not is_digest_of("**Top 5 for Tuesday 01 December** is what I'd like", day)
    assert not is_digest_of("someone quoting: **Top 1 for Tuesday 01 December**", day)


def test_a_stored_digest_reads_back_as_it_was_rendered() -> None:
    digest = Digest(
        date(2026, 12, 1),
        datetime(2026, 12, 2, tzinfo=UTC),
        [item(1, "a quote", message_ids=(3, 4)), item(2, "the model's", summary_source="model")],
        "llm",
    )
    back = Digest.from_json(digest.as_json())
    assert render(back, max_chars=2000) == render(digest, max_chars=2000)
    assert back.items[0].message_ids == (3, 4)
