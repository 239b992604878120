"""Which CA bundle HTTPS is verified against (bot.ca_bundle): requests' own rule, for every client."""

from __future__ import annotations

from pathlib import Path

import certifi
import pytest
import requests

from bot.ca_bundle import ca_bundle, environment_ca_bundle
from bot.facts.registries import session_for
from bot.github import GitHubClient


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"REQUESTS_CA_BUNDLE": "/etc/a.pem", "CURL_CA_BUNDLE": "/etc/b.pem"}, "/etc/a.pem"),
        ({"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": "/etc/b.pem"}, "/etc/b.pem"),
        ({}, certifi.where()),
    ],
)
def test_the_bundle_is_the_one_requests_would_choose(environ: dict[str, str], expected: str):
    assert ca_bundle(environ) == expected
    assert environment_ca_bundle(environ) == (None if expected == certifi.where() else expected)


def test_the_github_client_and_the_registries_verify_against_the_bundle_the_environment_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    client = GitHubClient("token", "https://github.example")
    assert client.session.verify == str(bundle)
    registry = session_for("https://registry-for-the-bundle-test.example/pypi")
    assert registry.verify == str(bundle)
    # what requests itself would use for the same request
    settings = requests.Session().merge_environment_settings("https://github.example", {}, None, None, None)
    assert settings["verify"] == str(bundle)
