"""`ecosystem-bot validate PATH... [--base REF] [--format text|json|github]`

Validates catalog entries the way a pull-request review does. Exit status: 0 when no entry
has an error (warnings and notes are allowed), 1 when one has, 2 when the command cannot run
(unknown ref, not a git checkout, missing path).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import yaml

from bot.catalog import catalog_format
from bot.catalog.change import matches
from bot.catalog.entry import Entry, Problem
from bot.catalog.settings import FORMATS, CatalogSettings, load_settings
from bot.catalog.workspace import (
    Workspace,
    WorkspaceError,
    catalog_root,
    expand,
    from_disk,
    from_git,
    git_root,
    relative,
)
from bot.config import DEFAULT_CONFIG_PATH, DEFAULT_POLICY
from bot.policies.loader import PolicyError, load_policy
from bot.policies.model import Policy
from bot.report.problems import RENDERERS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="entry files or folders")
    parser.add_argument(
        "--base", metavar="REF", help="validate only entries added or changed since REF (git)"
    )
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text", help="output format")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help=f"the catalog's top folder (default: nearest folder with {DEFAULT_CONFIG_PATH})",
    )
    parser.add_argument(
        "--config", metavar="FILE", help=f"catalog configuration (default: {DEFAULT_CONFIG_PATH} if present)"
    )
    parser.add_argument("--catalog-format", choices=FORMATS, help="entry format (default: from the config)")
    parser.add_argument(
        "--categories",
        metavar="IDS",
        help="comma-separated category ids to accept (default: the policy's categories)",
    )
    parser.add_argument(
        "--policy",
        metavar="P",
        help=f"policy whose categories apply (default: the config's, else {DEFAULT_POLICY})",
    )
    parser.add_argument(
        "--multiple-categories",
        action="store_true",
        help="allow several categories per entry (default: as the policy says)",
    )


def execute(args: argparse.Namespace) -> int:
    try:
        entries, problems = validate(args)
    except WorkspaceError as error:
        print(f"ecosystem-bot validate: {error}", file=sys.stderr)
        return 2
    print(RENDERERS[args.format](entries, problems))
    return 1 if any(p.severity == "error" for p in problems) else 0


def validate(args: argparse.Namespace) -> tuple[list[Entry], list[Problem]]:
    root = Path(args.root).resolve() if args.root else catalog_root(Path.cwd(), DEFAULT_CONFIG_PATH)
    if args.base and git_root(root) is None:
        raise WorkspaceError("--base needs a git checkout; run it inside the catalog repository")
    settings, problems = read_settings(root, args)
    categories = [c.strip() for c in (args.categories or "").split(",") if c.strip()]
    multiple = bool(args.multiple_categories)
    if not categories:
        policy = read_policy(args.policy or configured_policy(root, args))
        categories, multiple = policy.category_values(settings.format), multiple or policy.multiple_categories
    fmt = catalog_format(settings, categories, multiple)
    paths = expand(root, args.paths, fmt.owns)
    extra = tuple(p for p in paths if not fmt.owns(p))
    if extra:  # files named on the command line are validated even outside `catalog.paths`
        settings = replace(settings, paths=settings.paths + extra)
        fmt = catalog_format(settings, categories, multiple)
    if args.base:
        pathspecs = [relative(root, p) for p in args.paths]
        workspace: Workspace = from_git(root, args.base, pathspecs, fmt.owns, settings.logos_dir)
    else:
        workspace = from_disk(root, paths, fmt.owns, settings.logos_dir)
    changes = [c for c in workspace.changes if fmt.owns(c.path)]
    entries = fmt.entries(changes, workspace.context, workspace.head_paths)
    for entry in entries:
        problems.extend(entry.problems)
    return entries, problems


def read_settings(root: Path, args: argparse.Namespace) -> tuple[CatalogSettings, list[Problem]]:
    config = Path(args.config) if args.config else root / DEFAULT_CONFIG_PATH
    settings, problems = CatalogSettings(), list[Problem]()
    if config.is_file():
        settings, problems = load_settings(config.read_bytes(), args.config or DEFAULT_CONFIG_PATH)
    elif args.config:
        raise WorkspaceError(f"{args.config}: no such file")
    chosen = args.catalog_format or (None if config.is_file() else guess_format(args.paths))
    if chosen and chosen != settings.format:
        base = CatalogSettings.for_format(chosen)
        settings = replace(base, allowed_hosts=settings.allowed_hosts, max_bytes=settings.max_bytes)
    return settings, problems


def configured_policy(root: Path, args: argparse.Namespace) -> str:
    config = Path(args.config) if args.config else root / DEFAULT_CONFIG_PATH
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None  # load_settings reports what is wrong with the file
    policy = data.get("policy") if isinstance(data, dict) else None
    return policy if isinstance(policy, str) and policy.strip() else DEFAULT_POLICY


def read_policy(name: str) -> Policy:
    try:
        return load_policy(name)
    except PolicyError as error:
        raise WorkspaceError(f"policy {name!r}: {error}") from None


def guess_format(paths: list[str]) -> str | None:
    """Without a config: `landscape.yml` means landscape, Markdown files mean front matter."""
    names = [Path(p).name for p in paths]
    if any(matches(n, ("landscape.yml", "landscape.yaml")) for n in names):
        return "landscape"
    if names and all(n.endswith((".md", ".markdown")) for n in names):
        return "front-matter"
    return None
