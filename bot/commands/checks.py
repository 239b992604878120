"""`ecosystem-bot checks [--policy P] [--format markdown|text]`: print the checks reference.

docs/checks.md is `python -m bot checks --format markdown` (all bundled policies).
"""

from __future__ import annotations

import argparse
import sys

from bot.policies.loader import PolicyError, bundled_policies, load_policy
from bot.policies.reference import reference_markdown, reference_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy",
        action="append",
        metavar="P",
        help=f"a bundled policy ({', '.join(bundled_policies())}) or a policy YAML file; "
        "repeat for several (default: every bundled policy)",
    )
    parser.add_argument("--format", choices=("markdown", "text"), default="text", help="output format")


def execute(args: argparse.Namespace) -> int:
    try:
        policies = [load_policy(name) for name in args.policy or bundled_policies()]
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    render = reference_markdown if args.format == "markdown" else reference_text
    sys.stdout.write(render(policies))
    return 0
