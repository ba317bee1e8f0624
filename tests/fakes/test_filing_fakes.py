"""The fakes hold Discord and GitHub to their documented rules for filing an issue:
a modal within Discord's limits, an issue create as GitHub validates it."""

from __future__ import annotations

import pytest
import requests

from tests.fakes.discord_modals import modal_problems, submit_data
from tests.fakes.github_server import FakeGitHub, running_fake_github

REPO = "o/r"


@pytest.fixture
def github() -> FakeGitHub:
    with running_fake_github() as fake:
        fake.add_repo(REPO)
        yield fake  # type: ignore[misc]


def post(github: FakeGitHub, payload: object, token: str | None = "ghp_test") -> requests.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    return requests.post(
        f"{github.base_url}/repos/{REPO}/issues", json=payload, headers=headers, timeout=5
    )


def test_an_issue_is_created_with_its_labels_and_answered_201(github: FakeGitHub) -> None:
    answer = post(github, {"title": "Crash", "body": "b", "labels": ["from-discord"]})
    assert answer.status_code == 201 and answer.headers["Location"].endswith("/issues/1")
    data = answer.json()
    assert data["number"] == 1 and data["state"] == "open" and data["body"] == "b"
    assert [label["name"] for label in data["labels"]] == ["from-discord"]
    assert data["html_url"].endswith(f"/{REPO}/issues/1")
    again = requests.get(f"{github.base_url}/repos/{REPO}/issues/1", timeout=5).json()
    assert again["title"] == "Crash" and github.issues_created[0]["number"] == 1


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"body": "no title"}, "title", "missing_field"),
        ({"title": ""}, "title", "missing_field"),
        ({"title": "t" * 257}, "title", "custom"),
        ({"title": "t", "body": "b" * 65_537}, "body", "custom"),
        ({"title": "t", "labels": "bug"}, "labels", "invalid"),
    ],
)
def test_github_validation_is_applied(
    github: FakeGitHub, payload: dict[str, object], field: str, code: str
) -> None:
    answer = post(github, payload)
    assert answer.status_code == 422 and answer.json()["message"] == "Validation Failed"
    [error] = answer.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert github.issues_created == []


def test_writing_needs_a_token(github: FakeGitHub) -> None:
    assert post(github, {"title": "t"}, token=None).status_code == 401
    assert post(github, {"title": "t"}, token="wrong").status_code == 401
    assert github.issues_created == []


def test_a_lost_answer_still_creates_the_issue(github: FakeGitHub) -> None:
    github.fail_next(201, path_regex="/issues$", method="POST", answer_after_seconds=2)
    with pytest.raises(requests.Timeout):
        requests.post(
            f"{github.base_url}/repos/{REPO}/issues",
            json={"title": "t"},
            headers={"Authorization": "token ghp_test"},
            timeout=0.5,
        )
    assert len(github.issues_created) == 1


def text_input(**changes: object) -> dict[str, object]:
    return {"type": 4, "custom_id": "title", "style": 1, "label": "Title", **changes}


def modal(*inputs: dict[str, object], **changes: object) -> dict[str, object]:
    rows = [{"type": 1, "components": [i]} for i in inputs]
    return {"custom_id": "m", "title": "File a GitHub issue", "components": rows, **changes}


def test_a_modal_within_the_limits_passes() -> None:
    long = text_input(custom_id="body", style=2, value="v" * 4000, max_length=4000)
    assert modal_problems(modal(text_input(value="t", max_length=256), long)) == []


@pytest.mark.parametrize(
    "data",
    [
        modal(text_input(), title="t" * 46),
        modal(text_input(), custom_id="c" * 101),
        modal(),
        modal(*[text_input(custom_id=str(n)) for n in range(6)]),
        modal(text_input(label="l" * 46)),
        modal(text_input(style=3)),
        modal(text_input(value="v" * 4001)),
        modal(text_input(value="v" * 10, max_length=5)),
        modal(text_input(placeholder="p" * 101)),
        modal(text_input(min_length=4001)),
        modal({"type": 3, "custom_id": "s", "options": []}),
        {**modal(), "components": [{"type": 1, "components": [text_input(), text_input()]}]},
    ],
)
def test_a_modal_over_any_limit_is_refused(data: dict[str, object]) -> None:
    assert modal_problems(data)


def test_a_submit_carries_each_value_in_its_own_row() -> None:
    data = submit_data("m", {"title": "t", "body": "b"})
    assert [row["components"][0]["value"] for row in data["components"]] == ["t", "b"]
