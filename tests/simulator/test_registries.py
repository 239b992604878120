"""PyPI JSON and anaconda.org endpoints over the state."""

from __future__ import annotations

import requests


def test_pypi_project_and_missing_one(sim):
    body = requests.get(f"{sim.pypi_url}/torchwidget/json").json()
    assert body["info"]["version"] == "1.2.0" and body["info"]["license_expression"] == "MIT"
    assert body["urls"][0]["packagetype"] == "bdist_wheel" and body["urls"][0]["yanked"] is False
    assert body["urls"][0]["upload_time_iso_8601"] == "2025-12-16T12:00:00.000000Z"  # default: now-30d
    assert requests.get(f"{sim.pypi_url}/TorchWidget/json").status_code == 200  # PEP 503 names
    assert requests.get(f"{sim.pypi_url}/no-such-project/json").status_code == 404


def test_conda_package_and_missing_one(sim):
    body = requests.get(f"{sim.anaconda_url}/package/conda-forge/torchwidget").json()
    assert (body["latest_version"], body["conda_platforms"]) == ("1.2.0", ["noarch"])
    assert requests.get(f"{sim.anaconda_url}/package/conda-forge/nothing").status_code == 404
    assert requests.get(f"{sim.anaconda_url}/package/bioconda/torchwidget").status_code == 404


def test_registries_have_no_github_rate_limit_headers(sim):
    response = requests.get(f"{sim.pypi_url}/torchwidget/json")
    assert "x-ratelimit-remaining" not in response.headers
    assert sim.requests[-1].route == "GET /pypi/{name}/json"
