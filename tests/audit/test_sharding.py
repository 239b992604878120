"""`--shard i/n` then `--merge`: the merged result equals the unsharded run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.simulator import Simulator
from tests.audit.conftest import run_cli
from tests.audit.world import default_fates, world

COMPARED = ("entries", "at_risk", "new_regressions", "recovered", "not_reached", "counts", "state", "policy")


def same_view(result: dict[str, Any]) -> dict[str, Any]:
    return {key: result[key] for key in COMPARED}


def test_merged_shards_equal_the_unsharded_run(catalog_90: Path, tmp_path: Path) -> None:
    with Simulator(world(default_fates(90))) as sim:
        common = ("--catalog", str(catalog_90), "--now", "2026-06-01", "--json")
        whole = run_cli(sim, *common)
        paths = []
        for index in (1, 2, 3):
            shard = run_cli(sim, *common, "--shard", f"{index}/3")
            assert shard.exit_code == 0, shard.stderr
            assert shard.json["shard"] == f"{index}/3"
            paths.append(tmp_path / f"shard{index}.json")
            paths[-1].write_text(shard.stdout, encoding="utf-8")
    sizes = [len(json.loads(p.read_text())["entries"]) for p in paths]
    assert sum(sizes) == 90 and all(size > 0 for size in sizes)
    merged = run_cli(None, "--merge", *map(str, paths), "--json")
    assert merged.exit_code == 0, merged.stderr
    assert whole.json["at_risk"]  # the comparison covers entries at risk, not only healthy ones
    assert same_view(merged.json) == same_view(whole.json)


def test_overlapping_shards_do_not_merge(catalog_90: Path, tmp_path: Path) -> None:
    with Simulator(world(default_fates(90))) as sim:
        shard = run_cli(sim, "--catalog", str(catalog_90), "--now", "2026-06-01", "--json", "--shard", "1/3")
    (tmp_path / "a.json").write_text(shard.stdout, encoding="utf-8")
    twice = run_cli(None, "--merge", str(tmp_path / "a.json"), str(tmp_path / "a.json"))
    assert twice.exit_code == 2 and "is in two results" in twice.stderr


def test_a_bad_shard_is_refused(catalog_90: Path) -> None:
    for bad in ("0/3", "4/3", "two/3"):
        run = run_cli(None, "--catalog", str(catalog_90), "--shard", bad)
        assert run.exit_code == 2 and "--shard" in run.stderr
