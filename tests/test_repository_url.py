"""Repository URLs: harmless fixes are notes, lookalikes and non-repositories are refused."""

from __future__ import annotations

import pytest

from bot.repository_url import normalise_repository_url, repository_key


@pytest.mark.parametrize(
    ("raw", "url", "notes"),
    [
        ("https://github.com/skorch-dev/skorch", "https://github.com/skorch-dev/skorch", []),
        ("http://github.com/a/b", "https://github.com/a/b", ["http:// changed to https://"]),
        ("https://www.github.com/a/b", "https://github.com/a/b", ["www. removed"]),
        ("https://github.com/a/b.git", "https://github.com/a/b", [".git removed"]),
        ("https://github.com/a/b/", "https://github.com/a/b", ["trailing / removed"]),
        (" https://github.com/a/b  ", "https://github.com/a/b", ["spaces around the URL removed"]),
        ("github.com/a/b", "https://github.com/a/b", ["https:// added"]),
        ("https://GitHub.com/Open-MMLab/MMCV", "https://github.com/Open-MMLab/MMCV", []),
        ("https://github.com/a/b?tab=readme#x", "https://github.com/a/b", ["query or #fragment removed"]),
    ],
)
def test_harmless_differences_are_fixed_with_a_note(raw: str, url: str, notes: list[str]) -> None:
    result = normalise_repository_url(raw)
    assert (result.url, result.notes, result.error) == (url, notes, None)


@pytest.mark.parametrize(
    ("raw", "subpage"),
    [
        ("https://github.com/a/b/tree/main/src", "/tree/main/src"),
        ("https://github.com/a/b/blob/main/README.md", "/blob/main/README.md"),
        ("https://github.com/a/b/graphs/commit-activity", "/graphs/commit-activity"),
    ],
)
def test_sub_pages_give_the_repository_and_say_what_was_dropped(raw: str, subpage: str) -> None:
    result = normalise_repository_url(raw)
    assert (result.url, result.subpage, result.fix) == (
        "https://github.com/a/b",
        subpage,
        "use the repository URL https://github.com/a/b",
    )


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (
            "https://github.com/open-mmlab",
            "https://github.com/open-mmlab is an organisation or user, not a repository",
        ),
        (
            "https://github.com/orgs/open-mmlab/repositories",
            "https://github.com/open-mmlab is an organisation or user, not a repository",
        ),
        (
            "https://github.com.evil.io/a/b",
            "the host 'github.com.evil.io' is not github.com (it only looks like it)",
        ),
        (
            "https://evil-github.com/a/b",
            "the host 'evil-github.com' is not github.com (it only looks like it)",
        ),
        ("https://githuh.com/a/b", "the host 'githuh.com' is not github.com (it only looks like it)"),
        ("https://gihtub.com/a/b", "the host 'gihtub.com' is not github.com (it only looks like it)"),
        (
            "https://github.com@evil.io/a/b",
            "the URL hides its real host behind a user name ('github.com@evil.io'); it does not point at github.com",
        ),
        (
            "https://gіthub.com/a/b",
            "the host 'gіthub.com' uses non-ASCII or punycode characters and only looks like an allowed host (github.com)",
        ),
        (
            "https://xn--gthub-n4a.com/a/b",
            "the host 'xn--gthub-n4a.com' uses non-ASCII or punycode characters and only looks like an allowed host (github.com)",
        ),
        ("https://gitlab.com/a/b", "repositories must be on github.com; 'gitlab.com' is not allowed"),
        ("https://github.com:8443/a/b", "the repository URL names a port (8443); use the plain host"),
        (
            "https://github.com\\@evil.io/a/b",
            "the repository URL contains spaces, control characters or backslashes",
        ),
        ("ssh://git@github.com/a/b", "the repository URL must start with https:// (not ssh:)"),
        ("https://github.com/a/%2e%2e", "'%2e%2e' is not a valid repository name"),
        ("https://github.com/-bad-/b", "'-bad-' is not a valid owner name"),
        ("", "the repository URL is empty"),
    ],
)
def test_urls_that_name_no_repository_on_github_are_errors(raw: str, error: str) -> None:
    result = normalise_repository_url(raw)
    assert (result.url, result.error) == (None, error)


def test_other_hosts_pass_when_the_catalog_allows_them() -> None:
    assert (
        normalise_repository_url("https://gitlab.com/a/b", ("github.com", "gitlab.com")).url
        == "https://gitlab.com/a/b"
    )


def test_comparison_ignores_case() -> None:
    assert repository_key("https://github.com/Skorch-Dev/Skorch") == repository_key(
        "https://github.com/skorch-dev/skorch"
    )
