"""python -m bot.simulator --state FILE [--port N]: serve a state file until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence

from bot.simulator.fixture import FixtureError, load_file
from bot.simulator.server import Simulator


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.simulator", description=__doc__)
    parser.add_argument(
        "--state", required=True, help="YAML or JSON state file (README.md, section 'The GitHub simulator')"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default: a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every request")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        state = load_file(args.state)
    except FixtureError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    simulator = Simulator(state, host=args.host, port=args.port)
    simulator.latency = args.latency
    simulator.verbose = args.verbose
    try:
        simulator.start()
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    print(f"GitHub simulator at {simulator.url}", flush=True)
    print(f"  REST     {simulator.url}\n  GraphQL  {simulator.graphql_url}", flush=True)
    print(f"  PyPI     {simulator.pypi_url}\n  anaconda {simulator.anaconda_url}", flush=True)
    print("Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
