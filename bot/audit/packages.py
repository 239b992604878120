"""Registry facts for audited entries: PyPI and conda-forge, asked in parallel with a bound.

The same steps as a review's `gather` after GitHub has answered: package names from the entry's
claims or the repository's packaging files, the registries, then the license resolution. Unlike
a review, conda-forge is asked only for a name the entry or a conda recipe gives (a review also
tries the PyPI name, whose miss proves nothing): one registry request per entry, not two.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.config import Registries
from bot.facts.license_text import license_from_files
from bot.facts.licenses import resolve_license
from bot.facts.model import RepoFacts
from bot.facts.package_names import find_package_names
from bot.facts.registries import fetch_conda, fetch_pypi, links_back
from bot.facts.repo_files import license_files

REGISTRY_WORKERS = 32  # lookups in flight at once (registries.POOL_SIZE connections per host)


def complete_facts(facts: RepoFacts, claims: Mapping[str, Any], registries: Registries) -> RepoFacts:
    """Add package and license facts to GitHub facts (in place); returns `facts`."""
    facts.claims = dict(claims)
    if facts.available:
        names = find_package_names(facts, facts.claims)
        facts.package_names = names
        if "pypi" in names:
            facts.pypi = fetch_pypi(names["pypi"], registries.pypi_url)
            facts.sources["pypi"] = "pypi"
            if facts.pypi.exists and facts.url.startswith("https://github.com/"):
                facts.pypi.links_back = links_back(facts.pypi, facts.url)
        if "conda" in names and not names.get("conda_from", "").endswith("(PyPI name)"):
            # Only a conda name the entry or a recipe gives: a miss under a guessed name proves nothing.
            facts.conda = fetch_conda(names["conda"], registries.anaconda_url)
            facts.sources["conda"] = "conda"
    if facts.github_license == "NOASSERTION":  # GitHub's "other": match the file's text, already read
        texts = {path: facts.files[path].text or "" for path in license_files(facts.root_files or [])
                 if path in facts.files and facts.files[path].text is not None}  # fmt: skip
        facts.license = license_from_files(texts)
    facts.license = resolve_license(facts, {})
    facts.sources["license"] = facts.license.source
    return facts
