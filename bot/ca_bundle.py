"""Which CA bundle HTTPS connections are verified against: requests' own rule, in one place.

REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE (as `requests` reads them), else certifi's bundle (where
`requests` finds its default). Standard library and certifi only: `python -m bot run` reads it
before it imports `requests` (bot.early_connection).
"""

from __future__ import annotations

from collections.abc import Mapping


def environment_ca_bundle(environ: Mapping[str, str]) -> str | None:
    """The bundle the environment names, if any."""
    return environ.get("REQUESTS_CA_BUNDLE") or environ.get("CURL_CA_BUNDLE") or None


def ca_bundle(environ: Mapping[str, str]) -> str:
    """The bundle a request is verified against."""
    named = environment_ca_bundle(environ)
    if named:
        return named
    import certifi  # found here only: `requests` imports it anyway, the early start need not wait

    return str(certifi.where())
