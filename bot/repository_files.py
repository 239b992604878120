"""One file of a repository, read as text through the REST contents API.

The Action reads its config, a policy named by path and the application forms this way (the
entry files of a pull request come with the pull request's own GraphQL query instead). A file
that is not there is None; one that is there but is no text the bot can read (a directory, a
binary file, more than MAX_FILE_BYTES, not UTF-8) raises `UnreadableFile`, whose `problem` says
which, in the words the pull request's own reads use.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote

from bot.github import GitHubClient, GitHubError

MAX_FILE_BYTES = 1_000_000
BINARY_FILE = "the file is binary, not text"  # the pull request's GraphQL reads say it the same way


def too_large(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"


class UnreadableFile(GitHubError):
    """The file exists but is no text the bot reads; `problem` says why (without the file's name)."""

    def __init__(self, path: str, repository: str, problem: str) -> None:
        super().__init__(f"{path} of {repository}: {problem}", 200)
        self.problem = problem


def read_text_file(client: GitHubClient, repository: str, path: str, ref: str | None = None) -> str | None:
    """The file's text at `ref` (None or "HEAD": the default branch); None when there is no such file.

    Raises UnreadableFile when the path is no readable text file, GitHubError when GitHub does not answer.
    """
    content = read_file_bytes(client, repository, path, ref)
    if content is None:
        return None
    if b"\0" in content:
        raise UnreadableFile(path, repository, BINARY_FILE)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile(path, repository, "the file is not UTF-8 text") from None


def read_text_or_problem(
    client: GitHubClient, repository: str, path: str, ref: str | None = None
) -> tuple[str | None, str | None]:
    """(text, None), (None, why the file is no readable text), or (None, None): no such file."""
    try:
        return read_text_file(client, repository, path, ref), None
    except UnreadableFile as error:
        return None, error.problem


def read_policy_file(client: GitHubClient, repository: str, path: str, ref: str = "HEAD") -> str:
    """A policy named by path: a file of the catalog's repository at `ref` (HEAD: the default
    branch), read through the API, never from the job's working directory. Raises PolicyError."""
    from bot.policies.loader import PolicyError  # only a policy named by path needs the loader here

    text, problem = read_text_or_problem(client, repository, path.removeprefix("./"), ref)
    if text is None:
        where = "HEAD (the default branch)" if ref == "HEAD" else f"the base branch {ref}"
        raise PolicyError(f"policy {path}: {problem or 'no such file'} in {repository} at {where}")
    return text


def read_file_bytes(client: GitHubClient, repository: str, path: str, ref: str | None = None) -> bytes | None:
    """The file's exact bytes at `ref` (None or "HEAD": the default branch); None when there is no such file.

    Raises UnreadableFile when the path is no file or too large, GitHubError when GitHub does not answer.
    """
    params = {"ref": ref} if ref and ref != "HEAD" else None
    response = client.rest_get(f"/repos/{repository}/contents/{quote(path)}", params)
    if response.status == 404:
        return None
    if response.status != 200:
        raise GitHubError(f"could not read {path} of {repository}: HTTP {response.status}", response.status)
    return _content(response.json, path, repository)


def _content(data: object, path: str, repository: str) -> bytes:
    if isinstance(data, list):
        raise UnreadableFile(path, repository, "it is a directory, not a file")
    if not isinstance(data, dict):
        raise UnreadableFile(path, repository, "GitHub's answer is not a file")
    if data.get("type") != "file":
        kind = data.get("type")
        raise UnreadableFile(
            path, repository, f"it is a {kind}, not a file" if kind else "GitHub's answer is not a file"
        )
    size = int(data.get("size") or 0)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(path, repository, too_large(size))
    if data.get("encoding") != "base64":
        raise UnreadableFile(path, repository, "GitHub returned no content for the file")
    try:
        return base64.b64decode(str(data.get("content") or ""))
    except (binascii.Error, ValueError):
        raise UnreadableFile(path, repository, "GitHub's content of the file is not base64") from None
