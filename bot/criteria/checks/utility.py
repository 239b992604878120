"""Clear utility: the README explains what the project is, how to install it and how to use it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.criteria import links
from bot.criteria.declare import check
from bot.criteria.model import Evidence, Result
from bot.criteria.readers.project_commands import ProjectCommands
from bot.criteria.readers.readme_outline import ReadmeOutline
from bot.criteria.readme import INSTALL_COMMAND, INSTALL_HEADING, RELEASE_WORDS, USAGE_HEADING, Heading
from bot.criteria.results import listing, missing_fact, plural
from bot.criteria.usage import UsageExample, usage_example
from bot.facts.model import RepoFacts

FAMILY = "utility"


def usage_examples(readme: ReadmeOutline, commands: ProjectCommands) -> list[UsageExample]:
    """The README's code blocks that show the project in use (Python, or its command line)."""
    found = (usage_example(block, commands) for block in readme.outline.code_blocks)
    return [example for example in found if example is not None]


def only_links_elsewhere(readme: ReadmeOutline, heading: Heading) -> int:
    """How many links the section under `heading` gives when it shows no code (0: not such a section)."""
    section = readme.outline.section_of(heading)
    if section is None:
        return 0
    _, code, found = readme.outline.in_section(section)
    return 0 if code else len([link for link in found if not link.url.startswith("#")])


@check(
    "UTIL-001",
    "README introduces the project",
    FAMILY,
    inputs=("readme_outline",),
    defaults={"min_intro_words": 8},
)
def readme_introduction(facts: RepoFacts, params: Mapping[str, Any], readme_outline: ReadmeOutline) -> Result:
    """The README starts with an introduction of at least `min_intro_words` words of prose (before
    the first section, or in an About/Overview/Introduction section): what the project does, for
    whom, and how it relates to PyTorch. Badges, images and code do not count. The bar is one plain
    sentence: a long-standing project's one-line tagline ("A scikit-learn compatible neural network
    library that wraps PyTorch.") introduces it well; whether the value is clear is a reviewer's
    call (UTIL-006), not a word count.

    How to fix: start the README with a short paragraph that says what the project does and why to
    use it."""
    path, parts = readme_outline.path, readme_outline.outline
    words = parts.intro_words()
    minimum = int(params["min_intro_words"])
    evidence = [Evidence("introduction", parts.intro_excerpt() or "(none)", links.blob_url(facts, path))]
    if len(words) >= minimum:
        return Result("pass", f"README has an introduction ({len(words)} words)", evidence)
    return Result(
        "warn" if words else "fail",
        f"README introduction has {plural(len(words), 'word')} (at least {minimum} expected)",
        evidence,
    )


@check("UTIL-002", "README shows how to install", FAMILY, inputs=("readme_outline",))
def readme_install(facts: RepoFacts, params: Mapping[str, Any], readme_outline: ReadmeOutline) -> Result:
    """The README shows an install command (`pip install …`, `conda install …`, `uv add …`) or at
    least has an Installation section.

    How to fix: add an Installation section with the exact command, e.g. `pip install your-package`."""
    path, parts = readme_outline.path, readme_outline.outline
    commands = parts.lines_matching(INSTALL_COMMAND)
    if commands:
        line, text = commands[0]
        return Result(
            "pass",
            f"install command in {path}: `{text}`",
            [Evidence("install command", text, links.blob_url(facts, path, line))],
        )
    headings = parts.headings_matching(INSTALL_HEADING)
    if headings:
        heading = headings[0]
        return Result(
            "warn",
            f"section '{heading.text}' but no install command in {path}",
            [Evidence("section", heading.text, links.blob_url(facts, path, heading.line))],
            fix=f"Put the install command in the section '{heading.text}'.",
        )
    return Result("fail", f"no install instructions in {path}")


@check("UTIL-003", "README shows how to use it", FAMILY, inputs=("readme_outline", "project_commands"))
def readme_usage(
    facts: RepoFacts,
    params: Mapping[str, Any],
    readme_outline: ReadmeOutline,
    project_commands: ProjectCommands,
) -> Result:
    """The README has a usage example, a code block showing the project in use: Python that calls
    or imports something (also inside a `diff` or a `>>>` console session), or the project's own
    command line (`tool --flag …` where `tool` is the project's command or package name, `python
    script.py …`, `python -m package …`). Install commands alone are not usage. A Usage / Quick start
    / Get started / Examples section without an example (for instance one that only links
    elsewhere) is a warning. Whether the example is good is for a reviewer; this check only finds it.

    How to fix: add a short Python example (or the command line, for a command-line tool) under a
    "Quick start" heading."""
    path, parts = readme_outline.path, readme_outline.outline
    examples = usage_examples(readme_outline, project_commands)
    python = [example for example in examples if example.kind == "python"]
    if examples:
        first = (python or examples)[0]
        what = "a Python usage example" if python else "its command line in use"
        return Result(
            "pass",
            f"README shows {what} ({plural(len(python or examples), 'code block')})",
            [Evidence("example", first.text, links.blob_url(facts, path, first.line))],
        )
    headings = parts.headings_matching(USAGE_HEADING)
    if headings:
        heading = headings[0]
        pointers = only_links_elsewhere(readme_outline, heading)
        shown = f"only links elsewhere ({plural(pointers, 'link')})" if pointers else "shows no usage example"
        return Result(
            "warn",
            f"section '{heading.text}' in {path} {shown}",
            [Evidence("section", heading.text, links.blob_url(facts, path, heading.line))],
            fix=f"Put a short example in the section '{heading.text}' itself: a few lines of Python "
            "(imports and a call), or the command line of a command-line tool.",
        )
    return Result("fail", f"no usage example in {path}")


@check("UTIL-004", "Repository description", FAMILY, defaults={"min_length": 10})
def description(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The GitHub repository has a description (the "About" text) of at least `min_length` characters.

    How to fix: set a one-line description in the repository's About settings."""
    text = facts.description
    evidence = [Evidence("description", text or "(empty)", links.repository_page(facts))]
    if text is None:
        if facts.sources.get("description") == "git" or not links.repository_url(facts):
            return missing_fact(facts, "description", "a local checkout has no GitHub description")
        return missing_fact(facts, "description", "the repository description could not be read")
    minimum = int(params["min_length"])
    if len(text.strip()) >= minimum:
        return Result("pass", f"description: {text.strip()[:100]}", evidence)
    if text.strip():
        return Result(
            "warn",
            f"description is short ({len(text.strip())} characters)",
            evidence,
            fix="Make the repository description say what the project does.",
        )
    return Result(
        "fail",
        "the repository has no description",
        evidence,
    )


@check("UTIL-005", "Repository topics", FAMILY, defaults={"min_topics": 1})
def topics(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The repository has at least `min_topics` GitHub topics (e.g. `pytorch`, `deep-learning`), which
    help users find it.

    How to fix: add topics such as `pytorch` in the repository's About settings."""
    if facts.topics is None:
        return missing_fact(facts, "topics", "the repository topics could not be read")
    minimum = int(params["min_topics"])
    evidence = [Evidence("topics", ", ".join(facts.topics) or "(none)", links.repository_page(facts))]
    if len(facts.topics) >= minimum:
        return Result("pass", f"{plural(len(facts.topics), 'topic')}: {listing(facts.topics, 4)}", evidence)
    return Result(
        "warn" if facts.topics else "fail",
        f"{plural(len(facts.topics), 'topic')} (at least {minimum} expected)",
        evidence,
    )


@check("UTIL-006", "Value proposition is clear (reviewer)", FAMILY, inputs=("readme_outline",))
def value_proposition(facts: RepoFacts, params: Mapping[str, Any], readme_outline: ReadmeOutline) -> Result:
    """A reviewer judges whether the README makes clear where the project fits and what value it
    brings to PyTorch users. The evidence is the README's introduction."""
    path, parts = readme_outline.path, readme_outline.outline
    return Result(
        "manual",
        "a reviewer reads the README's introduction",
        [Evidence("introduction", parts.intro_excerpt() or "(none)", links.blob_url(facts, path))],
    )


@check("UTIL-007", "README explains releases", FAMILY, inputs=("readme_outline",))
def readme_releases(facts: RepoFacts, params: Mapping[str, Any], readme_outline: ReadmeOutline) -> Result:
    """The README describes the release methodology: how and when releases are made, versioning, or
    where the changelog is.

    How to fix: add a Releases section to the README: cadence, versioning and where the changelog is."""
    path, parts = readme_outline.path, readme_outline.outline
    headings = parts.headings_matching(RELEASE_WORDS)
    if headings:
        return Result(
            "pass",
            f"README section '{headings[0].text}'",
            [Evidence("section", headings[0].text, links.blob_url(facts, path, headings[0].line))],
        )
    lines = parts.lines_matching(RELEASE_WORDS)
    if lines:
        line, text = lines[0]
        return Result(
            "warn",
            "README mentions releases but has no section about them",
            [Evidence("mention", text[:120], links.blob_url(facts, path, line))],
        )
    return Result("fail", f"{path} says nothing about releases")


@check(
    "UTIL-008",
    "Quick start works (reviewer)",
    FAMILY,
    requires=("UTIL-003",),
    inputs=("readme_outline", "project_commands"),
)
def quick_start_works(
    facts: RepoFacts,
    params: Mapping[str, Any],
    readme_outline: ReadmeOutline,
    project_commands: ProjectCommands,
) -> Result:
    """A reviewer follows the README's install and quick start steps in a fresh environment and
    confirms they work with a current PyTorch. The evidence points at the steps found."""
    path, parts = readme_outline.path, readme_outline.outline
    evidence = [
        Evidence("install command", text, links.blob_url(facts, path, line))
        for line, text in parts.lines_matching(INSTALL_COMMAND)[:2]
    ]
    evidence += [
        Evidence("example", example.text, links.blob_url(facts, path, example.line))
        for example in usage_examples(readme_outline, project_commands)[:2]
    ]
    return Result("manual", "a reviewer runs the README's quick start", evidence)


CHECKS = (
    readme_introduction,
    readme_install,
    readme_usage,
    description,
    topics,
    value_proposition,
    readme_releases,
    quick_start_works,
)
