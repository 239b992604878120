"""Fetch the pinned npm packages with `npm pack`, verify their sha512 integrity, extract them.

Cached in .cache/published/: a tarball whose hash matches is not fetched again, and an extraction
is redone only when its stamp does not name the pinned integrity.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "published"


@dataclass(frozen=True)
class Pin:
    name: str  # npm package name, e.g. "@octokit/graphql-schema"
    version: str
    integrity: str  # "sha512-<base64>" as `npm view NAME@VERSION dist.integrity` prints it

    @property
    def tarball(self) -> str:
        """The file name `npm pack` writes: scope and name joined by a dash."""
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"

    @property
    def folder(self) -> str:
        return self.name.lstrip("@").replace("/", "-")


PINS = (
    Pin(
        "@octokit/graphql-schema",
        "15.26.1",
        "sha512-RFDC2MpRBd4AxSRvUeBIVeBU7ojN/SxDfALUd7iVYOSeEK3gZaqR2MGOysj4Zh2xj2RY5fQAUT+Oqq7hWTraMA==",
    ),
    Pin(
        "@octokit/webhooks-schemas",
        "7.6.1",
        "sha512-qW0Bwtb76r4m2WzVhKDyfEeEnt1GEQoRjkCqmq2ZeB0nNVDJ+Z2LBDS9FDPyduuMXf/ZTWiCJp9PFFHgRfBe3A==",
    ),
    Pin(
        "@octokit/webhooks-examples",
        "7.6.1",
        "sha512-De6U3XB6O3DtCa7bKgCMzTHdeopqqZ6SNivMYJnK65ierKL1AnNIA0tkRYCRS7lwGT792d+Ps1WbfHlso6MynQ==",
    ),
    Pin(  # recorded real exchanges with api.github.com, replayed against the simulator
        "@octokit/fixtures",
        "23.1.2",
        "sha512-niG+SVffZ/xzojT3CE6M7DlqX7H9aQ75A6Xxjt4N47CkqssKXpSy2k6+Tj5ntcI5uWW2D9POzKxwJDmBfR+sJw==",
    ),
)


class FetchError(RuntimeError):
    """A package could not be fetched or did not match its pinned integrity."""


def integrity_of(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def _pin(name: str) -> Pin:
    for pin in PINS:
        if pin.name == name:
            return pin
    raise KeyError(f"{name} is not pinned; pinned: {', '.join(p.name for p in PINS)}")


def fetch(pin: Pin, cache: Path = CACHE) -> Path:
    """The extracted package folder of `pin`, fetching and verifying it if needed."""
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / pin.tarball
    folder = cache / pin.folder
    stamp = folder / ".integrity"
    if stamp.is_file() and stamp.read_text().strip() == pin.integrity and tarball.is_file():
        return folder / "package"
    if not tarball.is_file() or integrity_of(tarball) != pin.integrity:
        _npm_pack(pin, cache)
    actual = integrity_of(tarball)
    if actual != pin.integrity:
        tarball.unlink()
        raise FetchError(
            f"{pin.name}@{pin.version}: integrity {actual} does not match the pin {pin.integrity}"
        )
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    stamp.write_text(pin.integrity + "\n")
    return folder / "package"


def _npm_pack(pin: Pin, cache: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is not installed; it is needed once to fetch GitHub's published schemas")
    spec = f"{pin.name}@{pin.version}"
    result = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(cache), "--silent"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not (cache / pin.tarball).is_file():
        raise FetchError(f"npm pack {spec} failed: {result.stderr.strip() or result.stdout.strip()}")


def ensure_fetched() -> list[Path]:
    return [fetch(pin) for pin in PINS]


def package_dir(name: str) -> Path:
    """The extracted folder (containing package.json) of a pinned package, fetched when missing."""
    return fetch(_pin(name))
