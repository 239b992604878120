"""Read a policy preset (bundled name or YAML path), apply a catalog's overrides, validate it all.

Every problem is reported as `PolicyError("<file>: <key>: <what is wrong>")`, never a traceback.
Overrides (from the catalog's config) may change, per check, `severity` (required, recommended,
info, or off to drop it) and `params`; replace `allowed_licenses`; rename labels; and add
`waivers` (entry, check, reason, approved_by, expires).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from bot import DOCS_URL
from bot.config import DEFAULT_POLICY
from bot.criteria import license_terms
from bot.criteria.model import Check, CheckSeverity
from bot.criteria.registry import all_checks
from bot.policies.model import (
    VERDICTS,
    Category,
    CheckSpec,
    Criterion,
    Label,
    Policy,
    Rereview,
    Waiver,
)

SEVERITIES: tuple[CheckSeverity, ...] = ("required", "recommended", "info")
MAX_POLICY_BYTES = 256 * 1024
COLOR = re.compile(r"^[0-9a-fA-F]{6}$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_LABEL_LENGTH = 50  # GitHub's limit for label names


class PolicyError(ValueError):
    """A policy file or a catalog's overrides are wrong; the message says where and what."""


def bundled_policies() -> list[str]:
    """Names of the presets shipped in bot/policies/."""
    folder = resources.files("bot.policies")
    return sorted(item.name.removesuffix(".yml") for item in folder.iterdir() if item.name.endswith(".yml"))


def read_source(name_or_path: str, read_file: Callable[[str], str] | None = None) -> tuple[str, str]:
    """(origin, text) of a bundled preset or a YAML file. With `read_file` (the Action: a file of the
    catalog's base branch, read through the API) a path is never read from the local disk."""
    if name_or_path in bundled_policies():
        origin = f"bot/policies/{name_or_path}.yml"
        return origin, resources.files("bot.policies").joinpath(f"{name_or_path}.yml").read_text("utf-8")
    path = Path(name_or_path)
    if read_file is not None and (path.suffix in (".yml", ".yaml") or "/" in name_or_path):
        text = read_file(name_or_path)
        if len(text.encode("utf-8")) > MAX_POLICY_BYTES:
            raise PolicyError(f"{name_or_path}: larger than {MAX_POLICY_BYTES // 1024} KiB")
        return name_or_path, text
    if path.suffix in (".yml", ".yaml") or "/" in name_or_path:
        try:
            if path.stat().st_size > MAX_POLICY_BYTES:
                raise PolicyError(f"{path}: larger than {MAX_POLICY_BYTES // 1024} KiB")
            return str(path), path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PolicyError(f"{path}: cannot read the policy file ({error})") from None
    raise PolicyError(
        f"unknown policy {name_or_path!r}: use one of {', '.join(bundled_policies())} or a YAML path"
    )


def load_policy(
    name_or_path: str = DEFAULT_POLICY,
    overrides: Mapping[str, Any] | None = None,
    overrides_origin: str = "config",
    read_file: Callable[[str], str] | None = None,
) -> Policy:
    """The policy, with the catalog's overrides applied; raises PolicyError on any bad data."""
    origin, text = read_source(name_or_path, read_file)
    policy = _parsed_policy(origin, text)
    if overrides:
        policy = apply_overrides(policy, Reader(overrides_origin), overrides)
    return policy


@functools.lru_cache(maxsize=8)
def _parsed_policy(origin: str, text: str) -> Policy:
    """The policy a text says, parsed once per text: a Policy is frozen, and overrides make a new one."""
    try:
        document = _load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise PolicyError(f"{origin}: invalid YAML{where}") from None
    return parse_policy(Reader(origin), document)


def _load_yaml(text: str) -> Any:
    """libyaml's loader when present (about ten times faster); pure Python again on an error, so the
    message and its line are the same either way."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


class Reader:
    """Typed access to untrusted mappings, with errors that name the file and the key."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def error(self, key: str, problem: str) -> PolicyError:
        return PolicyError(f"{self.origin}: {key}: {problem}")

    def mapping(self, value: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.error(key, f"expected a mapping, got {type_name(value)}")
        return cast(Mapping[str, Any], value)

    def sequence(self, value: Any, key: str) -> Sequence[Any]:
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, got {type_name(value)}")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str, optional: bool = False) -> str:
        value = data.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.error(
                f"{where}.{key}".lstrip("."), f"expected a non-empty string, got {type_name(value)}"
            )
        return value.strip()

    def only(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(str(key) for key in data if key not in allowed)
        if unknown:
            raise self.error(
                f"{where}.{unknown[0]}".lstrip("."),
                f"unknown key; expected one of {', '.join(sorted(allowed))}",
            )


def type_name(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


POLICY_KEYS = {"name", "title", "description", "source", "docs_url", "allowed_licenses", "criteria",
               "categories", "multiple_categories", "labels", "rereview"}  # fmt: skip


def parse_policy(read: Reader, document: Any) -> Policy:
    data = read.mapping(document, "(top level)")
    read.only(data, POLICY_KEYS, "")
    checks = all_checks()
    criteria = tuple(
        parse_criterion(read, item, f"criteria[{index}]", checks)
        for index, item in enumerate(read.sequence(data.get("criteria"), "criteria"))
    )
    ensure_unique(read, [c.id for c in criteria], "criteria")
    ensure_unique(read, [s.id for c in criteria for s in c.checks], "criteria[].checks")
    allowed = parse_licenses(read, data.get("allowed_licenses", []), "allowed_licenses")
    policy = Policy(
        name=read.text(data, "name", ""),
        title=read.text(data, "title", ""),
        description=read.text(data, "description", "", optional=True),
        source_url=read.text(data, "source", "", optional=True) or None,
        docs_url=read.text(data, "docs_url", "", optional=True) or DOCS_URL,
        criteria=criteria,
        categories=parse_categories(read, data.get("categories", [])),
        multiple_categories=parse_flag(read, data.get("multiple_categories", False), "multiple_categories"),
        labels=parse_labels(read, data.get("labels", [])),
        allowed_licenses=allowed,
        rereview=parse_rereview(read, data.get("rereview")),
        origin=read.origin,
    )
    return with_allowed_licenses(policy)


def parse_flag(read: Reader, value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise read.error(key, f"expected true or false, got {value!r}")
    return value


def ensure_unique(read: Reader, ids: list[str], key: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise read.error(key, f"{item!r} appears twice")
        seen.add(item)


def parse_criterion(read: Reader, value: Any, where: str, checks: Mapping[str, Check]) -> Criterion:
    data = read.mapping(value, where)
    read.only(data, {"id", "title", "description", "checks"}, where)
    criterion_id = read.text(data, "id", where)
    if not ID.match(criterion_id):
        raise read.error(f"{where}.id", f"{criterion_id!r}: use lower-case letters, digits and hyphens")
    specs = tuple(
        parse_spec(read, item, f"{where}.checks[{index}]", checks)
        for index, item in enumerate(read.sequence(data.get("checks"), f"{where}.checks"))
    )
    return Criterion(
        criterion_id, read.text(data, "title", where), read.text(data, "description", where, True), specs
    )


def parse_spec(read: Reader, value: Any, where: str, checks: Mapping[str, Check]) -> CheckSpec:
    data = read.mapping(value, where)
    read.only(data, {"id", "severity", "params", "requirement"}, where)
    check_id = read.text(data, "id", where)
    known = checks.get(check_id)
    if known is None:
        raise read.error(f"{where}.id", f"unknown check {check_id!r}")
    severity = parse_severity(read, data.get("severity"), f"{where}.severity", allow_off=False)
    params = merge_params(read, known, dict(known.defaults), data.get("params") or {}, f"{where}.params")
    requirement = read.text(data, "requirement", where, optional=True) or None
    return CheckSpec(check_id, cast(CheckSeverity, severity), params, requirement)


def parse_severity(read: Reader, value: Any, where: str, allow_off: bool) -> str:
    choices = (*SEVERITIES, "off") if allow_off else SEVERITIES
    if value not in choices:
        raise read.error(where, f"{value!r} is not a severity; use {', '.join(choices)}")
    return str(value)


def merge_params(
    read: Reader, known: Check, base: dict[str, Any], changes: Any, where: str
) -> dict[str, Any]:
    """`base` updated with `changes`, each checked against the type of the check's default."""
    data = read.mapping(changes, where)
    for key, value in data.items():
        if key not in known.defaults:
            names = ", ".join(sorted(known.defaults)) or "none"
            raise read.error(f"{where}.{key}", f"{known.id} has no parameter {key!r} (parameters: {names})")
        base[key] = checked_value(read, known.defaults[key], value, f"{where}.{key}")
    return base


def checked_value(read: Reader, default: Any, value: Any, where: str) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise read.error(where, f"expected true or false, got {value!r}")
        return value
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise read.error(where, f"expected a number, got {value!r}")
        if value < 0:
            raise read.error(where, f"expected a number ≥ 0, got {value!r}")
        if isinstance(default, int) and not isinstance(value, int):
            raise read.error(where, f"expected a whole number, got {value!r}")
        return value
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise read.error(where, f"expected a list of strings, got {value!r}")
        return [item.strip() for item in value]
    if not isinstance(value, str):
        raise read.error(where, f"expected a string, got {value!r}")
    return value


def parse_licenses(read: Reader, value: Any, where: str) -> tuple[str, ...]:
    items = read.sequence(value, where)
    result: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or license_terms.normalise(item) is None:
            raise read.error(f"{where}[{index}]", f"{item!r} is not an SPDX license id")
        result.append(item.strip())
    return tuple(result)


def parse_categories(read: Reader, value: Any) -> tuple[Category, ...]:
    categories = []
    for index, item in enumerate(read.sequence(value, "categories")):
        where = f"categories[{index}]"
        data = read.mapping(item, where)
        read.only(data, {"id", "name", "label", "subcategories"}, where)
        subs = read.sequence(data.get("subcategories", []), f"{where}.subcategories")
        if not all(isinstance(sub, str) and sub.strip() for sub in subs):
            raise read.error(f"{where}.subcategories", "expected a list of names")
        label = read.text(data, "label", where)
        check_label_name(read, label, f"{where}.label")
        categories.append(
            Category(read.text(data, "id", where), read.text(data, "name", where), label, tuple(subs))
        )
    ensure_unique(read, [c.id for c in categories], "categories")
    return tuple(categories)


def check_label_name(read: Reader, name: str, where: str) -> None:
    if len(name) > MAX_LABEL_LENGTH:
        raise read.error(where, f"label names have at most {MAX_LABEL_LENGTH} characters ({len(name)} given)")


def parse_labels(read: Reader, value: Any) -> tuple[Label, ...]:
    labels = []
    for index, item in enumerate(read.sequence(value, "labels")):
        where = f"labels[{index}]"
        data = read.mapping(item, where)
        read.only(data, {"id", "name", "color", "description", "verdicts"}, where)
        color = read.text(data, "color", where)
        if not COLOR.match(color):
            raise read.error(f"{where}.color", f"{color!r}: expected 6 hex digits such as 0e8a16")
        verdicts = read.sequence(data.get("verdicts", []), f"{where}.verdicts")
        for verdict in verdicts:
            if verdict not in VERDICTS:
                raise read.error(
                    f"{where}.verdicts", f"{verdict!r} is not a verdict; use {', '.join(VERDICTS)}"
                )
        name = read.text(data, "name", where)
        check_label_name(read, name, f"{where}.name")
        labels.append(
            Label(
                read.text(data, "id", where),
                name,
                color.lower(),
                read.text(data, "description", where),
                tuple(verdicts),
            )
        )
    ensure_unique(read, [label.id for label in labels], "labels")
    return tuple(labels)


def parse_rereview(read: Reader, value: Any) -> Rereview | None:
    if value is None:
        return None
    data = read.mapping(value, "rereview")
    read.only(data, {"interval_months", "grace_days"}, "rereview")
    numbers = {}
    for key in ("interval_months", "grace_days"):
        number = data.get(key)
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise read.error(f"rereview.{key}", f"expected a whole number ≥ 0, got {number!r}")
        numbers[key] = number
    return Rereview(numbers["interval_months"], numbers["grace_days"])


def with_allowed_licenses(policy: Policy) -> Policy:
    """Give the policy's allow-list to every check that has an `allowed_licenses` parameter, unless
    the check's params set their own."""
    checks = all_checks()
    criteria = []
    for criterion in policy.criteria:
        specs = []
        for spec in criterion.checks:
            own = "allowed_licenses" in spec.params and spec.params["allowed_licenses"] != list(
                checks[spec.id].defaults.get("allowed_licenses", [])
            )
            if "allowed_licenses" in spec.params and not own and policy.allowed_licenses:
                spec = replace(
                    spec, params={**spec.params, "allowed_licenses": list(policy.allowed_licenses)}
                )
            specs.append(spec)
        criteria.append(replace(criterion, checks=tuple(specs)))
    return replace(policy, criteria=tuple(criteria))


OVERRIDE_KEYS = {"checks", "allowed_licenses", "labels", "waivers"}


def apply_overrides(policy: Policy, read: Reader, overrides: Mapping[str, Any]) -> Policy:
    data = read.mapping(overrides, "(overrides)")
    read.only(data, OVERRIDE_KEYS, "")
    changed: list[str] = []
    if "allowed_licenses" in data:
        policy = replace(
            policy, allowed_licenses=parse_licenses(read, data["allowed_licenses"], "allowed_licenses")
        )
        policy = force_allowed_licenses(policy)
        changed.append("allowed_licenses")
    if "checks" in data:
        policy = override_checks(policy, read, read.mapping(data["checks"], "checks"))
        changed.append("checks")
    if "labels" in data:
        policy = rename_labels(policy, read, read.mapping(data["labels"], "labels"))
        changed.append("labels")
    if "waivers" in data:
        waivers = parse_waivers(read, data["waivers"], policy)
        policy = replace(policy, waivers=policy.waivers + waivers)
        changed.append("waivers")
    return replace(policy, overridden=policy.overridden + tuple(changed))


def force_allowed_licenses(policy: Policy) -> Policy:
    criteria = tuple(
        replace(c, checks=tuple(
            replace(s, params={**s.params, "allowed_licenses": list(policy.allowed_licenses)})
            if "allowed_licenses" in s.params else s
            for s in c.checks
        ))
        for c in policy.criteria
    )  # fmt: skip
    return replace(policy, criteria=criteria)


def override_checks(policy: Policy, read: Reader, changes: Mapping[str, Any]) -> Policy:
    checks = all_checks()
    for check_id in changes:
        if policy.spec(str(check_id)) is None:
            hint = "" if check_id in checks else " (no such check)"
            raise read.error(
                f"checks.{check_id}", f"the policy {policy.name} has no check {check_id!r}{hint}"
            )
    criteria = []
    for criterion in policy.criteria:
        specs = []
        for spec in criterion.checks:
            change = changes.get(spec.id)
            if change is None:
                specs.append(spec)
                continue
            where = f"checks.{spec.id}"
            data = read.mapping(change, where)
            read.only(data, {"severity", "params"}, where)
            severity = parse_severity(
                read, data.get("severity", spec.severity), f"{where}.severity", allow_off=True
            )
            if severity == "off":
                continue
            params = merge_params(
                read, checks[spec.id], dict(spec.params), data.get("params") or {}, f"{where}.params"
            )
            specs.append(replace(spec, severity=cast(CheckSeverity, severity), params=params))
        criteria.append(replace(criterion, checks=tuple(specs)))
    return replace(policy, criteria=tuple(criteria))


def rename_labels(policy: Policy, read: Reader, names: Mapping[str, Any]) -> Policy:
    """`labels: {label-or-category id: new name}` renames status and category labels."""
    status = {label.id: label for label in policy.labels}
    categories = {category.id: category for category in policy.categories}
    for key, value in names.items():
        where = f"labels.{key}"
        if key not in status and key not in categories:
            known = ", ".join([*status, *categories])
            raise read.error(where, f"no label {key!r} in policy {policy.name} (labels: {known})")
        if not isinstance(value, str) or not value.strip():
            raise read.error(where, f"expected the new label name, got {value!r}")
        check_label_name(read, value.strip(), where)
    labels = tuple(
        replace(label, name=str(names[label.id]).strip()) if label.id in names else label
        for label in policy.labels
    )
    cats = tuple(
        replace(c, label=str(names[c.id]).strip()) if c.id in names else c for c in policy.categories
    )
    return replace(policy, labels=labels, categories=cats)


def parse_waivers(read: Reader, value: Any, policy: Policy) -> tuple[Waiver, ...]:
    waivers = []
    for index, item in enumerate(read.sequence(value, "waivers")):
        where = f"waivers[{index}]"
        data = read.mapping(item, where)
        read.only(data, {"entry", "check", "reason", "approved_by", "expires"}, where)
        check_id = read.text(data, "check", where)
        if policy.spec(check_id) is None:
            raise read.error(f"{where}.check", f"the policy {policy.name} has no check {check_id!r}")
        expires = data.get("expires")
        if isinstance(expires, str):
            try:
                expires = date.fromisoformat(expires.strip())
            except ValueError:
                raise read.error(f"{where}.expires", f"{expires!r} is not a date (YYYY-MM-DD)") from None
        if not isinstance(expires, date):
            raise read.error(f"{where}.expires", f"expected a date (YYYY-MM-DD), got {type_name(expires)}")
        waivers.append(
            Waiver(
                entry=read.text(data, "entry", where),
                check=check_id,
                reason=read.text(data, "reason", where),
                approved_by=read.text(data, "approved_by", where),
                expires=expires,
            )
        )
    return tuple(waivers)
