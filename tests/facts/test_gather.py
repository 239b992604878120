"""gather(): a source plus registries plus license resolution, against the simulator and local repos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.facts.gather import FactsRequest, TargetError, gather, parse_target
from bot.github import GitHubClient
from bot.simulator import Simulator
from tests.facts.git_repo import GitRepo
from tests.simulated import module_simulator

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

WORLD: dict[str, Any] = {
    "now": "2026-01-15T12:00:00Z",
    "tokens": {"bot-token": "bot"},
    "repositories": [
        {
            "name": "acme/dual",
            "license": "NOASSERTION",
            "commits": [
                {
                    "date": "now-3d",
                    "author": "ada",
                    "files": {"README.md": "# dual\n", "pyproject.toml": '[project]\nname = "dual-pkg"\n'},
                }
            ],
        },
        {
            "name": "acme/plain",
            "commits": [{"date": "now-3d", "author": "ada", "files": {"README.md": "# plain\n"}}],
        },
        {
            "name": "acme/recipe",
            "commits": [
                {
                    "date": "now-3d",
                    "author": "ada",
                    "files": {"README.md": "# recipe\n", "meta.yaml": "package:\n  name: recipe-pkg\n"},
                }
            ],
        },
    ],
    "pypi": {
        "dual-pkg": {
            "info": {
                "license_expression": "MIT OR Apache-2.0",
                "project_urls": {"Repository": "https://github.com/acme/dual"},
            },
            "urls": [{"packagetype": "bdist_wheel"}],
        },
        "claimed-pkg": {"info": {"license_expression": "BSD-3-Clause"}},
        "local-pkg": {"info": {"project_urls": {"Home": "https://example.org"}}},
        "apache-pkg": {"info": {"license_expression": "Apache-2.0"}},
        "classified-pkg": {"info": {"classifiers": ["License :: OSI Approved :: MIT License"]}},
        "apache-classified": {
            "info": {"classifiers": ["License :: OSI Approved :: Apache Software License"]}
        },
        "bsd-classified": {"info": {"classifiers": ["License :: OSI Approved :: BSD License"]}},
    },
    "conda": {
        "conda-forge": {"dual-pkg": {"latest_version": "1.0"}, "recipe-pkg": {"latest_version": "2.0"}}
    },
}


sim = module_simulator(WORLD)


@pytest.fixture
def client(sim: Simulator) -> GitHubClient:
    sim.clear_requests()
    sim.set_latency(0.0, "POST /graphql")
    return GitHubClient("bot-token", sim.url, sim.graphql_url)


def request(sim: Simulator, slug: str, **kwargs: Any) -> FactsRequest:
    return FactsRequest(slug=slug, pypi_url=sim.pypi_url, anaconda_url=sim.anaconda_url, **kwargs)


def test_noassertion_resolved_through_pypi_and_package_found_from_pyproject(
    sim: Simulator, client: GitHubClient
) -> None:
    facts = gather(client, request(sim, "acme/dual"), NOW)
    assert facts.package_names["pypi"] == "dual-pkg" and facts.package_names["pypi_from"] == "pyproject.toml"
    assert facts.pypi is not None and facts.pypi.exists and facts.pypi.links_back is True
    assert facts.conda is not None and facts.conda.exists
    assert facts.license is not None
    assert (facts.license.spdx, facts.license.tier, facts.license.source) == (
        "MIT OR Apache-2.0",
        "permissive",
        "pypi-license-expression",
    )
    assert facts.sources["license"] == "pypi-license-expression"


def test_claimed_package_is_asked_while_github_answers(sim: Simulator, client: GitHubClient) -> None:
    sim.set_latency(0.4, "POST /graphql")
    facts = gather(client, request(sim, "acme/dual", claims={"pip": "claimed-pkg"}), NOW)
    assert facts.pypi is not None and facts.pypi.name == "claimed-pkg"
    assert facts.claims == {"pip": "claimed-pkg"}
    order = [r.route for r in sim.requests]
    # the registry answer arrived before the slow GraphQL one: the two were in flight together
    assert order.index("GET /pypi/{name}/json") < order.index("POST /graphql")


def test_a_package_name_read_from_the_files_is_asked_for_while_the_rest_reads_are_in_flight(
    sim: Simulator, client: GitHubClient
) -> None:
    """No name claimed: PyPI and conda-forge are asked once the GraphQL answer (the files) is in, not
    after the slower REST reads of the same repository."""
    slow = ("GET /repos/{owner}/{repo}/dependency-graph/sbom", "GET /repos/{owner}/{repo}/git/trees/{sha}")
    for route in slow:
        sim.set_latency(0.4, route)
    try:
        facts = gather(client, request(sim, "acme/dual"), NOW)
    finally:
        for route in slow:
            sim.set_latency(0.0, route)
    assert facts.package_names["pypi_from"] == "pyproject.toml"
    assert facts.pypi is not None and facts.pypi.exists and facts.conda is not None and facts.conda.exists
    rest_answered = min(r.received_at + r.latency_s for r in sim.requests if r.route in slow)
    for registry in ("GET /pypi/{name}/json", "GET /anaconda/package/{channel}/{name}"):
        asked = next(r for r in sim.requests if r.route == registry)
        assert asked.received_at < rest_answered - 0.2


def test_no_package_name_in_the_files_means_no_registry_request(sim: Simulator, client: GitHubClient) -> None:
    facts = gather(client, request(sim, "acme/plain"), NOW)
    assert facts.available and facts.package_names == {}
    assert facts.pypi is None and facts.conda is None
    assert not [r for r in sim.requests if r.route.startswith(("GET /pypi", "GET /anaconda"))]


CONDA = "GET /anaconda/package/{channel}/{name}"


def test_a_claimed_pypi_name_has_conda_forge_asked_under_it_while_github_answers(
    sim: Simulator, client: GitHubClient
) -> None:
    """Only the PyPI name claimed: conda-forge's name is that one unless a recipe says otherwise, so
    it is asked at once, not after GitHub's answer."""
    sim.set_latency(0.4, "POST /graphql")
    facts = gather(client, request(sim, "acme/dual", claims={"pip": "Dual-Pkg"}), NOW)
    assert facts.package_names["conda"] == "dual-pkg" and facts.package_names["conda_from"].endswith(
        "(PyPI name)"
    )
    assert facts.conda is not None and facts.conda.exists and facts.conda.name == "dual-pkg"
    graphql = next(r for r in sim.requests if r.route == "POST /graphql")
    asked = [r for r in sim.requests if r.route == CONDA]
    assert len(asked) == 1 and asked[0].received_at < graphql.received_at + 0.2


def test_a_recipe_naming_another_package_is_looked_up_and_the_guess_goes_unused(
    sim: Simulator, client: GitHubClient
) -> None:
    facts = gather(client, request(sim, "acme/recipe", claims={"pip": "dual-pkg"}), NOW)
    assert facts.package_names["conda"] == "recipe-pkg" and facts.package_names["conda_from"] == "meta.yaml"
    assert facts.conda is not None and facts.conda.name == "recipe-pkg"
    assert facts.conda.exists and facts.conda.version == "2.0"
    assert len([r for r in sim.requests if r.route == CONDA]) == 2  # the guess, then the recipe's name


def test_no_client_for_a_github_target_says_so(sim: Simulator) -> None:
    facts = gather(None, request(sim, "acme/dual"), NOW)
    assert "GITHUB_TOKEN" in (facts.error or "")
    assert facts.stars is None and facts.license is not None and facts.license.tier == "unknown"


def test_local_checkout_with_registries(sim: Simulator, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "local")
    repo.write("pyproject.toml", '[project]\nname = "local-pkg"\nlicense = "MIT"\n')
    repo.write("LICENSE", "All rights reserved.\n")
    repo.commit(NOW - timedelta(days=1))
    facts = gather(None, request(sim, str(repo.path), path=str(repo.path)), NOW)
    assert facts.pypi is not None and facts.pypi.exists
    assert facts.pypi.links_back is None  # no GitHub URL to compare with
    assert facts.license is not None
    # the license file's text is not a known license: pyproject's "MIT" does not paper over it
    assert (facts.license.spdx, facts.license.tier, facts.license.source) == (None, "unknown", "license-file")
    assert "needs human review" in (facts.license.note or "")


def test_license_file_cross_checked_with_pypi(sim: Simulator, tmp_path: Path) -> None:
    terms = (Path("/usr/share/common-licenses") / "Apache-2.0").read_text()
    terms = terms[: terms.index("END OF TERMS AND CONDITIONS")] + "END OF TERMS AND CONDITIONS\n"
    notes = {}
    for package in ("apache-pkg", "classified-pkg", "apache-classified", "bsd-classified"):
        repo = GitRepo(tmp_path / package)
        repo.write("pyproject.toml", f'[project]\nname = "{package}"\n')
        repo.write("LICENSE", terms)
        repo.commit(NOW - timedelta(days=1))
        facts = gather(None, request(sim, str(repo.path), path=str(repo.path)), NOW)
        assert facts.license is not None
        assert (facts.license.spdx, facts.license.source) == ("Apache-2.0", "license-file")
        notes[package] = facts.license.note
    assert notes == {
        "apache-pkg": "the Apache-2.0 text without its optional appendix; "
        "PyPI apache-pkg agrees (license_expression: Apache-2.0)",
        "classified-pkg": "the Apache-2.0 text without its optional appendix; "
        "PyPI classified-pkg declares MIT (classifiers); the license file decides",
        "apache-classified": "the Apache-2.0 text without its optional appendix; "
        "PyPI apache-classified agrees (classifiers: Apache Software License (permissive))",
        "bsd-classified": "the Apache-2.0 text without its optional appendix; "
        "PyPI bsd-classified declares BSD License (permissive) (classifiers); the license file decides",
    }


def test_parse_target(tmp_path: Path) -> None:
    assert parse_target("skorch-dev/skorch") == ("skorch-dev/skorch", None)
    assert parse_target("https://github.com/skorch-dev/skorch/tree/master/docs") == (
        "skorch-dev/skorch",
        None,
    )
    assert parse_target(str(tmp_path)) == (str(tmp_path), str(tmp_path))
    with pytest.raises(TargetError, match="not OWNER/REPO"):
        parse_target("https://gitlab.com/a/b")
    with pytest.raises(TargetError, match="no repository given"):
        parse_target("  ")


def test_claimed_links_are_checked_alongside(sim: Simulator, client: GitHubClient) -> None:
    claims = {"homepage": "mailto:someone@example.org", "docs": [f"{sim.url}/no/such/page"], "pip": None}
    facts = gather(
        client, request(sim, "acme/dual", claims=claims, check_links=True, allow_private_links=True), NOW
    )
    assert {url: check.ok for url, check in facts.links.items()} == {f"{sim.url}/no/such/page": False}


def test_links_are_not_checked_unless_asked(sim: Simulator, client: GitHubClient) -> None:
    facts = gather(client, request(sim, "acme/dual", claims={"homepage": "https://example.org"}), NOW)
    assert facts.links == {}


def test_a_guessed_conda_name_that_misses_is_unknown_not_missing(
    sim: Simulator, client: GitHubClient
) -> None:
    facts = gather(client, request(sim, "acme/dual", claims={"pip": "claimed-pkg"}), NOW)
    # the conda name is only guessed from the claimed PyPI name, and conda-forge has no such package
    assert facts.conda is not None and facts.conda.exists is None
    assert "the PyPI name" in (facts.conda.error or "")
    claimed = gather(client, request(sim, "acme/dual", claims={"conda": "claimed-pkg"}), NOW)
    assert claimed.conda is not None and claimed.conda.exists is False
