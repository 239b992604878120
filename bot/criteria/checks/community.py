"""Community: active contributors, bus factor, community files, responsiveness, reach."""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from typing import Any

from bot.criteria import clock, links
from bot.criteria.declare import check
from bot.criteria.model import Check, Evidence, Result
from bot.criteria.readers.readme_outline import ReadmeOutline
from bot.criteria.readme import Heading, Link
from bot.criteria.results import listing, missing_fact, plural, unknown
from bot.facts.model import CommitAuthor, RepoFacts

FAMILY = "community"
WINDOWS = {90: "recent_authors_90d", 365: "recent_authors"}
TEXT_EXTENSIONS = ("", ".md", ".rst", ".txt", ".adoc")
DOCS_FOLDERS = ("docs", "doc", "documentation", "website")
DOCS_PAGE_EXTENSIONS = (".md", ".rst", ".txt", ".adoc", ".mdx", ".markdown", ".html")
# A page about the kind; `contributors` (a list of people) is not a contributing guide.
DOCS_PAGE_NAMES = {
    "CONTRIBUTING": re.compile(r"contribut(?!ors?(?![a-z]))", re.IGNORECASE),
    "GOVERNANCE": re.compile(r"governance", re.IGNORECASE),
}


def humans(authors: list[CommitAuthor]) -> list[CommitAuthor]:
    return [author for author in authors if not author.is_bot and author.commits > 0]


def authors_in(facts: RepoFacts, window: int) -> list[CommitAuthor] | None:
    field_name = WINDOWS.get(window)
    return getattr(facts, field_name) if field_name else None


@check(
    "COMM-001",
    "Active contributors",
    FAMILY,
    defaults={"window_days": 365, "min_contributors": 2, "min_recent_contributors": 0},
)
def active_contributors(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """At least `min_contributors` people (bots excluded) committed to the default branch in the
    last `window_days` days (90 or 365). With `min_recent_contributors` set, fewer people than that
    in the last 90 days is a warning: the people have gone quiet, whatever automation commits.
    Bots are accounts named like automation (`*[bot]`, `Copilot`, …) and generated identities (a
    word with a long number) committed by a bot account.

    Why: a project carried by several people survives one of them leaving.
    How to fix: grow the contributor base: label good first issues, keep a CONTRIBUTING guide, review
    and merge outside contributions."""
    window = int(params["window_days"])
    if window not in WINDOWS:
        return unknown(f"window_days must be one of {sorted(WINDOWS)}, not {window}")
    authors = authors_in(facts, window)
    if authors is None:
        return unknown(f"the commit authors of the last {window} days are not known")
    people = humans(authors)
    minimum = int(params["min_contributors"])
    evidence = [
        Evidence(
            "contributors",
            listing(a.key for a in sorted(people, key=lambda a: -a.commits)),
            links.repository_page(facts, "graphs/contributors"),
        )
    ]
    summary = f"{plural(len(people), 'person', 'people')} committed in the last {window} days"
    if len(people) >= minimum:
        quiet = gone_quiet(facts, int(params.get("min_recent_contributors") or 0))
        if quiet:
            return Result(
                "warn",
                f"{summary}, but {quiet}",
                evidence,
                fix="Show recent development by people: review and merge outside contributions.",
            )
        return Result("pass", summary, evidence)
    return Result(
        "fail",
        f"{summary} (at least {minimum} expected)",
        evidence,
    )


def gone_quiet(facts: RepoFacts, minimum: int) -> str | None:
    """ "only 1 person in the last 90 days (5 bot identities not counted)" when fewer than `minimum`
    people committed in the last 90 days; None when enough did, or when that is not known."""
    recent = facts.recent_authors_90d
    if minimum <= 0 or recent is None:
        return None
    people = humans(recent)
    if len(people) >= minimum:
        return None
    bots = [author for author in recent if author.is_bot]
    others = f" ({plural(len(bots), 'bot identity', 'bot identities')} not counted)" if bots else ""
    return f"only {plural(len(people), 'person', 'people')} in the last 90 days{others}"


def bus_factor(authors: list[CommitAuthor]) -> tuple[int, int]:
    """(fewest authors who made more than half of the commits, total commits)."""
    commits = sorted((a.commits for a in authors), reverse=True)
    total = sum(commits)
    running = 0
    for count, made in enumerate(commits, start=1):
        running += made
        if running * 2 > total:
            return count, total
    return len(commits), total


@check("COMM-002", "Bus factor", FAMILY, defaults={"min_bus_factor": 2})
def bus_factor_check(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """At least `min_bus_factor` people are needed to account for more than half of the commits of the
    last 365 days (bots excluded). A bus factor of 1 means one person carries the project.

    How to fix: share maintenance: more people reviewing and committing."""
    if facts.recent_authors is None:
        return unknown("the commit authors of the last 365 days are not known")
    people = humans(facts.recent_authors)
    if not people:
        return Result(
            "fail",
            "no commits by people in the last 365 days",
            fix="Show ongoing development by more than one person.",
        )
    factor, total = bus_factor(people)
    top = max(people, key=lambda a: a.commits)
    share = round(100 * top.commits / total)
    evidence = [
        Evidence(
            "top author",
            f"{top.key}: {top.commits} of {total} commits ({share}%)",
            links.repository_page(facts, "graphs/contributors"),
        )
    ]
    minimum = int(params["min_bus_factor"])
    summary = f"bus factor {factor}: {top.key} made {share}% of {plural(total, 'commit')}"
    if factor >= minimum:
        return Result("pass", summary, evidence)
    return Result(
        "warn",
        f"{summary} (at least {minimum} expected)",
        evidence,
    )


def find_file(facts: RepoFacts, kind: str, locations: list[str]) -> tuple[str | None, list[str]]:
    """(path in an accepted location, paths found anywhere) for a community file kind.

    GitHub's names count in the root, `.github/` and `docs/`; a kind with a documentation name
    (contributing, governance) also counts for any page under a docs folder whose name says it,
    e.g. `docs/source/contributing.rst` or `docs/en/notes/contribution_guide.md` (location `docs`)."""
    candidates: list[str] = []
    known = (facts.community_files or {}).get(kind)
    if known:
        candidates.append(known)
    paths = sorted({*(facts.tree or []), *(facts.root_files or [])})
    for path in paths:
        folder, _, name = path.rpartition("/")
        if (
            folder in ("", ".github", "docs")
            and name.upper().rsplit(".", 1)[0] == kind
            and ("." not in name or f".{name.rsplit('.', 1)[1].lower()}" in TEXT_EXTENSIONS)
        ):
            candidates.append(path)
    candidates += [path for path in paths if is_docs_page_of(path, kind) and path not in candidates]
    accepted = [path for path in candidates if location_of(path) in locations]
    return (accepted[0] if accepted else None), sorted(set(candidates))


def is_docs_page_of(path: str, kind: str) -> bool:
    """A page under a docs folder whose file name says it is about `kind` (not a list of contributors)."""
    pattern = DOCS_PAGE_NAMES.get(kind)
    parts = path.split("/")
    extension = "." + parts[-1].rsplit(".", 1)[1].lower() if "." in parts[-1] else ""
    return (
        pattern is not None
        and len(parts) > 1
        and parts[0].lower() in DOCS_FOLDERS
        and extension in DOCS_PAGE_EXTENSIONS
        and bool(pattern.search(parts[-1]))
    )


def location_of(path: str) -> str:
    """`.` for the root, `.github`, or `docs` for anything under a docs folder."""
    folder = path.rpartition("/")[0]
    if folder.split("/")[0].lower() in DOCS_FOLDERS:
        return "docs"
    return folder or "."


def readme_section_link(readme: ReadmeOutline | None, kind: str) -> tuple[str, Heading, Link | None] | None:
    """(README path, its section about `kind`, the link there to a document about it) when the README
    has such a section, e.g. "Contributing" linking a contribution guide."""
    pattern = DOCS_PAGE_NAMES.get(kind)
    if pattern is None or readme is None:
        return None
    for index, heading in enumerate(readme.outline.headings):
        if pattern.search(heading.text):
            _, _, found = readme.outline.in_section(index)
            linked = [link for link in found if pattern.search(link.url) or pattern.search(link.text)]
            return readme.path, heading, next((link for link in linked if not link.url.startswith("#")), None)
    return None


def community_file_check(check_id: str, kind: str, title: str, why: str, file_name: str = "") -> Check:
    """`file_name`: the name to advise (default `{kind}.md`; GitHub reads CODEOWNERS without an extension)."""
    file_name = file_name or f"{kind}.md"

    def evaluate(facts: RepoFacts, params: Mapping[str, Any], readme_outline: ReadmeOutline | None) -> Result:
        locations = [str(item) for item in params["locations"]]
        if facts.community_files is None and facts.tree is None and facts.root_files is None:
            return unknown(f"the repository's files could not be listed to look for {kind}")
        path, anywhere = find_file(facts, kind, locations)
        if path:
            return Result("pass", f"{kind} in {path}", [Evidence(kind, path, links.blob_url(facts, path))])
        section = readme_section_link(readme_outline, kind)
        link = section[2] if section is not None else None
        if section is not None and link is not None:
            readme, heading, _ = section
            return Result(
                "pass",
                f"{kind}: {readme} section '{heading.text}' links {link.url}",
                [Evidence(f"{readme} link", link.url, links.blob_url(facts, readme, link.line))],
            )
        if anywhere:
            return Result(
                "warn",
                f"{kind} in {anywhere[0]}, expected in {listing(locations)}",
                [Evidence(kind, p, links.blob_url(facts, p)) for p in anywhere],
                fix=f"Move {anywhere[0]} to an expected place ({listing(locations)}).",
            )
        if section is not None:
            readme, heading, _ = section
            return Result(
                "warn",
                f"{readme} has a section '{heading.text}' but no {kind} document",
                [Evidence("section", heading.text, links.blob_url(facts, readme, heading.line))],
                fix=f"Add {file_name} to the repository root and link it from that section.",
            )
        if facts.tree is None and facts.community_files is None:
            return unknown(f"only the root was listed; {kind} may be in .github/ or docs/")
        return Result("fail", f"no {kind} file")

    evaluate.__doc__ = (
        f"The repository has a {kind} file (`{file_name}` or similar) in one of `locations` "
        f"(`.` is the root; GitHub also reads `.github/` and `docs/`)"
        + (
            f", a page under a docs folder named for it (e.g. `docs/source/{kind.lower()}.rst`), or a "
            f"README section linking such a document (a README section without that link is a warning)"
            if kind in DOCS_PAGE_NAMES
            else ""
        )
        + f".\n\nWhy: {why}\n\nHow to fix: add {file_name} to the repository root (an organisation-wide "
        "default in the organisation's `.github` repository is not seen by this check; a reviewer can waive it)."
    )
    declare = check(
        check_id,
        title,
        FAMILY,
        optional_inputs=("readme_outline",),
        defaults={"locations": [".", ".github", "docs"]},
    )
    return declare(evaluate)


CONTRIBUTING = community_file_check(
    "COMM-003",
    "CONTRIBUTING",
    "Contributing guide",
    "contributors need to know how to propose changes and how they are reviewed.",
)
CODE_OF_CONDUCT = community_file_check(
    "COMM-004",
    "CODE_OF_CONDUCT",
    "Code of conduct",
    "a code of conduct sets expectations for a welcoming community.",
)
CODEOWNERS = community_file_check(
    "COMM-005",
    "CODEOWNERS",
    "Code owners",
    "CODEOWNERS names who maintains what (and who has retired).",
    file_name="CODEOWNERS",
)
GOVERNANCE = community_file_check(
    "COMM-006",
    "GOVERNANCE",
    "Governance document",
    "governance says how decisions are made and how maintainers are chosen.",
)
SECURITY = community_file_check(
    "COMM-007",
    "SECURITY",
    "Security policy",
    "a security policy tells users how to report a vulnerability privately.",
)


def response_days(facts: RepoFacts) -> tuple[list[float], int] | None:
    """Days to the first response per sampled issue (unanswered: days so far), and unanswered count."""
    if facts.issue_responses is None:
        return None
    now = clock.parse_instant(facts.now)
    durations: list[float] = []
    unanswered = 0
    for issue in facts.issue_responses:
        opened = clock.parse_instant(issue.created_at)
        answered = clock.parse_instant(issue.first_response_at) if issue.first_response_at else None
        end = answered or now
        if opened is None or end is None:
            continue
        unanswered += answered is None
        durations.append(max(0.0, (end - opened).total_seconds() / 86400))
    return durations, unanswered


@check("COMM-008", "Time to first response", FAMILY, defaults={"max_median_days": 14, "min_issues": 3})
def first_response(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The median time from opening an issue to the first reply by someone other than its author is at
    most `max_median_days` days, over recent issues (unanswered issues count with their age so far).
    Fewer than `min_issues` recent issues is too few to judge.

    How to fix: triage new issues promptly, even with a short acknowledgement."""
    found = response_days(facts)
    if found is None:
        return missing_fact(facts, "issue_responses", "recent issues could not be read")
    durations, unanswered = found
    minimum = int(params["min_issues"])
    if len(durations) < minimum:
        return unknown(f"{plural(len(durations), 'recent issue')}, too few to judge (at least {minimum})")
    median = statistics.median(durations)
    limit = float(params["max_median_days"])
    evidence = [
        Evidence(
            "median first response",
            f"{median:.1f} days over {plural(len(durations), 'issue')}",
            links.repository_page(facts, "issues"),
        ),
        Evidence("unanswered", str(unanswered)),
    ]
    summary = f"median first response {median:.1f} days over {plural(len(durations), 'issue')} ({unanswered} unanswered)"
    if median <= limit:
        return Result("pass", summary, evidence)
    return Result("warn", summary, evidence)


def threshold_check(
    check_id: str, title: str, attribute: str, noun: str, minimum_key: str, default: int, doc: str
) -> Check:
    def evaluate(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
        value = getattr(facts, attribute)
        if value is None:
            return missing_fact(facts, attribute, f"the number of {noun}s is not known")
        minimum = int(params[minimum_key])
        evidence = [Evidence(noun + "s", str(value), links.repository_page(facts))]
        if value >= minimum:
            return Result("pass", plural(value, noun), evidence)
        return Result(
            "fail",
            f"{plural(value, noun)} (at least {minimum} expected)",
            evidence,
        )

    evaluate.__doc__ = doc
    return check(check_id, title, FAMILY, defaults={minimum_key: default})(evaluate)


STARS = threshold_check(
    "COMM-009",
    "Stars",
    "stars",
    "star",
    "min_stars",
    100,
    "The repository has at least `min_stars` GitHub stars, a rough measure of reach.\n\n"
    "How to fix: apply again when more people use the project.",
)
FORKS = threshold_check(
    "COMM-010",
    "Forks",
    "forks",
    "fork",
    "min_forks",
    10,
    "The repository has at least `min_forks` forks, a rough measure of people working "
    "with the code.\n\nHow to fix: apply again when more people use the project.",
)
CONTRIBUTORS = threshold_check(
    "COMM-011",
    "Contributors (all time)",
    "contributors",
    "contributor",
    "min_contributors",
    5,
    "The repository has at least `min_contributors` contributors over its whole "
    "history (GitHub's count, anonymous included).\n\nHow to fix: grow the community.",
)


@check("COMM-012", "Governance quality (reviewer)", FAMILY)
def governance_quality(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """A reviewer judges whether the project's governance is documented well enough: how decisions are
    made, who the maintainers are (CODEOWNERS, including retired committers), how to become one.
    The evidence lists the governance-related files found."""
    evidence = []
    for kind in ("GOVERNANCE", "CODEOWNERS", "MAINTAINERS", "CONTRIBUTING"):
        path, anywhere = find_file(facts, kind, [".", ".github", "docs"])
        for found in [path] if path else anywhere:
            evidence.append(Evidence(kind, found, links.blob_url(facts, found)))
    summary = f"a reviewer reads the governance documents ({plural(len(evidence), 'file')} found)"
    return Result("manual", summary, evidence)


CHECKS = (
    active_contributors, bus_factor_check, CONTRIBUTING, CODE_OF_CONDUCT, CODEOWNERS, GOVERNANCE, SECURITY,
    first_response, STARS, FORKS, CONTRIBUTORS, governance_quality,
)  # fmt: skip
