"""Requests per issue sync against the fake GitHub: first, idle, and after 250 changes.

    .venv/bin/python bench/github_sync.py [--issues 1000] [--changed 250]

The real ``IssueSync`` (PyGithub, SQLite in a temporary folder, no embedding) talks to
``tests/fakes/github_server.py``, which answers like GitHub: Link pagination, ETags
and 304s, and counts which requests use the core rate limit. What a sync costs in
requests and rate-limit units is what decides how often the bot may sync. Each idle
sync is run twice: the first after a sync that stored issues re-asks with the new
cursor, whose answer (the cursor's own issue: ``since`` is inclusive) differs from the
stored ETag's; only from the second on can the answer be a 304. Prints a table and
writes bench/results/github_sync.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find tests

from tests.fakes.github_server import FakeGitHub, running_fake_github
from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.store import migrate
from triagebot.store.engine import make_engine, session_factory
from triagebot.tracker.client import github_client
from triagebot.triage.issue_sync import IssueSync

RESULTS = Path(__file__).resolve().parent / "results"
REPO = "bench-org/bench-repo"
START = datetime(2025, 1, 1, tzinfo=UTC)
IDLE_GOAL = "1 request, 304, 0 units"


def seed(github: FakeGitHub, issues: int) -> None:
    """``issues`` issues one minute apart, so every ``updated_at`` is distinct."""
    github.add_repo(REPO)
    for n in range(1, issues + 1):
        when = START + timedelta(minutes=n)
        github.add_issue(REPO, n, f"Issue {n}", "body", created_at=when, updated_at=when)


def make_sync(github: FakeGitHub, db: Path) -> IssueSync:
    """Built like ``tests/tracker/conftest.make_sync``: migrated SQLite, no embedder."""
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    settings = GitHubSettings(
        token=SecretStr(github.token),
        repos=(REPO,),
        api_url=github.base_url,
        timeout_seconds=30,
    )
    client = github_client(settings, retries=3, backoff=0.01)
    return IssueSync(client, session_factory(engine), None, settings, MatchingSettings())


def run_sync(github: FakeGitHub, sync: IssueSync, label: str) -> dict[str, Any]:
    """One sync, measured by what the server saw (not by what the client believes)."""
    github.reset_requests()
    report = sync.sync_repo(REPO)
    seen = list(github.requests)
    statuses = Counter(r.status for r in seen)
    return {
        "sync": label,
        "requests": len(seen),
        "statuses": ", ".join(f"{n}×{s}" for s, n in sorted(statuses.items())),
        "rate_limit_units": sum(r.counted for r in seen),
        "issues_stored": report.issues,
        "not_modified": report.not_modified,
        "error": report.error,
        "seconds": round(report.seconds, 2),
    }


def change(github: FakeGitHub, issues: int, changed: int) -> None:
    """Edit ``changed`` issues spread over the repository (the fake bumps updated_at)."""
    step = max(issues // changed, 1)
    for n in range(1, issues + 1, step)[:changed]:
        github.update_issue(REPO, n, title=f"Issue {n} (edited)")


def measure(issues: int, changed: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp, running_fake_github() as github:
        seed(github, issues)
        sync = make_sync(github, Path(tmp) / "sync.db")
        rows = [run_sync(github, sync, f"first ({issues} issues)")]
        rows += [run_sync(github, sync, f"idle, {n}") for n in ("1st", "2nd")]
        change(github, issues, changed)
        rows.append(run_sync(github, sync, f"after {changed} changed"))
        rows += [run_sync(github, sync, f"idle again, {n}") for n in ("1st", "2nd")]
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"{'sync':<22} {'requests':>8} {'statuses':<12} {'units':>5} {'stored':>6} {'s':>6}")
    for r in rows:
        print(
            f"{r['sync']:<22} {r['requests']:>8} {r['statuses']:<12} {r['rate_limit_units']:>5} "
            f"{r['issues_stored']:>6} {r['seconds']:>6}"
            + (f"  error: {r['error']}" * bool(r["error"]))
        )
    print(f"goal for an idle sync: {IDLE_GOAL}")


def idle_goal_met(row: dict[str, Any]) -> bool:
    return (
        bool(row["requests"] == 1 and row["statuses"] == "1×304") and row["rate_limit_units"] == 0
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=250)
    args = parser.parse_args(argv)
    rows = measure(args.issues, args.changed)
    print_table(rows)
    met = {row["sync"]: idle_goal_met(row) for row in rows if row["sync"].startswith("idle")}
    for label, ok in met.items():
        print(f"idle goal, {label}: {'met' if ok else 'not met'}")
    RESULTS.mkdir(exist_ok=True)
    result = {"idle_goal": IDLE_GOAL, "idle_goal_met": met, "rows": rows}
    (RESULTS / "github_sync.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
