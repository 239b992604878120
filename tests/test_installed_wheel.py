"""The wheel, installed into a fresh virtual environment, runs: --version, validate, vet (issue 10).

Built from this checkout with `pip wheel`; installed without dependencies into a new venv whose
only view of the dependencies is the development venv's site-packages (a .pth line, which does
not run the editable install's hook). `bot` must then come from the wheel, with its data files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import __version__
from tests.facts.git_repo import GitRepo

ROOT = Path(__file__).resolve().parents[1]

ENTRY = """name: Tiny Torch Helper
repository: https://github.com/example/tiny-torch-helper
description: A small helper library that makes PyTorch training loops shorter.
category: core
license: MIT
install:
  pip: tiny-torch-helper
"""


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=300, cwd=cwd,
                          check=False)  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv holding the wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a clean copy: a stale build/ in the checkout must not fill the wheel
    ignore = shutil.ignore_patterns(".git", ".venv", ".cache", "build", "*.egg-info", "__pycache__", "tests")
    shutil.copytree(ROOT, source, ignore=ignore)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", source)
    assert built.returncode == 0, built.stderr
    [wheel] = (work / "dist").glob("ecosystem_bot-*.whl")
    venv.EnvBuilder(with_pip=False).create(work / "venv")
    python = work / "venv" / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    install = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel)
    assert install.returncode == 0, install.stderr
    return work / "venv" / "bin"


def test_the_wheel_carries_its_data_and_starts(installed: Path) -> None:
    code = "import bot.pull_request, bot; print(bot.__file__)"  # run outside the checkout: no ./bot
    where = _run(installed / "python", "-c", code, cwd=installed)
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip().startswith(str(installed.parent)), where.stdout  # from the wheel
    version = _run(installed / "ecosystem-bot", "--version")
    assert version.returncode == 0 and __version__ in version.stdout + version.stderr


def test_validate_and_vet_run_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "catalog").mkdir(parents=True)
    (catalog / "catalog" / "tiny.yml").write_text(ENTRY, encoding="utf-8")
    validate = _run(installed / "ecosystem-bot", "validate", "catalog", cwd=catalog)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "1 entry checked: 0 error(s)" in validate.stdout

    repo = GitRepo(tmp_path / "project")
    repo.write("README.md", "# Tiny\n\nA helper for PyTorch.\n")
    repo.write("LICENSE", "MIT License\n\nCopyright (c) 2026 Ada\n")
    repo.commit(datetime(2026, 1, 10, tzinfo=UTC))
    vet = _run(installed / "ecosystem-bot", "vet", repo.path, "--now", "2026-01-15",
               "--pypi-url", "http://127.0.0.1:9", "--anaconda-url", "http://127.0.0.1:9", cwd=tmp_path)  # fmt: skip
    assert vet.returncode in (0, 1, 3), vet.stdout + vet.stderr  # a verdict, whatever it is
    assert "Traceback" not in vet.stderr and "License" in vet.stdout
