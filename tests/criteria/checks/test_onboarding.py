from bot.facts.model import LinkCheck, PackageFacts
from tests.criteria.sample import blob, facts, files, run


def pypi(**changes):
    base = dict(
        registry="pypi", name="skorch", exists=True, url="https://pypi.org/project/skorch/", version="1.0"
    )
    base.update(changes)
    return PackageFacts(**base)


def conda(exists=True):
    return PackageFacts("conda-forge", "skorch", exists, url="https://anaconda.org/conda-forge/skorch")


def test_binary_install_from_wheel_or_conda():
    assert run("ONBOARD-001", facts(pypi=pypi(has_wheel=True))).summary == "wheel on PyPI (skorch 1.0)"
    assert run("ONBOARD-001", facts(pypi=pypi(exists=False), conda=conda())).status == "pass"


def test_binary_install_sdist_only_warns_and_absent_fails():
    assert run("ONBOARD-001", facts(pypi=pypi(has_wheel=False, has_sdist=True))).status == "warn"
    result = run("ONBOARD-001", facts(pypi=pypi(exists=False), conda=conda(False)))
    assert result.status == "fail"
    assert result.summary == "not found: pypi skorch, conda-forge skorch"


def test_binary_install_no_packaging_at_all_fails():
    result = run("ONBOARD-001", facts(root_files=["README.md", "train.py"]))
    assert result.status == "fail"
    assert result.summary.startswith("no package:")


def test_binary_install_unknown_when_registry_unreachable_or_no_name():
    unreachable = pypi(exists=None, error="PyPI timed out")
    result = run("ONBOARD-001", facts(pypi=unreachable))
    assert result.status == "unknown"
    assert result.summary == "could not check: PyPI timed out"
    assert run("ONBOARD-001", facts(root_files=["pyproject.toml"])).status == "unknown"


def test_pypi_wheel_states():
    assert run("ONBOARD-002", facts(pypi=pypi(has_wheel=True))).status == "pass"
    assert run("ONBOARD-002", facts(pypi=pypi(has_wheel=False))).status == "warn"
    assert run("ONBOARD-002", facts(pypi=pypi(has_wheel=True, yanked=True))).status == "warn"
    assert run("ONBOARD-002", facts(pypi=pypi(exists=False))).summary == "skorch is not on PyPI"
    assert run("ONBOARD-002", facts(pypi=pypi(has_wheel=None))).status == "unknown"
    assert run("ONBOARD-002", facts()).status == "unknown"


def test_conda_package_states():
    assert run("ONBOARD-003", facts(conda=conda())).status == "pass"
    assert run("ONBOARD-003", facts(conda=conda(False))).status == "fail"
    assert run("ONBOARD-003", facts(conda=conda(None))).status == "unknown"
    assert run("ONBOARD-003", facts()).status == "unknown"


def test_package_links_back_to_the_repository():
    urls = {
        "Homepage": "https://skorch.readthedocs.io",
        "Source": "https://www.github.com/Skorch-Dev/skorch.git",
    }
    result = run("ONBOARD-004", facts(pypi=pypi(project_urls=urls)))
    assert result.status == "pass"
    assert result.summary == "PyPI skorch links back (Source)"


def test_package_of_someone_else_fails():
    urls = {"Source": "https://github.com/someone/skorch-fork"}
    result = run("ONBOARD-004", facts(pypi=pypi(project_urls=urls)))
    assert result.status == "fail"
    assert result.summary == "PyPI skorch does not link to skorch-dev/skorch"
    assert run("ONBOARD-004", facts(pypi=pypi())).status == "warn"


def test_package_of_a_transferred_repository_belongs_to_it():
    urls = {"Homepage": "https://github.com/skorch-org/skorch"}
    readme = files(
        README_md="# skorch\n\n[![tests](https://github.com/skorch-org/skorch/actions/badge.svg)]\n"
    )
    moved = facts(pypi=pypi(project_urls=urls), files=readme, url="https://github.com/skorch-dev/skorch")
    result = run("ONBOARD-004", moved)
    assert result.status == "pass"
    assert result.summary == (
        "PyPI skorch links to skorch-org/skorch, where skorch-dev/skorch was transferred (the README links there too)"
    )
    # the same package links, but the README does not: an unrelated package with the same name
    unrelated = facts(pypi=pypi(project_urls=urls), files=files(README_md="# skorch\n"))
    assert run("ONBOARD-004", unrelated).status == "fail"
    # a README link to another repository with a longer name is not a link to the new home
    longer = files(README_md="see https://github.com/skorch-org/skorch-extras\n")
    assert run("ONBOARD-004", facts(pypi=pypi(project_urls=urls), files=longer)).status == "fail"


def test_a_local_checkout_is_named_by_its_origin_not_its_path():
    checkout = facts(
        repository="/home/ada/src/skorch",
        url="https://github.com/skorch-dev/skorch",
        pypi=pypi(project_urls={"Source": "https://github.com/other/thing"}),
    )
    assert run("ONBOARD-004", checkout).summary == "PyPI skorch does not link to skorch-dev/skorch"


def test_claimed_package_that_does_not_exist_fails():
    result = run("ONBOARD-004", facts(pypi=pypi(name="skorchh", exists=False), claims={"pip": "skorchh"}))
    assert result.status == "fail"
    assert result.summary == "the entry's package skorchh does not exist on PyPI"
    assert run("ONBOARD-004", facts(claims={"pip": "x"})).status == "unknown"
    assert run("ONBOARD-004", facts()).status == "skipped"


def test_documentation_site_folder_or_broken_link():
    site = "https://skorch.readthedocs.io"
    answering = facts(claims={"docs": site}, links={site: LinkCheck(site, True, 200)})
    assert run("ONBOARD-005", answering).summary == f"docs at {site}"
    assert run("ONBOARD-005", facts(root_files=["docs", "README.md"])).summary == "docs in docs/"
    broken = facts(claims={"docs": site}, links={site: LinkCheck(site, False, 404)}, root_files=["README.md"])
    assert run("ONBOARD-005", broken).status == "fail"
    broken_with_folder = facts(
        claims={"docs": site}, links={site: LinkCheck(site, False, 404)}, root_files=["docs"]
    )
    assert run("ONBOARD-005", broken_with_folder).status == "warn"


def test_documentation_missing_or_unknown():
    assert run("ONBOARD-005", facts(root_files=["README.md"])).status == "fail"
    assert run("ONBOARD-005", facts()).status == "unknown"
    repo_homepage = facts(homepage="https://github.com/skorch-dev/skorch", root_files=["README.md"])
    assert run("ONBOARD-005", repo_homepage).status == "fail"  # the repository itself is not docs


def test_tutorials_from_notebooks_folders_or_claims():
    result = run("ONBOARD-006", facts(tree=["notebooks/Basic_Usage.ipynb", "examples/mnist.py"]))
    assert result.status == "pass"
    assert result.summary == "tutorials: 1 notebook; examples/, notebooks/"
    assert (
        run("ONBOARD-006", facts(root_files=["README.md"], claims={"tutorials": ["https://x.org/t"]})).status
        == "pass"
    )


def test_tutorials_missing_or_unknown():
    result = run("ONBOARD-006", facts(tree=["README.md", "pkg/core.py"]))
    assert result.status == "fail"
    assert "notebooks/Basic_Usage.ipynb" in (result.fix or "")
    assert run("ONBOARD-006", facts()).status == "unknown"


DOCS_TREE = [
    "README.md",
    "docs/conf.py",
    "docs/index.rst",
    "docs/api.rst",
    "docs/installation.rst",
    "pkg/a.py",
]
PLAIN_LINKS = (
    "# thing\n\nThing does things.\n\n"
    "[![CI](https://github.com/o/thing/actions/workflows/examples.yml/badge.svg)]"
    "(https://github.com/o/thing/actions/workflows/examples.yml)\n\n"
    "Read the [docs](https://thing.readthedocs.io/en/latest/) or get it from "
    "[PyPI](https://pypi.org/project/thing). See [usage](#tutorials).\n"
)


def with_readme(text: str, tree: list[str] = DOCS_TREE):
    return facts(files=files(README_md=text), tree=tree)


def test_tutorials_linked_from_the_readme():
    colab = "Try the [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/o/thing/blob/main/intro.ipynb)\n"
    result = run("ONBOARD-006", with_readme(PLAIN_LINKS + "\n" + colab))
    assert result.status == "pass"
    assert result.summary == "tutorials: 1 tutorial link in README.md"
    assert (
        result.evidence[0].value == "https://colab.research.google.com/github/o/thing/blob/main/intro.ipynb"
    )
    assert result.evidence[0].url == blob("README.md", 9)
    for link in (
        '<a href="https://o.github.io/tutorials/">Tutorials</a>',  # a tutorials site, in HTML
        "[more](https://github.com/o/thing-examples)",  # a tutorials/examples repository
        "[walkthrough](https://medium.com/blog/tutorial-how-to-train-with-thing-123)",
        "[notebook](notebooks/intro.ipynb)",
        "Our [tutorials](https://thing.example.org/learn).",
    ):
        assert run("ONBOARD-006", with_readme(PLAIN_LINKS + "\n" + link + "\n")).status == "pass", link


def test_tutorial_pages_in_the_docs_count():
    pages = [*DOCS_TREE, "docs/source/examples/basic_usage.rst", "docs/source/examples/amp.rst"]
    result = run("ONBOARD-006", with_readme(PLAIN_LINKS, pages))
    assert result.status == "pass"
    assert result.summary == "tutorials: 2 tutorial or example pages in the docs"
    assert run("ONBOARD-006", with_readme(PLAIN_LINKS, [*DOCS_TREE, "docs/tutorial.md"])).status == "pass"


def test_docs_without_tutorials_and_links_without_notebooks_still_fail():
    result = run("ONBOARD-006", with_readme(PLAIN_LINKS))
    assert result.status == "fail"
    assert result.summary == "no tutorials or notebooks found"
    # an examples page outside the docs is not a docs tutorial (it is not a root examples/ folder either)
    assert run("ONBOARD-006", with_readme(PLAIN_LINKS, [*DOCS_TREE, "pkg/examples/x.rst"])).status == "fail"


def test_documentation_quality_is_manual_with_the_links_found():
    result = run("ONBOARD-007", facts(root_files=["docs"]))
    assert result.status == "manual"
    assert result.evidence[0].value == "docs/"
