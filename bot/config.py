"""The catalog's `.github/ecosystem-bot.yml` (read from the base branch) + Action inputs → Config.

The config is read from the PR's base, never its head, so a PR cannot change the rules it is
judged by. Every key is optional; a missing file means the defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from bot.registry_urls import ANACONDA_URL, PYPI_URL
from bot.schemas import load_schema

FailOn = Literal["invalid", "fail", "never"]
DEFAULT_CONFIG_PATH = ".github/ecosystem-bot.yml"
DEFAULT_POLICY = "pytorch-2019"
DEFAULT_BOT_LOGIN = "github-actions[bot]"
DEFAULT_MAX_LINK_PROBES = 5
DEFAULT_LINKS_DEADLINE = 20.0
DEFAULT_REVIEW_DEADLINE = 240.0
DEFAULT_RECHECK_COOLDOWN = 300.0


class ConfigError(Exception):
    """The config file or an input is wrong; the message says where and how to fix it."""


@dataclass(frozen=True)
class Registries:
    pypi_url: str = PYPI_URL
    anaconda_url: str = ANACONDA_URL


DEFAULT_DECISION_LABELS = ("Accepted", "Declined", "Too early")


@dataclass(frozen=True)
class ApplicationsConfig:
    """The config's `applications:` section: which issue forms are applications, and their policy."""

    forms: tuple[str, ...]
    policy: str | None = None  # None: the config's policy
    decision_labels: tuple[str, ...] = DEFAULT_DECISION_LABELS


@dataclass(frozen=True)
class Config:
    policy: str = DEFAULT_POLICY
    policy_overrides: Mapping[str, Any] = field(default_factory=dict)  # for bot.policies.load_policy
    catalog: Mapping[str, Any] = field(default_factory=dict)  # the `catalog:` section, for bot.catalog
    registries: Registries = Registries()
    check_links: bool = True
    max_link_probes: int = DEFAULT_MAX_LINK_PROBES  # URLs probed per entry
    links_deadline: float = DEFAULT_LINKS_DEADLINE  # seconds for one entry's probes together
    review_deadline: float = DEFAULT_REVIEW_DEADLINE  # seconds for reading the linked repositories
    recheck_cooldown: float = DEFAULT_RECHECK_COOLDOWN  # seconds between two /recheck reviews of a PR
    allow_private_links: bool = False  # only for the simulator and tests: lets links reach 127.0.0.1
    docs_url: str | None = None  # the config's `docs-url`; None: the policy's (bot.DOCS_URL by default)
    source: str = DEFAULT_CONFIG_PATH  # where it was read from, for messages
    applications: ApplicationsConfig | None = None  # None: application issues are not reviewed


@dataclass(frozen=True)
class ActionInputs:
    token: str
    config_path: str = DEFAULT_CONFIG_PATH
    policy: str | None = None
    fail_on: FailOn = "invalid"
    bot_login: str = DEFAULT_BOT_LOGIN
    pr: str | None = None


def input_value(environ: Mapping[str, str], name: str) -> str:
    """GitHub passes input `fail-on` as INPUT_FAIL-ON (upper case, spaces → _, hyphens kept)."""
    return environ.get(f"INPUT_{name.replace(' ', '_').upper()}", "").strip()


def read_inputs(environ: Mapping[str, str]) -> ActionInputs:
    token = input_value(environ, "github-token") or environ.get("GITHUB_TOKEN", "")
    if not token:
        raise ConfigError(
            "no GitHub token: set the input 'github-token' (default: ${{ github.token }}) or GITHUB_TOKEN"
        )
    fail_on = input_value(environ, "fail-on") or "invalid"
    if fail_on not in ("invalid", "fail", "never"):
        raise ConfigError(f"input 'fail-on' is '{fail_on}'; use one of: invalid, fail, never")
    return ActionInputs(
        token=token,
        config_path=input_value(environ, "config") or DEFAULT_CONFIG_PATH,
        policy=input_value(environ, "policy") or None,
        fail_on=fail_on,  # type: ignore[arg-type]
        bot_login=input_value(environ, "bot-login") or DEFAULT_BOT_LOGIN,
        pr=input_value(environ, "pr") or None,
    )


def parse_config(
    text: str | None,
    source: str,
    *,
    policy_input: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Parse and validate the config text (None: no file, defaults apply)."""
    import jsonschema  # imported here: the Action reads its inputs before the first request, not this
    import yaml

    environ = os.environ if environ is None else environ
    data: Any = {}
    if text is not None:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
            raise ConfigError(f"{where}: not valid YAML: {error.problem}") from None
        except yaml.YAMLError as error:
            raise ConfigError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings at the top level")
    data = _dates_as_text(data)
    errors = sorted(
        jsonschema.Draft202012Validator(load_schema("config")).iter_errors(data), key=lambda e: list(e.path)
    )
    if errors:
        lines = [f"{source}: {'.'.join(map(str, e.path)) or '(top level)'}: {e.message}" for e in errors]
        raise ConfigError("invalid config:\n  " + "\n  ".join(lines))
    registries = data.get("registries") or {}
    links = data.get("links") or {}
    return Config(
        policy=policy_input or data.get("policy") or DEFAULT_POLICY,
        policy_overrides={
            k: data[k] for k in ("checks", "allowed_licenses", "labels", "waivers") if k in data
        },
        catalog=data.get("catalog") or {},
        registries=Registries(
            pypi_url=environ.get("ECOSYSTEM_BOT_PYPI_URL") or registries.get("pypi") or Registries.pypi_url,
            anaconda_url=environ.get("ECOSYSTEM_BOT_ANACONDA_URL")
            or registries.get("anaconda")
            or Registries.anaconda_url,
        ),
        check_links=bool(links.get("check", True)),
        max_link_probes=int(links.get("max-probes", DEFAULT_MAX_LINK_PROBES)),
        links_deadline=float(links.get("seconds", DEFAULT_LINKS_DEADLINE)),
        review_deadline=float(data.get("review-deadline", DEFAULT_REVIEW_DEADLINE)),
        recheck_cooldown=float(data.get("recheck-cooldown", DEFAULT_RECHECK_COOLDOWN)),
        allow_private_links=environ.get("ECOSYSTEM_BOT_ALLOW_PRIVATE_LINKS") == "1",
        docs_url=data.get("docs-url") or None,
        source=source,
        applications=_applications(data.get("applications")),
    )


def _applications(section: Any) -> ApplicationsConfig | None:
    if not isinstance(section, dict):
        return None
    return ApplicationsConfig(
        forms=tuple(str(path) for path in section["forms"]),
        policy=str(section["policy"]) if section.get("policy") else None,
        decision_labels=tuple(str(n) for n in section.get("decision-labels", DEFAULT_DECISION_LABELS)),
    )


def _dates_as_text(value: Any) -> Any:
    """YAML reads `expires: 2027-01-31` as a date; the schema and policy loader take the ISO text."""
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
