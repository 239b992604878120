"""Ongoing maintenance: not archived, recent commits and releases, old enough, active enough."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.criteria import clock, links
from bot.criteria.declare import check
from bot.criteria.model import Evidence, Result
from bot.criteria.results import missing_fact, plural, unknown
from bot.facts.model import RepoFacts

FAMILY = "maintenance"


@check("MAINT-001", "Not archived", FAMILY)
def not_archived(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The repository is neither archived nor disabled on GitHub.

    Why: an archived repository is read-only: no fixes, no releases.
    How to fix: unarchive the repository, or point the entry at the maintained one."""
    page = links.repository_page(facts)
    if facts.disabled:
        return Result(
            "fail",
            "the repository is disabled",
            [Evidence("disabled", "true", page)],
            fix="Point the entry at an accessible repository.",
        )
    if facts.archived is None:
        return missing_fact(facts, "archived", "whether the repository is archived is not known")
    if facts.archived:
        return Result(
            "fail",
            "the repository is archived",
            [Evidence("archived", "true", page)],
        )
    return Result("pass", "not archived", [Evidence("archived", "false", page)])


@check("MAINT-002", "Recent commit", FAMILY, defaults={"pass_within_days": 90, "warn_within_days": 180})
def recent_commit(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The default branch's latest commit is at most `pass_within_days` old; up to
    `warn_within_days` is a warning, older fails.

    How to fix: commit to the default branch: fixes, dependency updates, or support for the latest
    PyTorch; a project that is complete can say so in the PR."""
    age = clock.age_in_days(facts, facts.head_committed_at)
    if age is None:
        return unknown("the date of the latest commit is not known")
    evidence = [
        Evidence(
            "latest commit",
            facts.head_committed_at or "",
            links.repository_page(facts, f"commit/{facts.head_sha}") if facts.head_sha else None,
        )
    ]
    summary = f"last commit {clock.describe_age(age)}"
    if age <= int(params["pass_within_days"]):
        return Result("pass", summary, evidence)
    return Result("warn" if age <= int(params["warn_within_days"]) else "fail", summary, evidence)


def latest_release(facts: RepoFacts) -> tuple[str, str, str | None] | None:
    """(name, date, url) of the newest dated release on GitHub or upload on PyPI."""
    candidates: list[tuple[str, str, str | None]] = []
    for release in facts.releases or []:
        if release.published_at:
            candidates.append(
                (
                    release.tag,
                    release.published_at,
                    links.repository_page(facts, f"releases/tag/{release.tag}"),
                )
            )
    if facts.pypi is not None and facts.pypi.exists and facts.pypi.last_upload:
        candidates.append(
            (
                f"{facts.pypi.name} {facts.pypi.version or ''} on PyPI".replace("  ", " "),
                facts.pypi.last_upload,
                facts.pypi.url,
            )
        )
    dated = [(c, clock.parse_instant(c[1])) for c in candidates]
    valid = [(c, when) for c, when in dated if when is not None]
    return max(valid, key=lambda pair: pair[1])[0] if valid else None


@check("MAINT-003", "Recent release", FAMILY, defaults={"pass_within_days": 365})
def recent_release(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The newest release (a GitHub release, or an upload to PyPI) is at most `pass_within_days`
    old. Older is a warning; no release at all fails.

    How to fix: publish releases (a GitHub release and a PyPI upload) as the project changes."""
    found = latest_release(facts)
    if found is None:
        if facts.releases is None and facts.pypi is None:
            return unknown("releases are not known")
        if facts.releases is None or (facts.pypi is not None and facts.pypi.exists is None):
            return unknown("no dated release found, and a source of releases could not be read")
        tags = f"; {plural(facts.tag_count, 'tag')}, undated" if facts.tag_count else ""
        return Result(
            "fail",
            f"no release found{tags}",
            links_to_releases(facts),
        )
    name, date, url = found
    age = clock.age_in_days(facts, date) or 0
    evidence = [Evidence("latest release", f"{name} ({date[:10]})", url)]
    summary = f"last release {name}, {clock.describe_age(age)}"
    if age <= int(params["pass_within_days"]):
        return Result("pass", summary, evidence)
    return Result("warn", summary, evidence, fix="Publish a release with the current state of the project.")


def links_to_releases(facts: RepoFacts) -> list[Evidence]:
    return [Evidence("releases", str(facts.release_count or 0), links.repository_page(facts, "releases"))]


@check("MAINT-004", "Old enough", FAMILY, defaults={"min_age_days": 90})
def old_enough(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The repository was created at least `min_age_days` ago.

    Why: a track record of maintenance cannot be judged on a brand-new project.
    How to fix: apply again when the project is older."""
    age = clock.age_in_days(facts, facts.created_at)
    if age is None:
        return unknown("the creation date is not known")
    minimum = int(params["min_age_days"])
    evidence = [Evidence("created", facts.created_at or "", links.repository_page(facts))]
    if age >= minimum:
        return Result("pass", f"created {clock.describe_age(age)}", evidence)
    return Result(
        "fail",
        f"created {plural(age, 'day')} ago (at least {minimum} expected)",
        evidence,
    )


@check("MAINT-005", "Commits in the last 90 days", FAMILY, defaults={"min_commits": 1})
def commits_90_days(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The default branch has at least `min_commits` commits in the last 90 days.

    How to fix: keep the project active; batch work into more, smaller commits."""
    if facts.commits_90d is None:
        return unknown("the number of recent commits is not known")
    minimum = int(params["min_commits"])
    evidence = [
        Evidence("commits in 90 days", str(facts.commits_90d), links.repository_page(facts, "commits"))
    ]
    summary = f"{plural(facts.commits_90d, 'commit')} in the last 90 days"
    if facts.commits_90d >= minimum:
        return Result("pass", summary, evidence)
    return Result(
        "fail",
        f"{summary} (at least {minimum} expected)",
        evidence,
    )


@check("MAINT-006", "Not a fork", FAMILY)
def not_a_fork(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The repository is not a fork: the catalog should link the project's upstream repository.

    How to fix: link the upstream repository, or explain in the PR why the fork is the maintained one."""
    if facts.fork is None:
        return missing_fact(facts, "fork", "whether the repository is a fork is not known")
    if facts.fork:
        return Result(
            "warn",
            "the repository is a fork",
            [Evidence("fork", "true", links.repository_page(facts))],
        )
    return Result("pass", "not a fork")


def release_sources_unread(facts: RepoFacts) -> bool:
    """Whether a source of releases could not be read (so "no recent release" is not proven)."""
    return facts.releases is None or (facts.pypi is not None and facts.pypi.exists is None)


def behind_note(facts: RepoFacts) -> list[Evidence]:
    """A local checkout is behind the project when PyPI has a release uploaded after the checkout's
    HEAD commit whose version none of the checkout's tags names."""
    pypi = facts.pypi
    if facts.sources.get("head_sha") != "git" or pypi is None or not pypi.exists or not pypi.version:
        return []
    gap = clock.days_between(facts.head_committed_at, pypi.last_upload)
    tags = {release.tag.lower().removeprefix("v") for release in facts.releases or []}
    if gap is None or gap <= 0 or pypi.version.lower().removeprefix("v") in tags:
        return []
    return [
        Evidence(
            "note",
            f"the checkout is behind: {pypi.name} {pypi.version} was uploaded to PyPI "
            f"{plural(gap, 'day')} after its HEAD commit and is not among its tags; fetch the default branch",
        )
    ]


@check(
    "MAINT-007",
    "Recent commit or release",
    FAMILY,
    defaults={"pass_within_days": 365, "warn_within_days": 730},
)
def recent_activity(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The project was looked after recently: the default branch's latest commit or the newest
    release (GitHub release, tag of a checkout, or PyPI upload) is at most `pass_within_days` old.
    Up to `warn_within_days` is a warning; nothing for longer fails. A mature project that
    releases twice a year passes, however quiet its branch.

    How to fix: commit to the default branch or publish a release: fixes, dependency updates,
    support for the latest PyTorch."""
    release = latest_release(facts)
    dated: list[tuple[str, str, str | None]] = []
    if facts.head_committed_at:
        url = links.repository_page(facts, f"commit/{facts.head_sha}") if facts.head_sha else None
        dated.append(("latest commit", facts.head_committed_at, url))
    if release is not None:
        dated.append((f"latest release {release[0]}", release[1], release[2]))
    aged = [(what, when, url, clock.age_in_days(facts, when)) for what, when, url in dated]
    known = [item for item in aged if item[3] is not None]
    if not known:
        return unknown("neither the latest commit nor a release date is known")
    behind = behind_note(facts)
    evidence = [Evidence(what, when, url) for what, when, url, _ in known] + behind
    what, _, _, age = min(known, key=lambda item: item[3] if item[3] is not None else 0)
    days = max(age or 0, 0)
    summary = f"{what} {clock.describe_age(days)}" + ("; the checkout is behind PyPI" if behind else "")
    if days <= int(params["pass_within_days"]):
        return Result("pass", summary, evidence)
    if facts.head_committed_at is None or (release is None and release_sources_unread(facts)):
        return unknown(f"{summary}, and a newer commit or release may exist", evidence=evidence)
    return Result("warn" if days <= int(params["warn_within_days"]) else "fail", summary, evidence)


CHECKS = (
    not_archived, recent_commit, recent_release, old_enough, commits_90_days, not_a_fork, recent_activity,
)  # fmt: skip
