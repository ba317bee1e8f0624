"""Tokens of one digest's request against the tokens of every message of that day.

    .venv/bin/python -m bench.digest_tokens [--db sqlite:///triagebot-demo.db]

Runs on a database a real bot filled, or (without ``--db``) on a fresh run of the
offline demo's sample community; prints, for each day, the
estimated input tokens of the one summarisation request (the bounded evidence packet
plus the prompt) next to what sending every message of the day would cost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlalchemy import func, select

from triagebot.llm.evidence import estimate_tokens
from triagebot.store.engine import make_engine, session_factory
from triagebot.store.models import MessageRow
from triagebot.triage.digest_build import DigestRequest, build_digest

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="default: run the demo into a temp file")
    parser.add_argument("--model-id", default="all-MiniLM-L6-v2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if url is None:
            demo = Path(tmp) / "demo.db"
            command = [sys.executable, "-m", "triagebot", "demo", "--db-file", str(demo)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            url = f"sqlite:///{demo}"
        rows = measure(url, args.model_id)
    print(f"{'day':<12} {'items':>5} {'request in':>11} {'every message':>14} {'ratio':>6}")
    for r in rows:
        print(
            f"{r['day']:<12} {r['items']:>5} {r['request_tokens']:>11} "
            f"{r['all_messages_tokens']:>14} {r['ratio']:>6}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "digest_tokens.json").write_text(json.dumps(rows, indent=2))


def measure(url: str, model_id: str) -> list[dict[str, object]]:
    sessions = session_factory(make_engine(url))
    with sessions() as session:
        days = sorted(
            {d for (d,) in session.execute(select(func.date(MessageRow.created_at)).distinct())}
        )
    rows = []
    for raw in days:
        day = datetime.fromisoformat(str(raw)).date()
        digest = build_digest(sessions, DigestRequest(day=day, model_id=model_id), summariser=None)
        request = digest.evidence_tokens  # the packet, the prompt and the framing
        start = datetime.combine(day, time(0), UTC)
        with sessions() as session:
            texts = session.scalars(
                select(MessageRow.content).where(
                    MessageRow.created_at >= start, MessageRow.created_at < start + timedelta(1)
                )
            )
            everything = sum(estimate_tokens(t) for t in texts)
        rows.append(
            {
                "day": day.isoformat(),
                "items": len(digest.items),
                "request_tokens": request,
                "all_messages_tokens": everything,
                "ratio": round(everything / max(request, 1), 1),
            }
        )
    return rows


if __name__ == "__main__":
    main()
