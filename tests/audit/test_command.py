"""`ecosystem-bot audit` on a generated 300-entry catalog against the simulator, run twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.simulator import Simulator
from tests.audit.conftest import run_cli
from tests.audit.world import default_fates, slug, world

EXPECTED_KINDS = {
    "healthy": set(),
    "renamed": {"moved"},
    "archived": {"archived"},
    "deleted": {"gone"},
    "relicensed": {"license"},
    "ci-red": {"ci-red"},
    "inactive": {"inactive"},
    "yanked": {"package-yanked"},
    "pypi-removed": set(),  # never seen on PyPI by an earlier audit: not a regression (issue 10)
}


def by_repository(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["repository"]: e for e in result["entries"]}


def kinds(entry: dict[str, Any]) -> set[str]:
    return {r["kind"] for r in entry["risks"]}


@pytest.fixture(scope="module")
def first_run(catalog_300: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    fates = default_fates(300)
    with Simulator(world(fates)) as sim:
        run = run_cli(sim, "--catalog", str(catalog_300), "--now", "2026-06-01", "--json")
        graphql = [r for r in sim.requests if r.route == "POST /graphql"]
        rest = [
            r for r in sim.requests if not r.route.startswith(("POST /graphql", "GET /pypi", "GET /anaconda"))
        ]
    assert run.exit_code == 0, run.stderr
    path = tmp_path_factory.mktemp("first") / "audit.json"
    path.write_text(run.stdout, encoding="utf-8")
    return {
        "fates": fates,
        "catalog": catalog_300,
        "result": run.json,
        "path": path,
        "graphql": len(graphql),
        "rest": len(rest),
    }


def test_every_kind_of_trouble_is_found_and_nothing_else(first_run: dict[str, Any]) -> None:
    entries = by_repository(first_run["result"])
    assert len(entries) == 300
    for index, fate in first_run["fates"].items():
        entry = entries[slug(index)]
        assert kinds(entry) == EXPECTED_KINDS[fate], (index, fate, entry)
        assert entry["status"] == ("ok" if not EXPECTED_KINDS[fate] else "at-risk")
        assert all(r["new"] and r["since"] == "2026-06-01" for r in entry["risks"])
        assert entry["deadline"] == (None if not EXPECTED_KINDS[fate] else "2026-07-01")  # TAC: 30 days


def test_details_name_the_new_url_and_the_refused_license(first_run: dict[str, Any]) -> None:
    entries = by_repository(first_run["result"])
    renamed = next(i for i, f in first_run["fates"].items() if f == "renamed")
    relicensed = next(i for i, f in first_run["fates"].items() if f == "relicensed")
    moved = entries[slug(renamed)]["risks"][0]["detail"]
    assert moved == f"now https://github.com/neworg/project-{renamed}"
    assert "GPL-3.0" in entries[slug(relicensed)]["risks"][0]["detail"]


def test_batches_of_twenty_and_no_rest_calls(first_run: dict[str, Any]) -> None:
    assert first_run["graphql"] == 15  # 300 entries / 20 per query
    assert first_run["rest"] == 0
    assert first_run["result"]["not_reached"] == [] and first_run["result"]["stopped"] is None


def test_second_run_shows_recoveries_and_new_regressions(first_run: dict[str, Any]) -> None:
    fates = dict(first_run["fates"])
    archived = [i for i, f in fates.items() if f == "archived"]
    healthy = [i for i, f in fates.items() if f == "healthy"]
    recovered, regressed = archived[0], healthy[0]
    removed = healthy[1]  # its package was on PyPI at the first run
    never = next(i for i, f in fates.items() if f == "pypi-removed")  # never on PyPI
    fates[recovered], fates[regressed], fates[removed] = "healthy", "ci-red", "pypi-removed"
    with Simulator(world(fates)) as sim:
        second = run_cli(
            sim,
            "--catalog",
            str(first_run["catalog"]),
            "--now",
            "2026-06-08",
            "--previous",
            str(first_run["path"]),
            "--json",
        )
    assert second.exit_code == 0, second.stderr
    result = second.json
    entries = by_repository(result)
    assert _listed(result, "recovered") == [slug(recovered)]
    assert entries[slug(recovered)]["status"] == "ok" and entries[slug(recovered)]["recovered"]
    assert _listed(result, "new_regressions") == sorted([slug(regressed), slug(removed)])
    assert kinds(entries[slug(removed)]) == {"package-removed"}
    assert kinds(entries[slug(never)]) == set()
    new = entries[slug(regressed)]["risks"][0]
    assert (new["kind"], new["since"], new["new"]) == ("ci-red", "2026-06-08", True)
    assert entries[slug(regressed)]["deadline"] == "2026-07-08"
    still = entries[slug(archived[1])]
    assert [(r["kind"], r["since"], r["new"]) for r in still["risks"]] == [("archived", "2026-06-01", False)]
    assert still["deadline"] == "2026-07-01"


def _listed(result: dict[str, Any], field: str) -> list[str]:
    """Repositories of the entries the result lists under `field` (a list of entry keys)."""
    return [e["repository"] for e in result["entries"] if e["key"] in set(result[field])]


def test_text_output_lists_entries_at_risk(catalog_90: Path) -> None:
    fates = {i: "healthy" for i in range(90)} | {7: "archived"}
    with Simulator(world(fates)) as sim:
        run = run_cli(sim, "--catalog", str(catalog_90), "--now", "2026-06-01")
    assert run.exit_code == 0, run.stderr
    assert "90 entries, 1 at risk, 1 new, 0 recovered" in run.stdout
    assert "at risk  Project 7 (org0/project-7): archived (new): archived on GitHub" in run.stdout
    assert "deadline 2026-07-01" in run.stdout
    assert run.stderr == ""  # no progress display when stderr is not a terminal


def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    assert "GITHUB_TOKEN" in run_cli(None, "--catalog", str(tmp_path)).stderr
    bad = run_cli(None, "--merge", str(tmp_path / "missing.json"))
    assert bad.exit_code == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr
    (tmp_path / "junk.json").write_text(json.dumps({"hello": 1}), encoding="utf-8")
    junk = run_cli(None, "--merge", str(tmp_path / "junk.json"))
    assert junk.exit_code == 2 and "not an audit result" in junk.stderr
    previous = run_cli(None, "--catalog", str(tmp_path), "--previous", str(tmp_path / "junk.json"))
    assert previous.exit_code == 2
