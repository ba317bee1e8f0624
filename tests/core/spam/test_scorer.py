"""The scorer end to end on hand-written messages, with the real embedding model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triagebot.core.snowflake import snowflake_at
from triagebot.core.spam.exemplars import ExemplarBank
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import EXEMPT, SpamInput, SpamScorer, SpamVerdict

from .conftest import Encode

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OLD_ACCOUNT = snowflake_at(datetime(2019, 5, 1, tzinfo=UTC)) + 17


def message(text: str, encode: Encode, *, seconds: float = 0, **changes: object) -> SpamInput:
    values: dict[str, object] = {
        "text": text,
        "author_id": OLD_ACCOUNT,
        "channel_id": 1,
        "at": T0 + timedelta(seconds=seconds),
        "vector": encode(text),
        "account_created": datetime(2019, 5, 1, tzinfo=UTC),
    }
    values.update(changes)
    return SpamInput(**values)  # type: ignore[arg-type]


ORDINARY = [
    "$ curl -fsSL https://get.docker.com | sh gives permission denied, do I need sudo?",
    'Traceback (most recent call last):\n  File "cli.py", line 40, in main\nKeyError: '
    "'DATABASE_URL' -- see https://github.com/acme/widget/blob/main/README.md#config",
    "hosting is $7/month on the hobby plan and $25 for pro: https://example.com/pricing",
    "pip install 'widget[dev]' fails with error: Microsoft Visual C++ 14.0 or greater is required",
    "thanks <@123456789012345678>, the fix in https://github.com/acme/widget/pull/88 works",
    "anyone else have nitro? the emoji picker is broken for me in the desktop app",
    "the steam deck build crashes on launch, full log: https://paste.example.org/abc",
    "export PATH=$PATH:$HOME/go/bin && go install ./... then run $GOPATH/bin/widget",
    "I earn nothing from this project, it's all volunteer time, so please be patient",
    "ok",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_dev_chat_is_not_flagged(text: str, bank: ExemplarBank, encode: Encode) -> None:
    verdict = SpamScorer(SpamPolicy(), bank).score(message(text, encode))
    assert not verdict.flagged, verdict
    assert 0.0 <= verdict.score < 0.5


def test_a_discord_look_alike_link_is_flagged_with_its_reason(
    bank: ExemplarBank, encode: Encode
) -> None:
    text = "you got gifted nitro, accept it here https://dlscord-gift.com/claim/8fj2"
    verdict = SpamScorer(SpamPolicy(), bank).score(message(text, encode))
    assert verdict.flagged and verdict.score > 0.9
    assert "link to a Discord look-alike domain (dlscord-gift.com)" in verdict.reasons


def test_mention_floods_and_mass_mentions_count(bank: ExemplarBank, encode: Encode) -> None:
    pings = " ".join(f"<@{100000000000000000 + n}>" for n in range(8))
    verdict = SpamScorer(SpamPolicy(), bank).score(
        message(f"@everyone {pings} look at this", encode)
    )
    assert "mentions @everyone or @here" in verdict.reasons
    assert "mentions 8 users" in verdict.reasons
    assert verdict.flagged


def test_links_from_a_new_account_raise_the_score(bank: ExemplarBank, encode: Encode) -> None:
    text = "my project is here https://example.dev/launch check it out"
    policy = SpamPolicy()
    old = SpamScorer(policy, bank).score(message(text, encode))
    new = SpamScorer(policy, bank).score(
        message(text, encode, account_created=T0 - timedelta(days=2))
    )
    assert new.score > old.score
    assert "account 2 days old" in new.reasons
    assert "links from an account 2 days old" in new.reasons


def test_exempt_roles_channels_and_bots_are_not_scored(bank: ExemplarBank, encode: Encode) -> None:
    policy = SpamPolicy(exempt_role_ids=frozenset({7}), exempt_channel_ids=frozenset({9}))
    scorer = SpamScorer(policy, bank)
    text = "free nitro https://dlscord-gift.com"
    assert scorer.score(message(text, encode, role_ids=frozenset({7}))) == EXEMPT
    assert scorer.score(message(text, encode, channel_id=9)) == EXEMPT
    assert scorer.score(message(text, encode, author_is_bot=True)) == EXEMPT


def test_a_channel_override_moves_the_bar(bank: ExemplarBank, encode: Encode) -> None:
    policy = SpamPolicy(threshold=0.5, channel_thresholds=((2, 1.0),))
    text = "@everyone join my server discord.gg/free-stuff for giveaways every day"
    strict = SpamScorer(policy, bank).score(message(text, encode, channel_id=2))
    normal = SpamScorer(policy, bank).score(message(text, encode, channel_id=1))
    assert normal.flagged and not strict.flagged
    assert strict.score == pytest.approx(normal.score)


SCAM = (
    "Our community was picked for an exclusive preview event this weekend, seats are "
    "limited so reserve yours through the form in my profile"
)
REWORDED = [
    SCAM,
    SCAM.replace("weekend", "Saturday"),
    "Hey all! " + SCAM.replace("exclusive", "special"),
    SCAM.replace("seats are limited", "only a few seats left") + " 🔥",
    SCAM.replace("Our community", "This server").replace("form", "link"),
]


def test_a_scripted_wave_shares_one_key_and_is_flagged(bank: ExemplarBank, encode: Encode) -> None:
    """One account posts in two channels, then three accounts post reworded copies in
    three more, all within a minute."""
    scorer = SpamScorer(SpamPolicy(), bank)
    authors = [OLD_ACCOUNT, OLD_ACCOUNT, OLD_ACCOUNT + 1, OLD_ACCOUNT + 2, OLD_ACCOUNT + 3]
    verdicts: list[SpamVerdict] = []
    for n, (text, author) in enumerate(zip(REWORDED, authors, strict=True)):
        verdicts.append(
            scorer.score(
                message(text, encode, seconds=12 * n, author_id=author, channel_id=10 + n,
                        message_id=1000 + n)
            )
        )  # fmt: skip
    keys = {v.wave_key for v in verdicts[1:]}
    assert len(keys) == 1 and None not in keys
    assert verdicts[0].wave_key is None  # alone when it was posted...
    assert verdicts[-1].earlier_copies == (1000, 1001, 1002, 1003)  # ...but named later
    assert all(v.flagged for v in verdicts[2:])
    # A flagged copy names the earlier ones, so the moderator's flag covers all five.
    covered = {1000 + n for n, v in enumerate(verdicts) if v.flagged}
    covered |= {i for v in verdicts if v.flagged for i in v.earlier_copies}
    assert covered == {1000, 1001, 1002, 1003, 1004}
    assert any("in 5 channels" in reason for reason in verdicts[-1].reasons)
    assert "near-same text from 4 accounts" in verdicts[-1].reasons


def test_the_same_text_outside_the_window_is_no_wave(bank: ExemplarBank, encode: Encode) -> None:
    scorer = SpamScorer(SpamPolicy(window_seconds=60), bank)
    first = scorer.score(message(SCAM, encode, channel_id=1))
    later = scorer.score(message(SCAM, encode, channel_id=2, seconds=3600))
    assert first.wave_key is None and later.wave_key is None


def test_a_ham_verdict_lowers_the_next_similar_message(bank: ExemplarBank, encode: Encode) -> None:
    judged = "looking for 3 people to beta test our app this week, we pay in gift cards, DM me"
    similar = "looking for 4 people to beta test our new app this week, paid in gift cards, DM me"
    before = SpamScorer(SpamPolicy(), bank).score(message(similar, encode))
    taught = SpamScorer(SpamPolicy(), bank)
    taught.learn(encode(judged), "ham")
    after = taught.score(message(similar, encode))
    assert after.score < before.score
    assert any("moderators" in reason for reason in after.reasons)


def test_a_spam_verdict_raises_the_next_similar_message(bank: ExemplarBank, encode: Encode) -> None:
    judged = "selling cheap server boosts and aged accounts, fast delivery, ask for prices"
    similar = "selling cheap boosts and old accounts, delivery in minutes, ask me for prices"
    before = SpamScorer(SpamPolicy(), bank).score(message(similar, encode))
    taught = SpamScorer(SpamPolicy(), bank)
    taught.learn(encode(judged), "spam")
    assert taught.score(message(similar, encode)).score > before.score


def test_without_time_or_vector_the_scorer_still_answers() -> None:
    verdict = SpamScorer(SpamPolicy()).score(
        SpamInput(text="free nitro at https://dlscord-gift.com", author_id=1, channel_id=2)
    )
    assert verdict.flagged and verdict.wave_key is None
