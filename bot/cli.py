"""Command line: `python -m bot SUBCOMMAND` and the `ecosystem-bot` console script.

Each subcommand lives in its own module exposing `configure(parser)` and `execute(args) -> int`;
modules are imported only when their subcommand runs, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from bot import __version__

# name → (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("bot.commands.run", "run as the GitHub Action (reads GITHUB_* and INPUT_* variables)"),
    "validate": ("bot.commands.validate", "validate catalog entry files"),
    "vet": ("bot.commands.vet", "vet a repository against the policy's criteria"),
    "checks": ("bot.commands.checks", "print the checks reference of a policy"),
    "audit": ("bot.commands.audit", "re-review every entry of a catalog"),
    "demo": ("bot.commands.demo", "run a full review of the bundled example, offline"),
}


def build_parser(selected: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ecosystem-bot", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"ecosystem-bot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if name == selected:
            _command_module(module_name).configure(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    selected = next((a for a in args_list if a in COMMANDS), None)
    parser = build_parser(selected)
    args = parser.parse_args(args_list)
    if not args.command:
        parser.print_help()
        return 2
    module_name = COMMANDS[args.command][0]
    result: int = _command_module(module_name).execute(args)
    return result


def _command_module(name: str) -> Any:
    """The subcommand's module; the container image leaves out the demo (and the simulator it runs)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("bot."):
            raise
        raise SystemExit(
            f"ecosystem-bot: {error.name} is not part of this installation (the Action's image "
            "leaves out the demo and its GitHub simulator: run it from a checkout)"
        ) from None
