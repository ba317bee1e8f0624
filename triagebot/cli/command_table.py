"""Every ``triagebot`` command: where it lives and its line in ``triagebot --help``.

The line is each command's own short help, copied so that the listing needs no
import; ``tests/cli/test_lazy_commands.py`` fails when a docstring and its line here
differ.
"""

from __future__ import annotations

from triagebot.cli.lazy import LazyCommand

COMMANDS: dict[str, LazyCommand] = {
    "run": LazyCommand(
        "triagebot.cli.run:run",
        "Connect to Discord, catch up on missed history, store and match every message, "
        "flag spam, sync issues and post the daily digest.",
    ),
    "check": LazyCommand(
        "triagebot.cli.check:check",
        "Check the set-up: the Discord token, the Message Content intent, that the bot "
        "can see and post in DIGEST_CHANNEL_ID, SPAM_MOD_CHANNEL_ID and the other "
        "configured channels, that configured roles exist, and GitHub access to each of "
        "GITHUB_REPOS with the rate limit left.",
    ),
    "demo": LazyCommand(
        "triagebot.cli.demo:demo",
        "Replay the bundled sample community into a fresh SQLite file and show the result.",
    ),
    "import": LazyCommand(
        "triagebot.cli.data:import_command",
        "Import DiscordChatExporter JSON exports (files or folders).",
    ),
    "stats": LazyCommand(
        "triagebot.cli.data:stats",
        "Messages, channels, authors and per-day counts of what is stored.",
    ),
    "status": LazyCommand(
        "triagebot.cli.status:status",
        "How the running bot is doing: per process the last event, the last stored "
        "batch, the lag (now minus the last event), queue depth and errors; the last "
        "issue sync and its failures in a row; the last digest; and the checks behind "
        "the verdict.",
    ),
    "sync": LazyCommand(
        "triagebot.cli.issues:sync",
        "Sync the issues of GITHUB_REPOS now (incremental; an idle repo costs one 304).",
    ),
    "issues": LazyCommand(
        "triagebot.cli.issues:issues",
        "Issues: load them from a file, see which ones the community hits most.",
    ),
    "spam": LazyCommand(
        "triagebot.cli.spam:spam",
        "Spam incidents: what was flagged and what moderators did.",
    ),
    "digest": LazyCommand(
        "triagebot.cli.digest:digest",
        "The day's top items for maintainers, with counts, links and summaries.",
    ),
    "usage": LazyCommand(
        "triagebot.cli.digest:usage",
        "Language-model tokens and cost per day, against sending it every message.",
    ),
    "report": LazyCommand(
        "triagebot.cli.digest:report",
        "Write a self-contained HTML page: the digest, demand per issue over time, "
        "topics without an issue, and spam over time.",
    ),
    "forget": LazyCommand(
        "triagebot.cli.privacy:forget",
        "Erase everything a person wrote (their messages keep counting, without text).",
    ),
    "purge": LazyCommand(
        "triagebot.cli.privacy:purge",
        "Erase message text older than the retention period; counts stay.",
    ),
    "index": LazyCommand(
        "triagebot.cli.index:index_group",
        "The index of recent messages behind /similar's earlier discussions.",
    ),
    "eval": LazyCommand(
        "triagebot.cli.evaluate:eval_group",
        "Measure the bot's decisions on labelled data (JSONL files).",
    ),
    "db": LazyCommand(
        "triagebot.cli.data:db",
        "Database schema: upgrade, downgrade, current revision, the list of revisions.",
    ),
}
