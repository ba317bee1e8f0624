"""``triagebot report --html``: one page a maintainer can open offline or attach.

Everything is escaped: the page quotes community text and must not run any of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

from triagebot.core.demand import Demand
from triagebot.core.digest import Digest
from triagebot.report.charts import Period, bars, daily

STYLE = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222}h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}.muted{color:#777}.item{margin:1rem 0;padding:.8rem;
border:1px solid #e3e3e3;border-radius:8px}.num{text-align:right}"""


def render_report(
    digest: Digest, demand: list[Demand], spam: Mapping[date, int], period: Period
) -> str:
    """The page; ``spam`` is incidents per day, every chart spans ``period``."""
    flagged = sum(n for day, n in spam.items() if period.first <= day <= period.last)
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>triagebot report, {escape(digest.day.isoformat())}</title>",
        f"<style>{STYLE}</style><h1>Community report for {digest.day:%A %d %B %Y}</h1>",
        f'<p class="muted">{period.first:%d %B} to {period.last:%d %B %Y}</p>',
        _digest(digest),
        _demand(demand, period),
        _uncovered(digest),
        "<h2>Spam over time</h2>",
        f"<p>{flagged} incidents flagged since {period.first:%d %B}.</p>",
        bars(daily(spam, period), label="incidents", colour="#ed4245"),
    ]
    return "\n".join(parts) + "\n</html>\n"


def _digest(digest: Digest) -> str:
    if digest.quiet:
        return "<h2>Digest</h2><p>A quiet day: nothing needs a maintainer.</p>"
    note = "" if digest.summaries in ("llm", "cache") else " (summaries quoted from messages)"
    items = []
    for item in digest.items:
        issue = (
            f'<a href="{escape(item.issue_url)}">#{item.issue}</a>'
            if item.issue_url
            else '<span class="muted">no issue yet — file one?</span>'
        )
        links = " ".join(
            f'<a href="{escape(u)}">message {n}</a>' for n, u in enumerate(item.links, 1)
        )
        why = ", ".join(f"{escape(k)} {v:+.2f}" for k, v in item.breakdown.items())
        items.append(
            f'<div class="item"><b>{item.rank}. {escape(item.title)}</b><p>{escape(item.summary)}'
            f"</p><p>{item.people} people · {item.messages} messages · {item.threads} threads"
            f' — {issue}</p><p class="muted">score {item.score:.2f}: {why}</p><p>{links}</p></div>'
        )
    return f"<h2>Digest{escape(note)}</h2>" + "".join(items)


def _demand(demand: list[Demand], period: Period) -> str:
    if not demand:
        return "<h2>Demand per issue</h2><p>No message matched an open issue.</p>"
    rows = []
    for d in demand:
        series = daily(d.per_day, period)
        rows.append(
            f'<tr><td><a href="{escape(d.url)}">#{d.number}</a> {escape(d.title)}</td>'
            f'<td class="num">{d.people}</td><td class="num">{d.threads}</td>'
            f"<td>{bars(series, label='people', width=260, height=64)}</td></tr>"
        )
    return (
        "<h2>Demand per issue</h2><table><tr><th>issue</th><th>people</th>"
        "<th>threads</th><th>people per day</th></tr>" + "".join(rows) + "</table>"
    )


def _uncovered(digest: Digest) -> str:
    items = [i for i in digest.items if i.issue is None]
    if not items:
        return "<h2>Topics without an issue</h2><p>Every top topic has an issue.</p>"
    rows = "".join(f"<li><b>{escape(i.title)}</b> — {i.people} people</li>" for i in items)
    return f"<h2>Topics without an issue</h2><ul>{rows}</ul>"


def _threads(n: int) -> str:
    return f"{n} thread" if n == 1 else f"{n} threads"
