"""What is where in the repository: root names, the recursive tree, fetched file texts."""

from __future__ import annotations

from bot.facts.model import FileText, RepoFacts


def root_names(facts: RepoFacts) -> list[str] | None:
    """Names in the repository root, from the root listing or the tree; None when unknown."""
    if facts.root_files is not None:
        return list(facts.root_files)
    if facts.tree is not None:
        return sorted({path.split("/", 1)[0] for path in facts.tree})
    return None


def file_text(facts: RepoFacts, path: str) -> str | None:
    """The text of a fetched file, or None when it was not fetched or is binary."""
    entry = facts.files.get(path)
    return entry.text if entry else None


def readme(facts: RepoFacts) -> FileText | None:
    """The README the facts hold: the community file's path first, else a root README.*."""
    community = facts.community_files or {}
    preferred = community.get("README")
    if preferred and preferred in facts.files:
        return facts.files[preferred]
    candidates = sorted(
        (path for path in facts.files if "/" not in path and path.upper().startswith("README")),
        key=lambda path: (not path.upper().endswith(".MD"), path),
    )
    return facts.files[candidates[0]] if candidates else None


def readme_known_missing(facts: RepoFacts) -> bool:
    """True only when the root listing is known and has no README."""
    names = root_names(facts)
    community = facts.community_files
    if names is None:
        return False
    has_root_readme = any(name.upper().startswith("README") for name in names)
    return not has_root_readme and not (community and community.get("README"))
