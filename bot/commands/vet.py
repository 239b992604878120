"""`ecosystem-bot vet OWNER/REPO | URL | PATH`: gather a project's facts and judge them against a policy.

Prints a readable checklist (coloured on a terminal), or with `--json` a report following
schemas/report.schema.json. Exit status: 0 passed or needs-work, 1 fail or invalid,
3 incomplete (some required check could not be checked), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from bot.applications.vet import read_rubric_inputs, speaks_rubric, vet_rubric
from bot.config import DEFAULT_POLICY
from bot.environment import Environment, github_token, parse_now
from bot.facts.gather import FactsRequest, TargetError, gather, parse_target
from bot.policies.loader import PolicyError, load_policy
from bot.registry_urls import ANACONDA_URL, PYPI_URL
from bot.report.json_report import vet_report
from bot.report.text import Painter, render_checklist, rubric_text
from bot.verdicts import evaluate_entry

EXIT_CODES = {"passed": 0, "needs-work": 0, "fail": 1, "invalid": 1, "incomplete": 3}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", help="OWNER/REPO, a GitHub repository URL, or the path of a local git checkout"
    )
    parser.add_argument(
        "--policy", default=DEFAULT_POLICY, help=f"policy preset or YAML file (default {DEFAULT_POLICY})"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON (schemas/report.schema.json)"
    )
    parser.add_argument(
        "--facts", action="store_true", help="print the gathered facts as JSON, not a verdict"
    )
    parser.add_argument("--now", help="judge as of the end of this day (YYYY-MM-DD, UTC); default: now")
    parser.add_argument(
        "--pip", help="the PyPI package the project claims (default: from pyproject/setup files)"
    )
    parser.add_argument("--conda", help="the conda-forge package the project claims")
    parser.add_argument("--license", dest="claimed_license", help="the license the project claims (SPDX)")
    parser.add_argument(
        "--check-links", action="store_true", help="check that claimed homepage/docs URLs answer"
    )
    parser.add_argument(
        "--pypi-url",
        default=os.environ.get("ECOSYSTEM_BOT_PYPI_URL", PYPI_URL),
        help="PyPI JSON API base URL",
    )
    parser.add_argument(
        "--anaconda-url",
        default=os.environ.get("ECOSYSTEM_BOT_ANACONDA_URL", ANACONDA_URL),
        help="anaconda.org API base URL",
    )


def claims_from(args: argparse.Namespace) -> dict[str, Any]:
    claims = {"pip": args.pip, "conda": args.conda, "license": args.claimed_license}
    return {key: value for key, value in claims.items() if value}


# ---- the command ---------------------------------------------------------------------------------------


def _fail(message: str, stream: TextIO) -> int:
    print(f"ecosystem-bot vet: {message}", file=stream)
    return 2


def execute(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    try:
        now = parse_now(args.now)
        target, path = parse_target(args.target)
        policy = load_policy(args.policy)
    except (ValueError, TargetError, PolicyError) as error:
        return _fail(str(error), err)
    token = github_token(os.environ)
    client = None if path is not None or not token else Environment.read(os.environ).github_client(token)
    if path is None and client is None:
        return _fail(
            "set GITHUB_TOKEN to vet a repository on GitHub (or give the path of a local checkout)", err
        )
    request = FactsRequest(
        slug=target,
        claims=claims_from(args),
        pypi_url=args.pypi_url,
        anaconda_url=args.anaconda_url,
        check_links=args.check_links,
        path=path,
    )
    facts = gather(client, request, now)
    if args.facts:
        json.dump(facts.to_json(), out, indent=2)
        out.write("\n")
        return 0
    # the Working Group's 19 rows and lean, for policies whose criteria have them (pytorch-tac-v1),
    # built as for an application issue and a catalog PR: the texts its rules read come before the verdict
    activity = read_rubric_inputs(client, facts, now) if speaks_rubric(policy) else None
    verdict = evaluate_entry(policy, facts, [], facts.renamed_to or target)
    rubric = vet_rubric(policy, facts, verdict, args.pypi_url, now, activity)
    if args.json:
        json.dump(vet_report(verdict, facts, rubric), out, indent=2)
        out.write("\n")
    else:
        paint = Painter(out.isatty() and not os.environ.get("NO_COLOR"))
        out.write(render_checklist(verdict, facts, paint))
        out.write(rubric_text(rubric) if rubric else "")
        if client is not None:
            print(f"\n{client.stats.summary()}", file=err)
    return EXIT_CODES.get(verdict.verdict, 1)
