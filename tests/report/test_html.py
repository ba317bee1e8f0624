"""The HTML report: every chart on one time axis, labelled, and nothing to fetch."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from triagebot.core.demand import Demand
from triagebot.core.digest import Digest
from triagebot.report.charts import Period, bars, daily
from triagebot.report.html import render_report

PERIOD = Period(date(2026, 11, 8), date(2026, 11, 21))


def demand(number: int, per_day: dict[date, int]) -> Demand:
    return Demand(
        issue_id=number,
        repo="lumen-dev/lumen",
        number=number,
        title=f"Issue {number}",
        state="open",
        url=f"https://github.com/lumen-dev/lumen/issues/{number}",
        people=sum(per_day.values()),
        per_day=per_day,
    )


def page() -> str:
    early = demand(405, {date(2026, 11, 9): 2, date(2026, 11, 10): 5})
    late = demand(412, {date(2026, 11, 19): 9, date(2026, 11, 21): 16})
    spam = {date(2026, 11, 15): 3, date(2026, 11, 1): 7}  # the 1st is before the period
    digest = Digest(PERIOD.last, datetime(2026, 11, 21, 9, tzinfo=UTC))
    return render_report(digest, [early, late], spam, PERIOD)


def charts(html: str) -> list[str]:
    return re.findall(r'<svg class="chart".*?</svg>', html)


def label(chart: str, name: str) -> str:
    found = re.search(rf'<text class="{name}"[^>]*>([^<]*)</text>', chart)
    assert found, f"no {name} label in {chart[:80]}"
    return found.group(1)


def test_every_chart_spans_the_reports_period() -> None:
    found = charts(page())
    assert len(found) == 3  # two issues and spam
    assert {label(c, "day first") for c in found} == {"08 Nov"}
    assert {label(c, "day last") for c in found} == {"21 Nov"}
    assert {label(c, "day middle") for c in found} == {"15 Nov"}
    assert all(c.count("<rect") == 14 for c in found)  # a bar per day, zeros included


def test_each_chart_names_what_it_counts_and_its_maximum() -> None:
    early, late, spam = charts(page())
    assert (label(early, "label"), label(early, "peak")) == ("people", "5")
    assert (label(late, "label"), label(late, "peak")) == ("people", "16")
    assert (label(spam, "label"), label(spam, "peak")) == ("incidents", "3")
    assert 'aria-label="incidents per day"' in spam


def test_spam_before_the_period_is_not_counted() -> None:
    assert "3 incidents flagged since 08 November." in page()


def test_the_page_fetches_nothing() -> None:
    html = page()
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "url(" not in html


def test_daily_fills_every_day_of_the_period() -> None:
    series = daily({date(2026, 11, 9): 4}, Period(date(2026, 11, 8), date(2026, 11, 10)))
    assert series == [(date(2026, 11, 8), 0), (date(2026, 11, 9), 4), (date(2026, 11, 10), 0)]


def test_a_short_period_has_no_middle_label_and_an_empty_one_no_chart() -> None:
    chart = bars(daily({}, Period(date(2026, 11, 8), date(2026, 11, 9))), label="people")
    assert "day middle" not in chart and label(chart, "peak") == "0"
    assert bars([], label="people") == '<svg width="0" height="0"></svg>'
