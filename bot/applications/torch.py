"""The latest two PyTorch releases, read from PyPI `torch` at run time (once per run).

"The latest two PyTorch releases" are the two newest stable minor series (e.g. 2.9 and 2.8),
each named by its newest patch release. Pre-releases and yanked-only versions do not count.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import requests
from packaging.version import InvalidVersion, Version

from bot.facts.registries import get_json, session_for
from bot.registry_urls import PYPI_URL


@dataclass(frozen=True)
class TorchReleases:
    latest: list[str] = field(default_factory=list)  # newest patch of each of the two newest minors
    series: list[str] = field(default_factory=list)  # "2.9", "2.8"
    source: str = ""  # the URL read
    error: str | None = None

    def describe(self) -> str:
        if self.error or not self.latest:
            return f"the latest PyTorch releases could not be read ({self.error or 'no stable release'})"
        return f"latest two PyTorch releases: {' and '.join(self.latest)} (PyPI torch)"


def latest_two(versions: list[str], yanked: Collection[str] = ()) -> tuple[list[str], list[str]]:
    stable: dict[tuple[int, int], Version] = {}
    for text in versions:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version.is_prerelease or version.is_devrelease or text in yanked:
            continue
        key = (version.major, version.minor)
        if key not in stable or version > stable[key]:
            stable[key] = version
    newest = sorted(stable, reverse=True)[:2]
    return [str(stable[key]) for key in newest], [f"{major}.{minor}" for major, minor in newest]


@cache
def torch_releases(pypi_url: str = PYPI_URL, timeout: float = 10.0) -> TorchReleases:
    """Read once per run (the process): every application review of the run shares the answer."""
    url = f"{pypi_url.rstrip('/')}/torch/json"
    try:
        status, data = get_json(session_for(url), url, timeout)  # the registries' kept-alive session
    except requests.RequestException as error:
        return TorchReleases(source=url, error=f"{type(error).__name__} reading {url}")
    if status != 200 or not isinstance(data, dict):
        return TorchReleases(source=url, error=f"PyPI answered HTTP {status}")
    releases: dict[str, Any] = data["releases"] if isinstance(data.get("releases"), dict) else {}
    yanked = {
        version
        for version, files in releases.items()
        if isinstance(files, list) and files and all(isinstance(f, dict) and f.get("yanked") for f in files)
    }
    versions = list(releases) or [str((data.get("info") or {}).get("version") or "")]
    latest, series = latest_two(versions, yanked)
    return TorchReleases(latest=latest, series=series, source=url)
