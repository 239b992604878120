"""Benchmark: find and validate the changed items of a 2,000-item landscape.yml.

Run: .venv/bin/python bench/bench_landscape.py [--items 2000] [--changed 5] [--repeat 5]

Generates a landscape with 4 categories × 10 subcategories × N/40 items, changes a few items
at the head (one edited, one added, one removed, the rest edited), then times the whole of
`Landscape.entries(...)`: parsing base and head, matching items, validating the changed ones,
duplicate checks against every item. Prints the best and median of the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalog import CatalogSettings, FileChange, catalog_format


def item(number: int) -> str:
    return (
        "          - item:\n"
        f"            name: Project {number}\n"
        f"            description: Project number {number} of the generated landscape, for the benchmark.\n"
        f"            homepage_url: https://project{number}.example.org\n"
        f"            logo: project{number}.svg\n"
        f"            repo_url: https://github.com/org{number % 97}/project-{number}\n"
        "            crunchbase: https://www.crunchbase.com/organization/pytorch\n"
        "            extra:\n"
        f"              accepted: '2024-{1 + number % 12:02d}-{1 + number % 28:02d}'\n"
    )


def landscape(items: int) -> tuple[str, int]:
    lines = ["landscape:\n"]
    per_sub = max(1, items // 40)
    number = 0
    for c in range(4):
        lines.append(f"  - category:\n    name: Category {c}\n    subcategories:\n")
        for s in range(10):
            lines.append(f"      - subcategory:\n        name: Subcategory {s}\n        items:\n")
            for _ in range(per_sub):
                lines.append(item(number))
                number += 1
    return "".join(lines), number


def change(text: str, count: int, total: int) -> str:
    step = total // (count + 1)
    for k in range(1, count - 1):
        n = k * step
        text = text.replace(f"https://project{n}.example.org", f"https://project{n}.example.com")
    removed = item(step * (count - 1))
    text = text.replace(removed, "")
    return text.replace(item(0), item(0) + item(total + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--changed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base_text, total = landscape(args.items)
    head_text = change(base_text, args.changed, total)
    base, head = base_text.encode(), head_text.encode()
    logos = [f"hosted_logos/project{n}.svg" for n in range(total + 2)]
    fmt = catalog_format(CatalogSettings.for_format("landscape"))
    changes = [FileChange("landscape.yml", "modified", head, base)]
    timings, cpu = [], []
    entries = []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        entries = fmt.entries(changes, {}, logos)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    kinds = {kind: sum(e.change == kind for e in entries) for kind in ("added", "changed", "removed")}
    problems = sum(len(e.problems) for e in entries)
    print(f"landscape.yml: {total} items, {len(base) / 1024:.0f} KiB ({base_text.count(chr(10))} lines)")
    print(f"entries found: {len(entries)} {kinds}, problems: {problems}")
    print(
        f"find + validate: wall best {min(timings) * 1000:.0f} ms, median {statistics.median(timings) * 1000:.0f} ms; "
        f"CPU best {min(cpu) * 1000:.0f} ms, median {statistics.median(cpu) * 1000:.0f} ms; over {args.repeat} runs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
