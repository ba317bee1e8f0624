"""The demo repository on GitHub: its issue list and how its links look in Discord.

``build()`` is shaped like ``GET /repos/{owner}/{repo}/issues?state=all``, with field
names and order as in the recorded responses under ``/work/shared/data/api_github_fixtures``
(octokit ``paginate-issues``, webhook ``issue`` objects); pull requests carry ``draft``
and a ``pull_request`` object, which is how a client tells them apart.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
from datetime import datetime, timedelta
from typing import Any

import demo_text as T

REPO = T.REPO
API = f"https://api.github.com/repos/{REPO}"
ASSIGNED = {398: "tinkertanuki", 405: "juniper-log", 412: "mossbyte", 415: "juniper-log"}
MILESTONES = {"0.9.1": (7, "closed"), "0.9.3": (9, "open"), "1.0": (5, "open")}
MEMBERS = {"quillfeather", "mossbyte"}
CONTRIBUTORS = {t[5] for t in T.TEAM} | {"grackle", "lichen-lab", "tangent-space"}


def _hash(*parts: object) -> bytes:
    return hashlib.sha256(repr(parts).encode()).digest()


def _node(prefix: str, *parts: object) -> str:
    return prefix + base64.b64encode(_hash(*parts)[:12], b"-_").decode()


def user(login: str) -> dict[str, Any]:
    uid = int.from_bytes(_hash("gh", login)[:4]) % 150_000_000 + 1_200_000
    url = f"https://api.github.com/users/{login}"
    return {
        "login": login, "id": uid, "node_id": base64.b64encode(f"04:User{uid}".encode()).decode(),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4", "gravatar_id": "",
        "url": url, "html_url": f"https://github.com/{login}",
        "followers_url": f"{url}/followers", "following_url": f"{url}/following{{/other_user}}",
        "gists_url": f"{url}/gists{{/gist_id}}", "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{url}/subscriptions", "organizations_url": f"{url}/orgs",
        "repos_url": f"{url}/repos", "events_url": f"{url}/events{{/privacy}}",
        "received_events_url": f"{url}/received_events", "type": "User", "site_admin": False}


def label(name: str) -> dict[str, Any]:
    colour, description = T.LABELS[name]
    quoted = re.sub(r"[^A-Za-z0-9_.-]", lambda c: "%" + c.group().encode().hex().upper(), name)
    return {"id": 7_100_000_000 + int.from_bytes(_hash("label", name)[:3]),
            "node_id": _node("LA_kwDOLmN4ps8AAAAB", name), "url": f"{API}/labels/{quoted}",
            "name": name, "color": colour,
            "default": name in ("bug", "enhancement", "documentation", "good first issue"),
            "description": description}


def milestone(title: str) -> dict[str, Any]:
    number, state = MILESTONES[title]
    items = [i for i in T.ISSUES if i[8] == title]
    return {
        "url": f"{API}/milestones/{number}", "html_url": f"https://github.com/{REPO}/milestone/"
        f"{number}", "labels_url": f"{API}/milestones/{number}/labels",
        "id": 12_400_000 + number * 3571, "node_id": _node("MI_kwDOLmN4ps4A", title),
        "number": number, "title": title, "description": "Plugin API, i18n, incremental builds"
        if title == "1.0" else "Bug fixes for the 0.9 series", "creator": user("quillfeather"),
        "open_issues": sum(i[4] is None for i in items),
        "closed_issues": sum(i[4] is not None for i in items), "state": state,
        "created_at": "2026-06-02T08:00:00Z", "updated_at": "2026-11-20T10:58:21Z",
        "due_on": None, "closed_at": "2026-09-24T12:41:00Z" if state == "closed" else None}


def issue(rng: random.Random, n: int, title: str, login: str, created: str,
          closed: str | None, labels: list[str], comments: int, plus: int,
          milestone_title: str | None, body: str, fetched: datetime,
          pull: bool = False) -> dict[str, Any]:
    when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    recent = timedelta(days=rng.uniform(0.4, 3.5 if milestone_title == "0.9.3" else 40))
    active = max(when + timedelta(minutes=rng.randint(5, 90)), fetched - recent)
    extra = {k: rng.randint(0, max(1, plus // 6)) for k in ("heart", "eyes", "hooray")}
    html = f"https://github.com/{REPO}/{'pull' if pull else 'issues'}/{n}"
    assignee = login if pull else ASSIGNED.get(n)
    out: dict[str, Any] = {
        "url": f"{API}/issues/{n}", "repository_url": API,
        "labels_url": f"{API}/issues/{n}/labels{{/name}}",
        "comments_url": f"{API}/issues/{n}/comments", "events_url": f"{API}/issues/{n}/events",
        "html_url": html, "id": 3_150_000_000 + int(when.timestamp() // 20 - 88_000_000),
        "node_id": _node("PR_kwDOLmN4ps6" if pull else "I_kwDOLmN4ps6", n), "number": n,
        "title": title, "user": user(login), "labels": [label(x) for x in labels],
        "state": "closed" if closed else "open", "locked": False,
        "assignee": user(assignee) if assignee else None,
        "assignees": [user(assignee)] if assignee else [],
        "milestone": milestone(milestone_title) if milestone_title else None,
        "comments": comments, "created_at": created,
        "updated_at": closed or active.strftime("%Y-%m-%dT%H:%M:%SZ"), "closed_at": closed,
        "author_association": "MEMBER" if login in MEMBERS else
        "CONTRIBUTOR" if login in CONTRIBUTORS else "NONE",
        "active_lock_reason": None}
    if pull:
        out["draft"] = False
        out["pull_request"] = {"url": f"{API}/pulls/{n}", "html_url": html,
                               "diff_url": f"{html}.diff", "patch_url": f"{html}.patch",
                               "merged_at": None}
    out["body"] = body
    out["reactions"] = {"url": f"{API}/issues/{n}/reactions",
                        "total_count": plus + sum(extra.values()), "+1": plus, "-1": 0,
                        "laugh": 0, "hooray": extra["hooray"], "confused": 0,
                        "heart": extra["heart"], "rocket": 0, "eyes": extra["eyes"]}
    out["timeline_url"] = f"{API}/issues/{n}/timeline"
    out["performed_via_github_app"] = None
    out["state_reason"] = "completed" if closed else None
    return out


def build(seed: int, fetched: datetime) -> list[dict[str, Any]]:
    """All issues and pull requests, newest first (the endpoint's default order)."""
    rng = random.Random(seed)
    items = [issue(rng, *i, fetched=fetched) for i in T.ISSUES]
    items += [issue(rng, n, title, login, created, None, ["bug"], rng.randint(3, 9),
                    rng.randint(2, 8), "0.9.3", body, fetched, pull=True)
              for n, title, login, created, body in T.PULLS]
    return sorted(items, key=lambda i: str(i["created_at"]), reverse=True)


# ------------------------------------------------------------------ GitHub, as seen in Discord
GH = {n: (title, body) for n, title, *_, body in T.ISSUES} | \
     {n: (title, body) for n, title, _, _, body in T.PULLS}


def _hex(*parts: object, n: int) -> str:
    return _hash(*parts).hex()[:n]


def link_preview(kind: str, n: int) -> dict[str, Any]:
    """The embed Discord attaches to an issue or pull request URL (DCE embed shape)."""
    og = f"https://opengraph.githubassets.com/{_hex('og', n, n=64)}/{REPO}/{kind}/{n}"
    image = {"url": f"https://images-ext-1.discordapp.net/external/{_hex('px', n, n=43)}/"
                    f"https/{og[8:]}", "canonicalUrl": og, "width": 1200, "height": 600}
    body = " ".join(GH[n][1].split())
    return {"title": f"{GH[n][0]} · {'Issue' if kind == 'issues' else 'Pull Request'} #{n} · "
                     f"{REPO}", "url": f"https://github.com/{REPO}/{kind}/{n}",
            "timestamp": None, "description": body[:157] + "..." if len(body) > 160 else body,
            "image": image, "images": [image], "fields": [], "inlineEmojis": []}


def ci_run(rng: random.Random, i: int, when: str, passed: bool) -> dict[str, Any]:
    """The embed the CI bot posts for a run on main."""
    sha, (subject, who) = _hex("sha", i, n=7), rng.choice(T.COMMITS)
    return {"title": f"{'✅' if passed else '❌'} CI {'passed' if passed else 'failed'} · "
                     f"main @ {sha}",
            "url": f"https://github.com/{REPO}/actions/runs/{19_400_000_000 + i * 7919}",
            "timestamp": when, "description": f"{subject} (by {who})",
            "color": "#2ECC71" if passed else "#E74C3C",
            "author": {"name": REPO, "url": f"https://github.com/{REPO}"},
            "footer": {"text": f"GitHub Actions · {rng.randint(3, 9)}m {rng.randint(0, 59)}s"},
            "images": [], "fields": [
                {"name": "Python", "value": "3.11 · 3.12 · 3.13 · 3.14", "isInline": True},
                {"name": "OS", "value": "ubuntu · macos · windows", "isInline": True}],
            "inlineEmojis": []}
