"""PyPI and anaconda.org facts, read over HTTP from the simulator's registry routes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.facts.registries import fetch_conda, fetch_pypi, links_back
from bot.simulator import Simulator

WORLD: dict[str, Any] = {
    "pypi": {
        "Torch_Widget": {
            "info": {
                "version": "2.1.0",
                "license_expression": "Apache-2.0",
                "requires_dist": ["numpy>=1.20", "torch (>=2.0)", "torchvision; extra == 'vision'"],
                "classifiers": [
                    "License :: OSI Approved :: Apache Software License",
                    "Programming Language :: Python",
                ],
                "project_urls": {
                    "Source": "https://github.com/Widgets/torch-widget/",
                    "Docs": "https://docs.example",
                },
            },
            "urls": [
                {"packagetype": "sdist", "upload_time_iso_8601": "2025-11-01T10:00:00.000000Z"},
                {"packagetype": "bdist_wheel", "upload_time_iso_8601": "2025-11-02T10:00:00.000000Z"},
            ],
        },
        "old-style": {
            "info": {"home_page": "https://github.com/acme/old-style", "project_urls": None},
            "urls": [{"packagetype": "bdist_wheel"}],
        },
        "moving": {
            "info": {"version": "2.0"},
            "urls": [{"packagetype": "bdist_wheel", "upload_time_iso_8601": "2025-12-20T10:00:00.000000Z"}],
            "releases": {
                "1.0": [{"packagetype": "sdist", "upload_time_iso_8601": "2025-06-01T10:00:00.000000Z"}],
                "1.1": [
                    {"packagetype": "bdist_wheel", "upload_time_iso_8601": "2025-09-01T10:00:00.000000Z"},
                    {"packagetype": "sdist", "upload_time_iso_8601": "2025-09-01T10:00:00.000000Z"},
                ],
                "2.0": [
                    {"packagetype": "bdist_wheel", "upload_time_iso_8601": "2025-12-20T10:00:00.000000Z"}
                ],
            },
        },
        "sdist-only": {
            "info": {"requires_dist": ["torchmetrics"]},
            "urls": [{"packagetype": "sdist", "yanked": True}],
        },
    },
    "conda": {
        "conda-forge": {
            "torch-widget": {
                "latest_version": "2.0.0",
                "conda_platforms": ["linux-64", "osx-arm64"],
                "license": "MIT",
            }
        }
    },
}


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(WORLD) as simulator:
        simulator.timeout_delay = 2.0
        yield simulator


@pytest.fixture(autouse=True)
def clean(sim: Simulator) -> None:
    sim.clear_faults()


def test_pypi_project_with_wheels_and_torch(sim: Simulator) -> None:
    package = fetch_pypi("torch.widget", sim.pypi_url)  # PEP 503: torch.widget == Torch_Widget
    assert (package.exists, package.name, package.version) == (True, "Torch_Widget", "2.1.0")  # PyPI spelling
    assert (package.has_wheel, package.has_sdist, package.yanked) == (True, True, False)
    assert package.last_upload == "2025-11-02T10:00:00.000000Z"
    assert package.requires_torch is True
    assert package.license_expression == "Apache-2.0"
    assert package.license_classifiers == ["License :: OSI Approved :: Apache Software License"]
    assert package.url == "https://pypi.org/project/torch-widget/"
    assert links_back(package, "https://github.com/widgets/Torch-Widget")
    assert not links_back(package, "https://github.com/widgets/torch")


def test_torchmetrics_is_not_torch_and_yanked_files_are_reported(sim: Simulator) -> None:
    package = fetch_pypi("sdist-only", sim.pypi_url)
    assert (package.has_wheel, package.has_sdist, package.yanked, package.requires_torch) == (
        False,
        True,
        True,
        False,
    )


def test_home_page_links_back_like_project_urls(sim: Simulator) -> None:
    package = fetch_pypi("old-style", sim.pypi_url)
    assert package.project_urls == {"home_page": "https://github.com/acme/old-style"}
    assert links_back(package, "https://github.com/acme/old-style")
    assert not links_back(package, "https://github.com/other/old-style")


def test_releases_after_now_do_not_exist_yet(sim: Simulator) -> None:
    latest = fetch_pypi("moving", sim.pypi_url, now=datetime(2026, 1, 15, tzinfo=UTC))
    assert (latest.version, latest.last_upload) == ("2.0", "2025-12-20T10:00:00.000000Z")
    then = fetch_pypi("moving", sim.pypi_url, now=datetime(2025, 10, 1, tzinfo=UTC))
    assert (then.exists, then.version, then.last_upload) == (True, "1.1", "2025-09-01T10:00:00Z")
    assert (then.has_wheel, then.has_sdist) == (True, True)
    before = fetch_pypi("moving", sim.pypi_url, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert (before.exists, before.error) == (False, "moving has no release on PyPI before 2025-01-01")


def test_missing_pypi_project(sim: Simulator) -> None:
    package = fetch_pypi("no-such-thing", sim.pypi_url)
    assert (package.exists, package.error) == (False, None)


def test_one_server_error_is_retried(sim: Simulator) -> None:
    sim.inject("GET /pypi/{name}/json", "status", status=502)
    assert fetch_pypi("torch-widget", sim.pypi_url).exists is True


def test_pypi_outage_is_unknown_not_missing(sim: Simulator) -> None:
    sim.inject("GET /pypi/{name}/json", "status", status=503, times=2)
    package = fetch_pypi("torch-widget", sim.pypi_url)
    assert package.exists is None
    assert package.error == "PyPI answered HTTP 503 for torch-widget"


def test_pypi_timeout_is_unknown(sim: Simulator) -> None:
    sim.inject("GET /pypi/{name}/json", "timeout", delay=2.0)
    package = fetch_pypi("torch-widget", sim.pypi_url, timeout=0.3)
    assert package.exists is None
    assert "PyPI did not answer" in (package.error or "")


def test_malformed_pypi_answer_is_unknown(sim: Simulator) -> None:
    sim.inject("GET /pypi/{name}/json", "malformed-json")
    assert fetch_pypi("torch-widget", sim.pypi_url).exists is None


def test_conda_forge_package(sim: Simulator) -> None:
    package = fetch_conda("torch-widget", sim.anaconda_url)
    assert (package.exists, package.registry, package.version) == (True, "conda-forge", "2.0.0")
    assert package.platforms == ["linux-64", "osx-arm64"]
    assert package.url == "https://anaconda.org/conda-forge/torch-widget"


def test_missing_conda_package_and_outage(sim: Simulator) -> None:
    assert fetch_conda("nothing", sim.anaconda_url).exists is False
    sim.inject("GET /anaconda/package/{channel}/{name}", "status", status=500, times=2)
    outage = fetch_conda("torch-widget", sim.anaconda_url)
    assert (outage.exists, outage.error) == (None, "anaconda.org answered HTTP 500 for torch-widget")


def test_unreachable_registry_is_unknown() -> None:
    package = fetch_pypi("anything", "http://127.0.0.1:9/pypi", timeout=0.5)
    assert package.exists is None and "did not answer" in (package.error or "")


def _without_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_registry_lookups_go_through_the_proxy_the_environment_names(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment is read once per registry host (not on every request): it must still be read.
    _without_proxy_settings(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", sim.url)  # the simulator answers the proxied request
    package = fetch_pypi("Torch_Widget", "http://pypi.behind-a-proxy.invalid/pypi")
    assert package.exists is True and package.version == "2.1.0"
    assert sim.requests[-1].path == "http://pypi.behind-a-proxy.invalid/pypi/torch-widget/json"


def test_a_host_no_proxy_names_is_asked_directly(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    _without_proxy_settings(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", sim.url)
    monkeypatch.setenv("NO_PROXY", "pypi.direct.invalid")
    asked = len(sim.requests)
    package = fetch_pypi("Torch_Widget", "http://pypi.direct.invalid/pypi", timeout=2)
    assert package.exists is None and "did not answer" in (package.error or "")  # no such host, no proxy
    assert len(sim.requests) == asked
