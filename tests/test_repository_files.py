"""Reading one file through the contents API, against the simulator: text, absence, and the files the
bot cannot read, each named with what is wrong."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.github import GitHubClient
from bot.repository_files import MAX_FILE_BYTES, UnreadableFile, read_text_file
from bot.simulator import Simulator

REPO = "org/repo"
STATE = {
    "users": [{"login": "github-actions[bot]", "type": "Bot"}, {"login": "alice"}],
    "tokens": {"bot-token": "github-actions[bot]"},
    "repositories": [
        {
            "name": REPO,
            "commits": [
                {
                    "message": "init",
                    "sha": "a1" * 20,
                    "author": "alice",
                    "files": {
                        "config.yml": "on main: yes\n",
                        "docs/guide.md": "# Guide é\n",
                        "logo.png": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                        "big.txt": "x" * (MAX_FILE_BYTES + 1),
                        "empty.txt": "",
                    },
                },
                {"message": "later", "author": "alice", "files": {"config.yml": "on main: later\n"}},
            ],
            "branches": {"old": "a1" * 20},
        }
    ],
}


@pytest.fixture(scope="module")
def client() -> Iterator[GitHubClient]:
    with Simulator(STATE) as sim:
        yield GitHubClient("bot-token", sim.url, sim.graphql_url, timeout=5)


def test_a_text_file_is_read_at_the_default_branch_or_a_ref(client: GitHubClient) -> None:
    assert read_text_file(client, REPO, "config.yml") == "on main: later\n"
    assert read_text_file(client, REPO, "config.yml", "HEAD") == "on main: later\n"
    assert read_text_file(client, REPO, "config.yml", "old") == "on main: yes\n"
    assert read_text_file(client, REPO, "docs/guide.md") == "# Guide é\n"
    assert read_text_file(client, REPO, "empty.txt") == ""


def test_a_missing_file_is_none(client: GitHubClient) -> None:
    assert read_text_file(client, REPO, "nothing.yml") is None
    assert read_text_file(client, REPO, "docs/nothing.md", "old") is None


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("docs", "it is a directory, not a file"),
        ("logo.png", "the file is binary, not text"),
        ("big.txt", f"the file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}"),
    ],
)
def test_what_is_not_readable_text_says_what_and_where(client: GitHubClient, path: str, problem: str) -> None:
    with pytest.raises(UnreadableFile) as raised:
        read_text_file(client, REPO, path)
    assert raised.value.problem == problem
    assert str(raised.value) == f"{path} of {REPO}: {problem}"
