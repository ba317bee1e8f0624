"""Every channel header DiscordChatExporter versions really write is read.

The layouts follow its JSON writer across versions: the 2.x writer had no category
at all; later ones wrote the category's name only (with per-kind fallback names such
as "Text"); then ``categoryId`` + ``category``, where a channel outside any category
got id "0" with "<unknown category>" or a fallback name; the current writer writes
the parent (category of a channel, parent channel of a thread or forum post) or null.
For a thread, "category" has always meant its parent channel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.intake.export_files import export_message, write_export_with_header
from triagebot.core.messages import ChannelKind
from triagebot.errors import ImportFileError
from triagebot.intake.exporter import read_export

CHANNEL = "900000000000000010"
CATEGORY = "900000000000000020"
TEXT = {"id": CHANNEL, "type": "GuildTextChat", "name": "help", "topic": None}

NO_CATEGORY_LAYOUTS = {
    "2.x: no category fields": {},
    "category name only": {"category": "Text"},
    "id 0, unknown category": {"categoryId": "0", "category": "<unknown category>"},
    "id 0, fallback name": {"categoryId": "0", "category": "Text"},
    "empty strings": {"categoryId": "", "category": ""},
    "null (current writer)": {"categoryId": None, "category": None},
    "number 0": {"categoryId": 0, "category": None},
}


def _read(tmp_path: Path, channel: dict[str, Any], **guild: Any) -> Any:
    messages = [export_message(1, "reload crashes"), export_message(2, "same here")]
    path = write_export_with_header(tmp_path / "x.json", channel, messages, guild or None)
    return read_export(path)


@pytest.mark.parametrize("header", NO_CATEGORY_LAYOUTS.values(), ids=NO_CATEGORY_LAYOUTS)
def test_a_channel_without_a_category_is_imported_whole(
    tmp_path: Path, header: dict[str, Any]
) -> None:
    export = _read(tmp_path, {**TEXT, **header})
    assert len(export.messages) == 2 and export.problems == []
    assert export.channel.parent_id is None
    assert export.channel.top_level_id == int(CHANNEL)
    assert export.channel.kind is ChannelKind.TEXT


def test_a_channel_in_a_category_names_it(tmp_path: Path) -> None:
    export = _read(tmp_path, {**TEXT, "categoryId": CATEGORY, "category": "Support"})
    assert export.channel.parent_id == int(CATEGORY)
    assert export.channel.top_level_id == int(CHANNEL)  # a category is not a parent channel


@pytest.mark.parametrize("kind", ["GuildPublicThread", "GuildPrivateThread", "GuildNewsThread"])
def test_a_thread_or_forum_post_belongs_to_its_parent_channel(tmp_path: Path, kind: str) -> None:
    # A forum post is a public thread whose "category" is the forum channel.
    header = {"id": "55", "type": kind, "categoryId": CATEGORY, "category": "questions"}
    export = _read(tmp_path, {**header, "name": "reload crash", "topic": None})
    assert export.channel.kind is ChannelKind.THREAD
    assert export.channel.top_level_id == int(CATEGORY)
    assert len(export.messages) == 2


def test_a_thread_whose_parent_is_unknown_counts_as_its_own_channel(tmp_path: Path) -> None:
    header = {"id": "55", "type": "GuildPublicThread", "categoryId": "0", "name": "t"}
    export = _read(tmp_path, header)
    assert export.channel.parent_id is None and export.channel.top_level_id == 55


def test_a_forum_channel_export_is_read(tmp_path: Path) -> None:
    export = _read(tmp_path, {**TEXT, "type": "GuildForum", "categoryId": None})
    assert export.channel.kind is ChannelKind.FORUM and len(export.messages) == 2


def test_an_unreadable_category_costs_only_the_parent_link(tmp_path: Path) -> None:
    export = _read(tmp_path, {**TEXT, "categoryId": "General", "category": "General"})
    assert len(export.messages) == 2
    assert export.channel.parent_id is None
    (problem,) = export.problems
    assert "categoryId 'General'" in problem


@pytest.mark.parametrize(
    ("guild", "kind"),
    [("0", "DirectTextChat"), ("0", "DirectGroupTextChat"), ("0", "GuildTextChat")],
)
def test_a_direct_message_export_is_one_clear_refusal(
    tmp_path: Path, guild: str, kind: str
) -> None:
    with pytest.raises(ImportFileError, match="direct-message export"):
        _read(tmp_path, {**TEXT, "type": kind}, id=guild, name="Direct Messages")


def test_a_missing_channel_id_is_still_a_bad_header(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="bad 'guild' or 'channel' header"):
        _read(tmp_path, {"type": "GuildTextChat", "categoryId": "0"})
