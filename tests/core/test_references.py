"""Exact references to issues: a link, owner/repo#N, or #N when only one repo is known."""

from __future__ import annotations

from triagebot.core.references import references

ONE = ["lumen-dev/lumen"]
TWO = ["lumen-dev/lumen", "lumen-dev/themes"]


def test_links_and_qualified_references_name_their_issue() -> None:
    text = "see https://github.com/lumen-dev/lumen/issues/412 and lumen-dev/themes#7"
    assert references(text, TWO) == {("lumen-dev/lumen", 412), ("lumen-dev/themes", 7)}


def test_a_bare_number_is_read_only_when_it_cannot_be_ambiguous() -> None:
    assert references("crashes again, same as #412", ONE) == {("lumen-dev/lumen", 412)}
    assert references("crashes again, same as #412", TWO) == set()


def test_other_repositories_pull_requests_and_channel_ids_are_not_references() -> None:
    text = "https://github.com/other/repo/issues/1 https://github.com/lumen-dev/lumen/pull/416"
    assert references(text, ONE) == set()
    assert references("ask in <#1234> or &#39;", ONE) == set()
