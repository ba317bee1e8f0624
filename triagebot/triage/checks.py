"""``triagebot check``: is the set-up right, asked of Discord and GitHub before a run.

A new bot fails quietly when its set-up is wrong: a channel it cannot post in loses
the digest, a missing intent stores empty messages, a mistyped repository never
syncs. Each check here asks the real service and says, on one line, what passed or
what to fix, naming the setting. Discord's answers come through a ``DiscordView``
(the bot layer's probe), GitHub's through ``tracker.access``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from triagebot.config import Settings
from triagebot.tracker.access import AccessError, GitHubAccess
from triagebot.triage import check_permissions as perms
from triagebot.triage.check_discord import DiscordChecks
from triagebot.triage.check_facts import CheckLine, DiscordView

# Fewer core requests left than this is a failure: a sync would stall on the limit.
RATE_FLOOR = 10


@dataclass
class CheckReport:
    """The lines in order; ``invite`` when a permission is missing (the fix)."""

    lines: list[CheckLine] = field(default_factory=list)
    invite: str | None = None

    @property
    def ok(self) -> bool:
        return all(line.ok for line in self.lines)


async def discord_report(settings: Settings, view: DiscordView) -> CheckReport:
    """Every Discord check; the view is closed afterwards whatever happened."""
    checks = DiscordChecks(settings, view)
    try:
        lines = await checks.run()
    finally:
        await view.close()
    invite = None
    if checks.bot is not None and checks.permissions_missing:
        invite = perms.invite_url(checks.bot.application_id)
    return CheckReport(lines, invite)


def github_lines(settings: Settings, access: GitHubAccess) -> list[CheckLine]:
    """GITHUB_REPOS set, the token (when there is one), each repository, the rate limit."""
    github = settings.github
    lines: list[CheckLine] = []
    if not github.repos:
        lines.append(
            CheckLine(False, "GITHUB_REPOS", "not set: no issues to match messages against")
        )
    lines.append(_token_line(settings, access))
    lines.extend(_repo_line(access, name) for name in github.repos)
    lines.append(_rate_line(access))
    return lines


def _token_line(settings: Settings, access: GitHubAccess) -> CheckLine:
    if settings.github.token_value() is None:
        return CheckLine(
            True,
            "GITHUB_TOKEN",
            "not set: public repositories only, 60 requests an hour, no /link comments",
        )
    try:
        login = access.login()
    except AccessError as exc:
        return CheckLine(False, "GITHUB_TOKEN", f"rejected by GitHub: {_said(exc)}")
    return CheckLine(True, "GITHUB_TOKEN", f"valid, authenticated as {login}")


def _repo_line(access: GitHubAccess, name: str) -> CheckLine:
    label = f"GITHUB_REPOS {name}"
    try:
        repo = access.repo(name)
    except AccessError as exc:
        if exc.status == 404:
            return CheckLine(False, label, "not found, or the token cannot see it (404)")
        return CheckLine(False, label, f"not readable: {_said(exc)}")
    if not repo.has_issues:
        return CheckLine(False, label, "readable, but its issues are turned off")
    kind = "private" if repo.private else "public"
    return CheckLine(True, label, f"readable ({kind}), issues on")


def _rate_line(access: GitHubAccess) -> CheckLine:
    try:
        rate = access.rate()
    except AccessError as exc:
        return CheckLine(False, "GitHub rate limit", f"unknown: {_said(exc)}")
    when = rate.resets_at.strftime("%H:%M UTC")
    detail = f"{rate.remaining} of {rate.limit} requests left this hour (resets {when})"
    return CheckLine(rate.remaining >= RATE_FLOOR, "GitHub rate limit", detail)


def _said(exc: AccessError) -> str:
    return f"{exc.reason} ({exc.status})" if exc.status else exc.reason
