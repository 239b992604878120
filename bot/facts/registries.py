"""PyPI and conda-forge (anaconda.org) facts about a project's packages.

A 404 means the package does not exist (`exists=False`); any other failure (timeout,
5xx after one retry, malformed answer) leaves `exists=None` with the error, so a check reports
"could not check" rather than "missing".

The run's `now` applies here too: releases uploaded after it do not exist. When PyPI's latest
release is newer, the newest release uploaded by `now` (from `releases`) gives the version, its
files and its upload date; a package with no release by then does not exist yet. The descriptive
metadata (`info`: URLs, license, requirements) is PyPI's latest, the only one it serves in one call.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from bot.ca_bundle import environment_ca_bundle
from bot.facts.model import PackageFacts
from bot.facts.package_names import normalise_name
from bot.registry_urls import ANACONDA_URL, PYPI_URL

CONDA_CHANNEL = "conda-forge"

_TORCH = re.compile(r"^\s*torch(\s|[<>=!~;\[(]|$)", re.IGNORECASE)


_SESSIONS: dict[str, requests.Session] = {}
_SESSIONS_LOCK = threading.Lock()


POOL_SIZE = 32  # connections kept alive per registry host: as many as the audit's lookups in flight


def session_for(url: str) -> requests.Session:
    """One kept-alive session per registry host, shared by threads: an audit asks PyPI thousands of
    times over a few dozen connections instead of thousands.

    The environment (proxies and NO_PROXY, REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE, ~/.netrc) is read
    once, when the host's session is made, rather than by `requests` on every request (it walks the
    whole environment twice per request: a third of an audit's CPU per registry lookup)."""
    host = urlsplit(url).netloc
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(host)
        if session is None:
            session = _SESSIONS[host] = _session_from_environment(url)
        return session


def _session_from_environment(url: str) -> requests.Session:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=POOL_SIZE)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.proxies.update(requests.utils.get_environ_proxies(url))  # empty when NO_PROXY names the host
    bundle = environment_ca_bundle(os.environ)
    if bundle:
        session.verify = bundle
    session.auth = requests.utils.get_netrc_auth(url)
    session.trust_env = False
    return session


RETRY_STATUSES = frozenset({500, 502, 503, 504})
ATTEMPTS = 2  # one retry after a server error or a dropped connection (not after a timeout)
BACKOFF_S = 0.5


def get_json(session: requests.Session, url: str, timeout: float) -> tuple[int, Any]:
    """(HTTP status, JSON body or None) of a registry GET, retried on connection errors and 5xx."""
    for attempt in range(1, ATTEMPTS + 1):
        last = attempt == ATTEMPTS
        try:
            reply = session.get(url, timeout=timeout, headers={"Accept": "application/json"})
        except requests.Timeout:
            raise
        except requests.ConnectionError:
            if last:
                raise
            time.sleep(BACKOFF_S)
            continue
        if reply.status_code in RETRY_STATUSES and not last:
            time.sleep(BACKOFF_S)
            continue
        if reply.status_code != 200:
            return reply.status_code, None
        return 200, reply.json()
    raise AssertionError("unreachable")


def _unknown(registry: str, name: str, url: str, error: str) -> PackageFacts:
    return PackageFacts(registry=registry, name=name, exists=None, url=url, error=error)


def _requires_torch(requires_dist: list[Any]) -> bool:
    return any(isinstance(req, str) and _TORCH.match(req) for req in requires_dist)


def _license_classifiers(classifiers: list[Any]) -> list[str]:
    return [c for c in classifiers if isinstance(c, str) and c.startswith("License ::")]


def pypi_facts_from_json(name: str, page_url: str, data: dict[str, Any]) -> PackageFacts:
    """Facts from PyPI's JSON API answer (`info` and `urls`, the files of the latest release)."""
    raw_info = data.get("info")
    info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
    files = [f for f in data.get("urls") or [] if isinstance(f, dict)]
    uploads = [str(f["upload_time_iso_8601"]) for f in files if f.get("upload_time_iso_8601")]
    raw_urls = info.get("project_urls")
    project_urls: dict[str, Any] = dict(raw_urls) if isinstance(raw_urls, dict) else {}
    home_page = info.get("home_page")
    if isinstance(home_page, str) and home_page.strip() and home_page not in project_urls.values():
        project_urls["home_page"] = home_page.strip()  # the older metadata field links back just as well
    return PackageFacts(
        registry="pypi",
        name=str(info.get("name") or name),
        exists=True,
        url=page_url,
        version=str(info["version"]) if info.get("version") else None,
        last_upload=max(uploads) if uploads else None,
        has_wheel=any(f.get("packagetype") == "bdist_wheel" for f in files),
        has_sdist=any(f.get("packagetype") == "sdist" for f in files),
        yanked=bool(files) and all(bool(f.get("yanked")) for f in files),
        requires_torch=_requires_torch(list(info.get("requires_dist") or [])),
        license_expression=info.get("license_expression") or None,
        license_classifiers=_license_classifiers(list(info.get("classifiers") or [])),
        project_urls={str(k): str(v) for k, v in project_urls.items() if isinstance(v, str)},
    )


def _upload_times(files: list[Any]) -> list[datetime]:
    times = []
    for item in files:
        text = item.get("upload_time_iso_8601") if isinstance(item, dict) else None
        try:
            times.append(datetime.fromisoformat(str(text).replace("Z", "+00:00")))
        except ValueError:
            continue
    return times


def as_of(package: PackageFacts, data: dict[str, Any], now: datetime) -> PackageFacts:
    """The package as it was at `now`: releases uploaded later do not exist yet."""
    latest = package.last_upload
    if latest is None or datetime.fromisoformat(latest.replace("Z", "+00:00")) <= now:
        return package
    releases = data.get("releases") if isinstance(data.get("releases"), dict) else {}
    dated = []
    for version, files in (releases or {}).items():
        usable = [f for f in files or [] if isinstance(f, dict) and not f.get("yanked")]
        times = [t for t in _upload_times(usable) if t <= now]
        if times:
            dated.append((max(times), str(version), usable))
    if not dated:
        return replace(
            package,
            exists=False,
            error=f"{package.name} has no release on PyPI before {now.date().isoformat()}",
        )
    when, version, files = max(dated, key=lambda item: item[0])
    return replace(
        package,
        version=version,
        last_upload=when.isoformat().replace("+00:00", "Z"),
        has_wheel=any(f.get("packagetype") == "bdist_wheel" for f in files),
        has_sdist=any(f.get("packagetype") == "sdist" for f in files),
        yanked=False,
    )


def fetch_pypi(
    name: str, base_url: str = PYPI_URL, *, timeout: float = 10.0, now: datetime | None = None
) -> PackageFacts:
    """`GET {base_url}/{name}/json`, name normalised per PEP 503."""
    normal = normalise_name(name)
    page_url = f"https://pypi.org/project/{normal}/"
    url = f"{base_url.rstrip('/')}/{quote(normal)}/json"
    try:
        status, data = get_json(session_for(url), url, timeout)
    except (requests.RequestException, ValueError) as error:
        return _unknown("pypi", normal, page_url, f"PyPI did not answer for {normal}: {type(error).__name__}")
    if status == 404:
        return PackageFacts(registry="pypi", name=normal, exists=False, url=page_url)
    if status != 200 or not isinstance(data, dict):
        return _unknown("pypi", normal, page_url, f"PyPI answered HTTP {status} for {normal}")
    package = pypi_facts_from_json(normal, page_url, data)
    return as_of(package, data, now) if now is not None else package


def conda_facts_from_json(name: str, page_url: str, data: dict[str, Any]) -> PackageFacts:
    """Facts from anaconda.org's package answer (`latest_version`, `conda_platforms`, `files`)."""
    files = [f for f in data.get("files") or [] if isinstance(f, dict)]
    uploads = [str(f["upload_time"]) for f in files if f.get("upload_time")]
    platforms = data.get("conda_platforms") or []
    return PackageFacts(
        registry=CONDA_CHANNEL,
        name=str(data.get("name") or name),
        exists=True,
        url=page_url,
        version=str(data["latest_version"]) if data.get("latest_version") else None,
        last_upload=max(uploads) if uploads else None,
        license_expression=str(data["license"]) if data.get("license") else None,
        platforms=[str(p) for p in platforms if isinstance(p, str)],
    )


def fetch_conda(
    name: str, base_url: str = ANACONDA_URL, *, channel: str = CONDA_CHANNEL, timeout: float = 10.0
) -> PackageFacts:
    """`GET {base_url}/package/{channel}/{name}`."""
    page_url = f"https://anaconda.org/{channel}/{name}"
    url = f"{base_url.rstrip('/')}/package/{quote(channel)}/{quote(name)}"
    try:
        status, data = get_json(session_for(url), url, timeout)
    except (requests.RequestException, ValueError) as error:
        return _unknown(
            channel, name, page_url, f"anaconda.org did not answer for {name}: {type(error).__name__}"
        )
    if status == 404:
        return PackageFacts(registry=channel, name=name, exists=False, url=page_url)
    if status != 200 or not isinstance(data, dict):
        return _unknown(channel, name, page_url, f"anaconda.org answered HTTP {status} for {name}")
    return conda_facts_from_json(name, page_url, data)


def _repo_url_forms(repository_url: str) -> set[str]:
    base = repository_url.rstrip("/").lower().removesuffix(".git")
    return {base, base.replace("https://", "http://")}


def links_back(package: PackageFacts, repository_url: str) -> bool:
    """Whether any of the package's project URLs points at the repository (or a page inside it)."""
    wanted = _repo_url_forms(repository_url)
    for url in package.project_urls.values():
        clean = url.strip().lower().rstrip("/").removesuffix(".git")
        if any(clean == w or clean.startswith(w + "/") for w in wanted):
            return True
    return False
