"""ENTRY-*: what the catalog entry claims, checked against the gathered facts.

The entry's claims arrive in `facts.claims` (homepage, documentation, tutorials, maintainers);
whether each claimed URL answers is in `facts.links` (see `bot.facts.links`). The license,
pip and conda claims are checked by the licensing and onboarding families.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.criteria.declare import check
from bot.criteria.model import Evidence, Result
from bot.criteria.results import listing, unknown
from bot.facts.model import LinkCheck, RepoFacts

FAMILY = "entry"
CODEOWNER = re.compile(r"(?<![\w/])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\w/-])")


def claimed_urls(facts: RepoFacts, key: str) -> list[str]:
    value = facts.claims.get(key)
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def link_result(facts: RepoFacts, key: str, what: str) -> Result:
    """pass when every claimed URL answers, fail when one is gone, unknown when one could not be told."""
    urls = claimed_urls(facts, key)
    if not urls:
        return Result("skipped", f"the entry claims no {what}")
    checks = [facts.links.get(url) or facts.links.get(url.strip()) for url in urls]
    evidence = [Evidence(what, url, url) for url in urls[:5]]
    broken = [c for c in checks if c is not None and c.ok is False]
    unclear = [(u, c) for u, c in zip(urls, checks, strict=True) if c is None or c.ok is None]
    if broken:
        return Result(
            "fail",
            f"{what} does not answer: {listing(f'{c.url} ({c.note or c.status})' for c in broken)}",
            evidence,
        )
    if unclear:
        reasons = listing(f"{u} ({_reason(c)})" for u, c in unclear)
        return unknown(f"whether the {what} answers: {reasons}", evidence=evidence)
    return Result("pass", f"{what} answers: {listing(urls)}", evidence)


def _reason(link: LinkCheck | None) -> str:
    if link is None:
        return "not checked"
    return link.note or "no answer"


@check("ENTRY-001", "Homepage answers", FAMILY)
def homepage_answers(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The homepage named in the entry (`homepage:`) answers with a page.

    Refused addresses (private, loopback, link-local), timeouts, 5xx answers and 401/403/429
    (often bot protection) are "could not check", never a failure.
    How to fix: correct the URL in the entry, or remove it."""
    return link_result(facts, "homepage", "homepage")


@check("ENTRY-002", "Documentation link answers", FAMILY)
def documentation_answers(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The documentation URL named in the entry (`documentation:`) answers with a page.

    How to fix: correct the URL in the entry, or remove it."""
    return link_result(facts, "documentation", "documentation")


@check("ENTRY-003", "Tutorial links answer", FAMILY)
def tutorials_answer(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """Every tutorial URL named in the entry (`tutorials:`) answers with a page.

    How to fix: correct or remove the tutorial links that are gone."""
    return link_result(facts, "tutorials", "tutorial")


def codeowners(facts: RepoFacts) -> set[str] | None:
    """Logins named in a CODEOWNERS file among the fetched files (None when none was fetched)."""
    texts = [
        f.text
        for path, f in facts.files.items()
        if path.rsplit("/", 1)[-1] == "CODEOWNERS" and f.text is not None
    ]
    if not texts:
        return None
    found: set[str] = set()
    for text in texts:
        for line in text.splitlines():
            found.update(m.casefold() for m in CODEOWNER.findall(line.split("#", 1)[0]))
    return found


@check("ENTRY-004", "Maintainers have a role in the repository", FAMILY)
def maintainers_have_a_role(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """Each maintainer the entry names (`maintainers:`) shows up in the repository: as an author
    of commits in the last 12 months, or as a code owner in CODEOWNERS.

    Limitation: commit authors are matched by GitHub login, so commits made with an e-mail not
    linked to the account do not count; a maintainer who reviews and releases but does not commit
    or own code is not seen. A maintainer who is not found is left to a reviewer (manual), never
    failed.
    How to fix: list the GitHub logins of people who maintain the project, or add them to
    CODEOWNERS."""
    claimed = facts.claims.get("maintainers")
    names = (
        [str(n).strip().lstrip("@") for n in claimed or [] if str(n).strip()]
        if isinstance(claimed, list)
        else []
    )
    if not names:
        return Result("skipped", "the entry names no maintainers")
    owners = codeowners(facts)
    if facts.recent_authors is None and owners is None:
        return unknown("the repository's commit authors and code owners are not known")
    authors = {a.key.casefold() for a in facts.recent_authors or [] if not a.is_bot and a.commits > 0}
    seen = {n for n in names if n.casefold() in authors or n.casefold() in (owners or set())}
    missing = [n for n in names if n not in seen]
    evidence = [Evidence("maintainers", listing(names))]
    if seen:
        evidence.append(Evidence("found in the repository", listing(sorted(seen))))
    if not missing:
        return Result(
            "pass", f"all {len(names)} maintainer(s) commit to or own code in the repository", evidence
        )
    return Result(
        "manual",
        f"{listing(missing)} did not commit in the last 12 months and {'is' if len(missing) == 1 else 'are'} "
        "not in CODEOWNERS — a reviewer checks their role",
        evidence,
    )


CHECKS = (homepage_answers, documentation_answers, tutorials_answer, maintainers_have_a_role)
