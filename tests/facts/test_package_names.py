"""Package names from the entry's claim or the repository's packaging files, parsed, never executed."""

from __future__ import annotations

from pathlib import Path

from bot.facts.model import FileText, RepoFacts
from bot.facts.package_names import find_package_names, normalise_name


def facts_with(files: dict[str, str]) -> RepoFacts:
    facts = RepoFacts(repository="o/r", url="https://github.com/o/r", now="2026-01-01T00:00:00Z")
    facts.files = {path: FileText(path, text) for path, text in files.items()}
    return facts


def test_pep_503_normalisation() -> None:
    assert normalise_name("Torch_Widget.Extra") == "torch-widget-extra"
    assert normalise_name("a--b__c") == "a-b-c"


def test_claims_win() -> None:
    facts = facts_with({"pyproject.toml": '[project]\nname = "from-file"\n'})
    names = find_package_names(facts, {"pip": "claimed", "conda": "claimed-conda"})
    assert names == {"pypi": "claimed", "pypi_from": "entry", "conda": "claimed-conda", "conda_from": "entry"}


def test_pyproject_project_name() -> None:
    names = find_package_names(facts_with({"pyproject.toml": '[project]\nname = "skorch"\n'}), {})
    assert (names["pypi"], names["pypi_from"]) == ("skorch", "pyproject.toml")
    assert (names["conda"], names["conda_from"]) == ("skorch", "pyproject.toml (PyPI name)")


def test_poetry_name() -> None:
    names = find_package_names(facts_with({"pyproject.toml": '[tool.poetry]\nname = "poetic"\n'}), {})
    assert names["pypi"] == "poetic"


def test_setup_cfg_when_pyproject_has_no_name() -> None:
    files = {
        "pyproject.toml": "[build-system]\nrequires = []\n",
        "setup.cfg": "[metadata]\nname = cfg-name\n",
    }
    names = find_package_names(facts_with(files), {})
    assert (names["pypi"], names["pypi_from"]) == ("cfg-name", "setup.cfg")


def test_setup_py_literal_and_constant() -> None:
    literal = "from setuptools import setup\nsetup(name='literal-name', version='1')\n"
    constant = "import setuptools\nNAME = 'const-name'\nsetuptools.setup(name=NAME)\n"
    assert find_package_names(facts_with({"setup.py": literal}), {})["pypi"] == "literal-name"
    assert find_package_names(facts_with({"setup.py": constant}), {})["pypi"] == "const-name"


def test_setup_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = f"open({str(marker)!r}, 'w').write('x')\nfrom setuptools import setup\nsetup(name='quiet')\n"
    assert find_package_names(facts_with({"setup.py": hostile}), {})["pypi"] == "quiet"
    assert not marker.exists()


def test_computed_setup_py_name_is_not_guessed() -> None:
    computed = "from setuptools import setup\nsetup(name='x' + suffix())\n"
    assert "pypi" not in find_package_names(facts_with({"setup.py": computed}), {})


def test_conda_recipe_with_jinja() -> None:
    recipe = '{% set version = "1.0" %}\npackage:\n  name: widget-conda\n  version: {{ version }}\n'
    names = find_package_names(facts_with({"conda/meta.yaml": recipe}), {})
    assert (names["conda"], names["conda_from"]) == ("widget-conda", "conda/meta.yaml")
    assert "pypi" not in names


def test_broken_files_and_bad_names_give_nothing() -> None:
    files = {
        "pyproject.toml": "[project\nname=",
        "setup.cfg": "not ini at all [",
        "setup.py": "def (:",
        "meta.yaml": "package: [unclosed",
    }
    names = find_package_names(facts_with(files), {})
    assert set(names) == {"unreadable"}  # no name, and the files that could not be read are named
    assert (
        "pyproject.toml: invalid TOML" in names["unreadable"]
        and "setup.py: invalid Python" in names["unreadable"]
    )
    assert find_package_names(facts_with({}), {"pip": "rm -rf /"}) == {}
