"""python -m tests.published: fetch and verify GitHub's pinned published schemas and examples."""

from __future__ import annotations

import sys

from tests.published.fetch import PINS, FetchError, fetch


def main() -> int:
    for pin in PINS:
        try:
            folder = fetch(pin)
        except FetchError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"{pin.name}@{pin.version} ok ({folder})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
