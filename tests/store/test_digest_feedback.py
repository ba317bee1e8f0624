"""A verdict keeps the judged item's reports, so it outlives the item's key."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.conftest import T0
from triagebot.store.digests import feedback_since, record_feedback
from triagebot.store.engine import SessionFactory
from triagebot.store.models import DigestRow


def digest(day: int, items: list[dict[str, object]]) -> DigestRow:
    return DigestRow(
        day=(T0.date() + timedelta(days=day)).isoformat(),
        generated_at=T0,
        items=json.dumps({"items": items}),
    )


def test_a_verdict_records_the_reports_of_the_newest_item_with_its_key(
    sessions: SessionFactory,
) -> None:
    with sessions() as session, session.begin():
        session.add(digest(0, [{"key": "topic:5", "message_ids": [5, 6]}]))
        session.add(digest(1, [{"key": "topic:5", "message_ids": [5, 6, 7]}, {"key": "issue:2"}]))
    with sessions() as session, session.begin():
        record_feedback(session, "topic:5", "not_relevant", 1, T0 + timedelta(days=2))
        record_feedback(session, "issue:2", "done", 1, T0 + timedelta(days=2))  # older shape
        record_feedback(session, "topic:404", "done", 1, T0 + timedelta(days=2))
    with sessions() as session:
        found = {f.key: f.message_ids for f in feedback_since(session, T0)}
    assert found == {"topic:5": {5, 6, 7}, "issue:2": frozenset(), "topic:404": frozenset()}
