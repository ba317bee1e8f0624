"""Reading DiscordChatExporter JSON: forgiving per message, strict per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intake.export_files import export_message, write_export
from triagebot.core.messages import ChannelKind, Source
from triagebot.errors import ImportFileError
from triagebot.intake.exporter import find_exports, read_export


def test_a_message_becomes_a_chat_message(tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "general.json",
        [
            export_message(
                1,
                "Hi @everyone, see <@&77>",
                reactions=[{"emoji": {"id": None, "name": "👍"}, "count": 3}],
                attachments=[{"id": "1", "url": "x", "fileName": "a.png", "fileSizeBytes": 1}],
                mentions=[{"id": "5", "name": "bob"}],
                timestampEdited="2026-11-20T12:05:00.000+00:00",
            ),
        ],
    )
    export = read_export(path)
    (m,) = export.messages
    assert m.guild.name == "Lumen Community" and m.channel.name == "general"
    assert m.author.name == "Alice" and not m.author.bot
    assert (m.reactions, m.attachments, m.user_mentions, m.role_mentions) == (3, 1, 1, 1)
    assert m.mentions_everyone and m.edited_at is not None
    assert m.source is Source.IMPORT and not m.contiguous
    assert export.problems == []


def test_a_reply_names_the_message_it_answers(tmp_path: Path) -> None:
    first = export_message(1, "it crashes")
    reply = export_message(
        2,
        "same here",
        type="Reply",
        reference={"messageId": first["id"], "channelId": "1", "guildId": "1"},
    )
    (_, m) = read_export(write_export(tmp_path / "g.json", [first, reply])).messages
    assert m.reply_to == int(first["id"])


def test_a_thread_export_names_its_parent(tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "t.json",
        [export_message(1)],
        channel_id="55",
        name="reload crash",
        kind="GuildPublicThread",
        parent="900000000000000011",
    )
    channel = read_export(path).channel
    assert channel.kind is ChannelKind.THREAD
    assert channel.parent_id == 900000000000000011 and channel.top_level_id == channel.parent_id


def test_broken_messages_are_reported_and_the_rest_kept(tmp_path: Path) -> None:
    no_author = export_message(2)
    del no_author["author"]
    bad_time = export_message(3, timestamp="yesterday")
    path = write_export(
        tmp_path / "g.json", [export_message(1), no_author, bad_time, "junk", export_message(4)]
    )
    export = read_export(path)
    assert len(export.messages) == 2
    assert len(export.problems) == 3
    assert "missing field 'author'" in export.problems[0]
    assert "yesterday" in export.problems[1]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"guild": {}}', "not a DiscordChatExporter JSON export"),
        ('{"guild": {"id": "x"}, "channel": {}, "messages": []}', "bad 'guild' or 'channel'"),
        ("[1, 2]", "not a DiscordChatExporter JSON export"),
    ],
)
def test_a_file_that_is_not_an_export_is_one_clear_error(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(ImportFileError) as caught:
        read_export(path)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


def test_folders_expand_to_their_json_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    a = write_export(tmp_path / "b.json", [])
    b = write_export(tmp_path / "sub" / "a.json", [])
    (tmp_path / "notes.txt").write_text("not an export")
    assert find_exports([tmp_path]) == [a, b]
    with pytest.raises(ImportFileError, match="no such file"):
        find_exports([tmp_path / "missing"])
