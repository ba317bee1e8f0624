"""Filing a GitHub issue from Discord, over the wire: the digest's File issue button,
``/file`` in a thread and the message menu open a form; submitting it files one
issue on the fake GitHub (real PyGithub), links the thread, and moves the topic's
demand to the new issue. Never twice: not on a second submit, not when GitHub's
answer to the create was lost. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, CAROL, FORUM, GENERAL, GUILD, SECRET, RunningBot
from tests.bot.harness_filing import (
    file_menu,
    filed_ids,
    filings,
    form_of,
    start,
    store_digest,
    submit,
    thread_links,
    with_filing,
)
from tests.bot.harness_issues import (
    DAVE,
    RELOAD_THREAD,
    REPO,
    Issues,
    button,
    interact,
    no_pings,
    slash,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.digest_buttons import digest_view
from triagebot.bot.wording import REFUSED
from triagebot.store.engine import SessionFactory
from triagebot.store.models import EmbeddingRow, IssueRow
from triagebot.triage.demand import demand

EPHEMERAL = 64
DOCS = "lumen-dev/docs"


async def reload_thread(fake: FakeDiscord, bot: RunningBot) -> int:
    title, body = RELOAD_THREAD
    post = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    await fake.send_message(int(post["id"]), BOB, "same here <@800000000000000011>, @octocat")
    await bot.settle()
    return int(post["id"])


def created(issues: Issues) -> list[dict[str, object]]:
    return issues.github.issues_created


def posts(issues: Issues) -> int:
    return len(issues.github.requests_to(r"/issues$", method="POST"))


async def test_file_in_a_thread_files_one_issue_and_links_the_thread(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues.features())
    thread = await reload_thread(fake, bot)
    _, opened = await interact(fake, slash(thread, DAVE, "file"))
    form = form_of(opened)
    _, answer = await submit(fake, thread, DAVE, form)
    _, again = await interact(fake, slash(thread, DAVE, "file"))
    await bot.stop()

    assert form.title == "File a GitHub issue" and set(form.inputs) == {"Title", "Description"}
    assert form.value("Title") == RELOAD_THREAD[0]
    body = form.value("Description")
    assert "2 people in 2 messages" in body and f"/channels/{GUILD}/{thread}" in body
    [issue] = created(issues)
    assert issue["title"] == RELOAD_THREAD[0] and issue["repo"] == REPO
    record = issues.github._state.repos[REPO].issues[int(str(issue["number"]))]
    assert record.labels == ["from-discord"]
    sent = str(issue["body"])
    assert "<!-- triagebot:file " in sent and "@" not in sent and "<@" not in sent
    assert answer["flags"] == EPHEMERAL and f"{REPO}#{issue['number']}" in answer["content"]
    assert f"github.com/{REPO}/issues/{issue['number']}" in answer["content"]
    no_pings(answer)
    [(linked_thread, _)] = thread_links(sessions)
    assert linked_thread == thread
    assert again["type"] == 4 and "filed already" in again["data"]["content"]
    assert posts(issues) == 1
    with sessions() as session:  # embedded at once: /link and /similar rank it now
        row = session.scalars(select(IssueRow).where(IssueRow.number == issue["number"])).one()
        hashes = set(session.scalars(select(EmbeddingRow.content_hash)))
    assert row.text_hash is not None and row.text_hash in hashes


async def test_a_create_whose_answer_was_lost_is_found_not_filed_again(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    """GitHub creates the issue; its answer outlives the client's timeout."""
    bot = await start(fake, sessions, issues.features())
    thread = await reload_thread(fake, bot)
    _, opened = await interact(fake, slash(thread, DAVE, "file"))
    lost = issues.settings.timeout_seconds + 1.0
    issues.github.fail_next(201, path_regex=r"/issues$", method="POST", answer_after_seconds=lost)
    _, answer = await submit(fake, thread, DAVE, form_of(opened))
    await bot.stop()
    [issue] = created(issues)
    assert posts(issues) == 1
    assert answer["content"].startswith(f"Filed {REPO}#{issue['number']}")
    [row] = filings(sessions)
    assert row.issue_number == issue["number"] and row.attempt_at is not None


async def test_the_digest_button_files_the_topic_and_its_demand_moves_at_once(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    denied = with_filing(issues, channel_allowed=lambda c, p: SECRET not in (c, p))
    bot = await start(fake, sessions, denied)
    said = [
        await fake.send_message(GENERAL, ALICE, f"my exported pdf has no pictures <@{DAVE}>"),
        await fake.send_message(GENERAL, BOB, "@everyone pdf export drops images, ask @octocat"),
        await fake.send_message(SECRET, CAROL, "mods only: the pdf bug again"),
    ]
    await bot.settle()
    ids = tuple(int(m["id"]) for m in said)
    digest = store_digest(sessions, message_ids=ids, people=3, messages=3, title="x" * 300)
    view = digest_view(digest)
    assert view is not None
    posted = await bot.bot.get_partial_messageable(GENERAL).send("digest", view=view)
    [row] = fake.world.message(GENERAL, posted.id).components  # type: ignore[union-attr]
    labels = [c["label"] for c in row["components"]]
    assert labels[-1] == "File issue" and len(labels) == 4
    file_id = row["components"][-1]["custom_id"]
    _, first = await interact(fake, button(GENERAL, DAVE, posted.id, file_id))
    _, second = await interact(fake, button(GENERAL, DAVE, posted.id, file_id))
    body = form_of(first).value("Description")
    _, answer = await submit(fake, GENERAL, DAVE, form_of(first))
    _, twice = await submit(fake, GENERAL, DAVE, form_of(second))
    await bot.stop()

    assert len(form_of(first).value("Title")) == 256 and form_of(first).value("Title")[-1] == "…"
    assert "@" not in body and "<@" not in body and "mods only" not in body
    assert f"/{GENERAL}/{ids[0]}" in body and f"/{SECRET}/" not in body
    assert "3 people in 3 messages" in body
    [issue] = created(issues)
    assert posts(issues) == 1 and "filed already" in twice["content"]
    assert answer["content"].startswith(f"Filed {REPO}#{issue['number']}")
    now = datetime.now(UTC)
    counted = demand(sessions, now - timedelta(days=1), now, issues.embedder.model_id)
    [row_] = [d for d in counted if d.number == issue["number"]]
    assert row_.people == 3 and row_.messages == 3
    assert sorted(filed_ids(sessions)) == sorted(ids)


async def test_non_triagers_are_refused_at_the_button_and_at_submit(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues.features())
    said = await fake.send_message(GENERAL, ALICE, "exported pdfs have no images")
    await bot.settle()
    digest = store_digest(sessions, message_ids=(int(said["id"]),))
    view = digest_view(digest)
    assert view is not None
    posted = await bot.bot.get_partial_messageable(GENERAL).send("digest", view=view)
    file_id = f"triagebot:digest:file:{digest.items[0].key}"
    _, pressed = await interact(fake, button(GENERAL, ALICE, posted.id, file_id))
    _, menu = await interact(fake, file_menu(GENERAL, ALICE, said))
    _, opened = await interact(fake, button(GENERAL, DAVE, posted.id, file_id))
    _, refused = await submit(fake, GENERAL, ALICE, form_of(opened))
    await bot.stop()
    for reply in (pressed["data"], menu["data"], refused):
        assert reply["content"] == REFUSED and reply["flags"] == EPHEMERAL
        no_pings(reply)
    assert created(issues) == [] and posts(issues) == 0 and filings(sessions) == []


async def test_the_message_menu_files_one_message(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues.features())
    said = await fake.send_message(GENERAL, ALICE, "Dark mode makes the settings text unreadable")
    await bot.settle()
    _, opened = await interact(fake, file_menu(GENERAL, DAVE, said))
    form = form_of(opened)
    _, answer = await submit(fake, GENERAL, DAVE, form, title="t" * 400)
    await bot.stop()
    assert "Dark mode makes the settings text unreadable" in form.value("Title")
    [issue] = created(issues)
    assert len(str(issue["title"])) == 256 and str(issue["title"]).endswith("…")
    assert filed_ids(sessions) == [int(said["id"])]
    assert answer["content"].startswith("Filed ")
    now = datetime.now(UTC)
    counted = demand(sessions, now - timedelta(days=1), now, issues.embedder.model_id)
    assert [d.people for d in counted if d.number == issue["number"]] == [1]


async def test_with_several_repositories_the_form_asks_which_and_checks_it(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    issues.github.add_repo(DOCS)
    bot = await start(fake, sessions, with_filing(issues, repos=(REPO, DOCS)))
    thread = await reload_thread(fake, bot)
    _, opened = await interact(fake, slash(thread, DAVE, "file"))
    form = form_of(opened)
    _, wrong = await submit(fake, thread, DAVE, form, repository="evil/elsewhere")
    _, reopened = await interact(fake, slash(thread, DAVE, "file"))
    _, answer = await submit(fake, thread, DAVE, form_of(reopened), repository="LUMEN-DEV/docs")
    await bot.stop()
    assert form.value("Repository (owner/name)") == REPO
    assert "don't file on evil/elsewhere" in wrong["content"] and wrong["flags"] == EPHEMERAL
    [issue] = created(issues)
    assert issue["repo"] == DOCS and answer["content"].startswith(f"Filed {DOCS}#")


async def test_nothing_is_filed_from_a_channel_the_bot_does_not_watch(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    denied = with_filing(issues, channel_allowed=lambda c, p: FORUM not in (c, p))
    bot = await start(fake, sessions, denied)
    thread = await reload_thread(fake, bot)
    said = await fake.send_message(thread, ALICE, "still crashing")
    await bot.settle()
    _, slashed = await interact(fake, slash(thread, DAVE, "file"))
    _, menu = await interact(fake, file_menu(thread, DAVE, said))
    await bot.stop()
    for reply in (slashed, menu):
        assert reply["type"] == 4 and reply["data"]["flags"] == EPHEMERAL
        assert "does not watch this channel" in reply["data"]["content"]
    assert created(issues) == [] and filings(sessions) == []
