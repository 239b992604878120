"""Easy onboarding: binary installs (PyPI wheels, conda-forge), documentation, tutorials."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from bot.criteria import layout, links
from bot.criteria.declare import check
from bot.criteria.model import Evidence, Result
from bot.criteria.readers.readme_outline import ReadmeOutline
from bot.criteria.readme import Link
from bot.criteria.results import listing, plural, unknown
from bot.facts.model import PackageFacts, RepoFacts

FAMILY = "onboarding"
PACKAGING_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
DOCS_FOLDERS = ("docs", "doc", "documentation", "website")
DOCS_CONFIGS = (".readthedocs.yml", ".readthedocs.yaml", "mkdocs.yml", "mkdocs.yaml", "docs/conf.py", "doc/conf.py",
                "docs/mkdocs.yml", "_config.yml", "book/_config.yml")  # fmt: skip
DOCS_URL_KEYS = re.compile(r"doc|manual|guide|wiki|reference", re.IGNORECASE)
TUTORIAL_DIRS = (
    "tutorials",
    "tutorial",
    "examples",
    "example",
    "notebooks",
    "demos",
    "demo",
    "recipes",
    "cookbook",
)
NOTEBOOK = re.compile(r"\.ipynb$", re.IGNORECASE)
NOTEBOOK_HOSTS = ("colab.research.google.com", "mybinder.org", "nbviewer.org", "nbviewer.jupyter.org")
TUTORIAL_WORD = re.compile(r"(?<![a-z])(tutorials?|notebooks?|cookbooks?)(?![a-z])", re.IGNORECASE)
TUTORIAL_REPOSITORY = re.compile(r"(?<![a-z])(tutorials?|examples?|notebooks?|cookbooks?)(?![a-z])")
DOC_PAGE_EXTENSIONS = (".rst", ".md", ".mdx", ".markdown", ".txt", ".ipynb", ".py", ".html", ".myst")


def repository_key(url: str) -> str | None:
    """`https://www.github.com/Owner/Repo.git/issues` → `github.com/owner/repo`."""
    parsed = urlparse(url.strip() if "://" in url else f"https://{url.strip()}")
    host = (parsed.hostname or "").removeprefix("www.")
    parts = [part for part in parsed.path.split("/") if part]
    if host != "github.com" or len(parts) < 2:
        return None
    return f"{host}/{parts[0]}/{parts[1].removesuffix('.git')}".lower()


def pypi_evidence(package: PackageFacts) -> Evidence:
    kinds = [
        kind for kind, present in (("wheel", package.has_wheel), ("sdist", package.has_sdist)) if present
    ]
    value = f"{package.name} {package.version or ''}".strip() + (f" ({', '.join(kinds)})" if kinds else "")
    return Evidence(package.registry, value, package.url)


def no_package_known(facts: RepoFacts) -> bool:
    """True when the root is listed, has no packaging file, and no package name is claimed."""
    names = layout.root_names(facts)
    claimed = facts.claims.get("pip") or facts.claims.get("conda") or facts.package_names
    return names is not None and not claimed and not any(name in names for name in PACKAGING_FILES)


@check("ONBOARD-001", "Binary install (pip or conda)", FAMILY)
def binary_install(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """Users can install the project as a binary package: a wheel on PyPI or a package on conda-forge.

    Why: installing from source is a hurdle most users will not take.
    How to fix: publish wheels to PyPI (e.g. with `python -m build` and trusted publishing) or add a
    conda-forge feedstock."""
    pypi, conda = facts.pypi, facts.conda
    evidence = [pypi_evidence(p) for p in (pypi, conda) if p is not None and p.exists]
    if pypi is not None and pypi.exists and pypi.has_wheel:
        return Result(
            "pass", f"wheel on PyPI ({pypi.name} {pypi.version or ''})".replace(" )", ")"), evidence
        )
    if conda is not None and conda.exists:
        return Result("pass", f"conda-forge package {conda.name}", evidence)
    if pypi is not None and pypi.exists and pypi.has_wheel is False:
        return Result(
            "warn",
            f"PyPI has {pypi.name} as source distribution only",
            evidence,
            fix="Publish wheels to PyPI so users need no build tools.",
        )
    if pypi is None and conda is None and no_package_known(facts):
        return Result(
            "fail",
            "no package: no pyproject.toml, setup.py or setup.cfg, and no package named in the entry",
            fix="Package the project and publish it to PyPI or conda-forge.",
        )
    unknown_sources = [p for p in (pypi, conda) if p is not None and p.exists is None]
    if (pypi is None and conda is None) or unknown_sources:
        reason = "; ".join(p.error or f"{p.registry} could not be asked" for p in unknown_sources)
        unreadable = facts.package_names.get("unreadable")  # a packaging file not readable safely
        return unknown(reason or unreadable or "no package name is known to look up")
    asked = [f"{p.registry} {p.name}" for p in (pypi, conda) if p is not None]
    return Result(
        "fail",
        f"not found: {listing(asked)}",
        fix="Publish the package to PyPI (with wheels) or conda-forge, or correct the package name in the entry.",
    )


@check("ONBOARD-002", "Wheel on PyPI", FAMILY)
def pypi_wheel(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The package's latest release on PyPI has a wheel (not only a source distribution) and is not yanked.

    How to fix: build and upload wheels (`python -m build`) with each release."""
    pypi = facts.pypi
    if pypi is None:
        if no_package_known(facts):
            return Result(
                "fail",
                "no Python package found to look up on PyPI",
                fix="Package the project and publish wheels to PyPI.",
            )
        return unknown("no PyPI package name is known")
    if pypi.exists is None:
        return unknown(pypi.error or f"PyPI could not be asked about {pypi.name}")
    if not pypi.exists:
        return Result(
            "fail",
            f"{pypi.name} is not on PyPI",
            [Evidence("PyPI", pypi.name)],
            fix="Publish the package on PyPI, or correct the package name in the entry.",
        )
    evidence = [pypi_evidence(pypi)]
    if pypi.yanked:
        return Result(
            "warn",
            f"the latest release of {pypi.name} on PyPI is yanked",
            evidence,
            fix="Publish a release that is not yanked.",
        )
    if pypi.has_wheel:
        return Result(
            "pass", f"wheel for {pypi.name} {pypi.version or ''} on PyPI".replace("  ", " "), evidence
        )
    if pypi.has_wheel is None:
        return unknown(f"the files of {pypi.name}'s latest release are not known", evidence=evidence)
    return Result("warn", f"{pypi.name} on PyPI has no wheel (source only)", evidence)


@check("ONBOARD-003", "conda-forge package", FAMILY)
def conda_package(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """A package for the project exists on conda-forge.

    How to fix: add a conda-forge feedstock: submit a recipe to conda-forge/staged-recipes (grayskull
    generates one from PyPI)."""
    conda = facts.conda
    if conda is None:
        return unknown("no conda package name is known")
    if conda.exists is None:
        return unknown(conda.error or f"anaconda.org could not be asked about {conda.name}")
    if conda.exists:
        return Result(
            "pass", f"conda-forge package {conda.name} {conda.version or ''}".strip(), [pypi_evidence(conda)]
        )
    return Result(
        "fail",
        f"{conda.name} is not on conda-forge",
        [Evidence("conda-forge", conda.name)],
    )


@check("ONBOARD-004", "Package belongs to the repository", FAMILY)
def package_links_back(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The PyPI package (the name the entry claims, or found in the packaging files) exists and its
    project URLs (or `home_page`) link back to this repository, so users install the right project.
    Links to a repository of the same name under another owner, which the README links too, mean
    the repository was transferred: the package is this project's, and the result says so.

    How to fix: add the repository URL to `[project.urls]` in pyproject.toml, e.g.
    `Source = "https://github.com/owner/repo"`, and publish a release."""
    pypi = facts.pypi
    claimed = facts.claims.get("pip")
    if pypi is None:
        if claimed:
            return unknown(f"the claimed package {claimed} was not looked up")
        return Result("skipped", "no PyPI package to compare")
    if pypi.exists is None:
        return unknown(pypi.error or f"PyPI could not be asked about {pypi.name}")
    if not pypi.exists:
        if claimed:
            return Result(
                "fail",
                f"the entry's package {claimed} does not exist on PyPI",
                [Evidence("entry claims", str(claimed))],
                fix="Correct the package name in the entry, or publish the package.",
            )
        return Result("skipped", f"{pypi.name} is not on PyPI")
    own = repository_key(facts.url) or repository_key(f"github.com/{facts.repository}")
    pointing = {label: url for label, url in pypi.project_urls.items() if repository_key(url) == own}
    evidence = [
        Evidence(f"PyPI project URL: {label}", url, url) for label, url in list(pypi.project_urls.items())[:6]
    ]
    if pointing:
        label = next(iter(pointing))
        return Result("pass", f"PyPI {pypi.name} links back ({label})", evidence)
    moved = transferred_to(facts, own)
    if moved is not None:
        return Result(
            "pass",
            f"PyPI {pypi.name} links to {moved}, where {links.repository_name(facts)} was transferred "
            "(the README links there too)",
            [*evidence, Evidence("README links", moved, f"https://github.com/{moved}")],
        )
    if not pypi.project_urls:
        return Result(
            "warn",
            f"PyPI {pypi.name} lists no project URLs",
            [pypi_evidence(pypi)],
        )
    return Result(
        "fail",
        f"PyPI {pypi.name} does not link to {links.repository_name(facts)}",
        evidence,
        fix="Make sure the entry names this project's package; add the repository to `[project.urls]`.",
    )


def transferred_to(facts: RepoFacts, own: str | None) -> str | None:
    """owner/name when the package links to a repository of the same name under another owner and
    the README links there too: the repository was transferred, the package is this project's."""
    if own is None or facts.pypi is None:
        return None
    name = own.rsplit("/", 1)[1]
    elsewhere = {key for key in map(repository_key, facts.pypi.project_urls.values()) if key and key != own}
    same_name = sorted(key for key in elsewhere if key.rsplit("/", 1)[1] == name)
    readme = readme_text(facts)
    for key in same_name:
        if re.search(rf"\b{re.escape(key)}(?![\w.-])", readme, re.IGNORECASE):
            return key.removeprefix("github.com/")
    return None


def readme_text(facts: RepoFacts) -> str:
    path = (facts.community_files or {}).get("README")
    found = facts.files.get(path) if path else None
    if found is None:
        found = next((f for name, f in facts.files.items() if name.upper().startswith("README")), None)
    return (found.text or "") if found else ""


def docs_links(facts: RepoFacts) -> list[tuple[str, str, bool | None]]:
    """(label, url, answers?) for documentation URLs from the entry, the homepage and PyPI."""
    found: list[tuple[str, str, bool | None]] = []
    claimed = facts.claims.get("docs") or facts.claims.get("documentation")
    if isinstance(claimed, str) and claimed:
        found.append(("entry docs", claimed, facts.links[claimed].ok if claimed in facts.links else None))
    if facts.pypi is not None:
        for label, url in facts.pypi.project_urls.items():
            if DOCS_URL_KEYS.search(label):
                found.append((f"PyPI {label}", url, facts.links[url].ok if url in facts.links else None))
    if facts.homepage and repository_key(facts.homepage) is None:
        found.append(
            (
                "homepage",
                facts.homepage,
                facts.links[facts.homepage].ok if facts.homepage in facts.links else None,
            )
        )
    return found


@check("ONBOARD-005", "Documentation", FAMILY)
def documentation(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The project has documentation beyond the README: a docs site (from the entry, the PyPI
    project URLs or the repository homepage) or a docs folder / docs build configuration
    (Sphinx `docs/conf.py`, MkDocs, Read the Docs).

    How to fix: publish documentation (Read the Docs or GitHub Pages) and link it from the entry."""
    sites = docs_links(facts)
    names = layout.root_names(facts)
    folders = [name for name in (names or []) if name.lower() in DOCS_FOLDERS]
    configs = [path for path in DOCS_CONFIGS if path in (facts.tree or names or [])]
    evidence = [Evidence(label, url, url) for label, url, _ in sites]
    evidence += [Evidence("docs folder", f"{name}/", links.tree_url(facts, name)) for name in folders]
    evidence += [Evidence("docs config", path, links.blob_url(facts, path)) for path in configs]
    answering = [url for _, url, ok in sites if ok]
    broken = [url for _, url, ok in sites if ok is False]
    if answering or (sites and not broken):
        return Result("pass", f"docs at {(answering or [sites[0][1]])[0]}", evidence)
    if folders or configs:
        extra = f"; {listing(broken, 2)} does not answer" if broken else ""
        return Result(
            "warn" if broken else "pass",
            f"docs in {listing([f'{name}/' for name in folders] + configs, 3)}{extra}",
            evidence,
            fix="Fix the documentation link." if broken else None,
        )
    if broken:
        return Result(
            "fail",
            f"documentation link does not answer: {broken[0]}",
            evidence,
            fix="Fix the documentation link, or add documentation to the repository.",
        )
    if names is None:
        return unknown("the repository root could not be listed and no docs link is known")
    return Result("fail", "no docs site, docs folder or docs configuration found")


def docs_tutorial_pages(facts: RepoFacts) -> list[str]:
    """Pages in a docs folder (at any depth) under a tutorials/examples/notebooks folder, or named so."""
    pages = []
    for path in facts.tree or []:
        parts = path.split("/")
        stem, dot, extension = parts[-1].lower().rpartition(".")
        if (
            len(parts) > 1
            and parts[0].lower() in DOCS_FOLDERS
            and dot
            and f".{extension}" in DOC_PAGE_EXTENSIONS
            and (stem in TUTORIAL_DIRS or any(part.lower() in TUTORIAL_DIRS for part in parts[1:-1]))
        ):
            pages.append(path)
    return pages


def is_tutorial_link(url: str, text: str) -> bool:
    """A notebook, a notebook service (Colab, Binder, nbviewer), a tutorials site or repository, or a
    link the README itself calls a tutorial."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.")
    segments = [segment.lower() for segment in parsed.path.split("/") if segment]
    if url.startswith("#"):
        return False
    if NOTEBOOK.search(parsed.path) or any(host == h or host.endswith(f".{h}") for h in NOTEBOOK_HOSTS):
        return True
    if host.startswith("colab.") and host.endswith(".google.com"):
        return True
    if TUTORIAL_WORD.search(host) or any(TUTORIAL_WORD.search(segment) for segment in segments):
        return True
    if any(segment in TUTORIAL_DIRS for segment in segments):
        return True
    if host == "github.com" and len(segments) >= 2 and TUTORIAL_REPOSITORY.search(segments[1]):
        return True
    return bool(TUTORIAL_WORD.search(text))


def readme_tutorial_links(readme: ReadmeOutline | None) -> tuple[str, list[Link]]:
    """(README path, its links to tutorials); ("", []) when there is no readable README."""
    if readme is None:
        return "", []
    found: dict[str, Link] = {}
    for link in readme.outline.links:
        if link.url not in found and is_tutorial_link(link.url, link.text):
            found[link.url] = link
    return readme.path, list(found.values())


@check("ONBOARD-006", "Tutorials or notebooks", FAMILY, optional_inputs=("readme_outline",))
def tutorials(facts: RepoFacts, params: Mapping[str, Any], readme_outline: ReadmeOutline | None) -> Result:
    """The project offers tutorials: Jupyter notebooks (`*.ipynb`) in the repository, a
    tutorials/examples/notebooks folder (in the root, or pages under `docs/**/tutorials/` or
    `docs/**/examples/`), README links to notebooks, Colab/Binder, a tutorials site or a tutorials
    repository, or tutorial links in the entry (`tutorials:`).

    How to fix: add at least one tutorial or notebook (for example `notebooks/Basic_Usage.ipynb`) or an
    `examples/` folder, link one from the README, or list one in `tutorials:` of the entry."""
    claimed = facts.claims.get("tutorials")
    claimed_urls = [claimed] if isinstance(claimed, str) else [str(u) for u in claimed or [] if u]
    evidence = [Evidence("entry tutorial", url, url) for url in claimed_urls[:3]]
    names = layout.root_names(facts)
    notebooks = sorted(path for path in facts.tree or [] if NOTEBOOK.search(path))
    folders = [name for name in names or [] if name.lower() in TUTORIAL_DIRS]
    pages = [path for path in docs_tutorial_pages(facts) if not NOTEBOOK.search(path)]
    readme_path, readme_links = readme_tutorial_links(readme_outline)
    evidence += [Evidence("notebook", path, links.blob_url(facts, path)) for path in notebooks[:3]]
    evidence += [Evidence("folder", f"{name}/", links.tree_url(facts, name)) for name in folders]
    evidence += [Evidence("docs page", path, links.blob_url(facts, path)) for path in pages[:3]]
    evidence += [
        Evidence(f"{readme_path} link", link.url, links.blob_url(facts, readme_path, link.line))
        for link in readme_links[:3]
    ]
    found = []
    if notebooks:
        found.append(plural(len(notebooks), "notebook"))
    if folders:
        found.append(listing(f"{name}/" for name in folders))
    if pages:
        found.append(f"{plural(len(pages), 'tutorial or example page')} in the docs")
    if readme_links:
        found.append(f"{plural(len(readme_links), 'tutorial link')} in {readme_path}")
    if claimed_urls:
        found.append(plural(len(claimed_urls), "tutorial link") + " in the entry")
    if found:
        return Result("pass", f"tutorials: {'; '.join(found)}", evidence)
    if names is None and facts.tree is None:
        return unknown("the repository's files could not be listed")
    return Result("fail", "no tutorials or notebooks found")


@check("ONBOARD-007", "Documentation quality (reviewer)", FAMILY, requires=("ONBOARD-005",))
def documentation_quality(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """A reviewer judges whether the documentation is complete and current enough for a new user:
    API reference, installation, a getting-started guide. The evidence lists what was found."""
    found = documentation.evaluate(facts, params)
    return Result("manual", "a reviewer reads the documentation", found.evidence)


CHECKS = (
    binary_install,
    pypi_wheel,
    conda_package,
    package_links_back,
    documentation,
    tutorials,
    documentation_quality,
)
