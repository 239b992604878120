"""JSON Schema (Draft 2020-12) validation whose errors point at the exact line and column.

Each `jsonschema` error's path is mapped back to the `Document`'s locations; common errors get
plain messages ("unknown field `lisence`", "missing required field `name`"), and a subschema
may carry its own message in `x-message` (ignored by other validators).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from bot.catalog.document import Document, Path, field_path
from bot.catalog.entry import Problem, Severity
from bot.catalog.suggestion import did_you_mean
from bot.display import clipped

TYPE_NAMES = {
    "string": "a text",
    "array": "a list",
    "object": "a mapping",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def schema_problems(
    doc: Document,
    base: Path,
    value: Any,
    validator: Draft202012Validator,
    unknown_severity: Severity = "error",
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in validator.iter_errors(value):
        for problem in _describe(doc, base, error, unknown_severity):
            key = (problem.field, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _name(path: Path) -> str:
    return field_path(path) or "the entry"


def _describe(doc: Document, base: Path, error: ValidationError, unknown_severity: Severity) -> list[Problem]:
    path: Path = (*base, *error.absolute_path)
    relative = tuple(error.absolute_path)
    shown = f"`{_name(relative)}`"
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    custom = schema.get("x-message")
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        extras = [k for k in instance if k not in known]
        prefix = f"{_name(relative)}." if relative else ""
        return [
            doc.problem(
                (*path, key),
                f"unknown field `{clipped(prefix + key)}`",
                did_you_mean(key, known),
                severity=unknown_severity,
                key=True,
            )
            for key in extras
        ]
    if kind == "required" and isinstance(instance, dict):
        missing = [k for k in _listed(error.validator_value) if k not in instance]
        where = "" if not relative else f" in `{_name(relative)}`"
        return [doc.problem((*path, k), f"missing required field `{k}`{where}", key=True) for k in missing]
    if custom and kind in ("pattern", "format"):
        message = f"{shown}: {custom}"
    elif kind == "type" and instance is None:
        message = f"{shown} is empty"
    elif kind == "type":
        types = [str(t) for t in _listed(error.validator_value)]
        names = [TYPE_NAMES.get(t, t) for t in types]
        message = f"{shown} must be {' or '.join(names)}, not {_shorten(instance)}"
    elif kind == "enum":
        choices = [str(c) for c in _listed(error.validator_value)]
        return [
            doc.problem(
                path,
                f"{shown} must be one of {', '.join(choices)}, not {_shorten(instance)}",
                did_you_mean(str(instance), choices),
            )
        ]
    elif kind == "minLength" and isinstance(instance, str):
        message = f"{shown} is {len(instance)} characters; at least {error.validator_value} are needed"
        if not instance.strip():
            message = f"{shown} is empty"
    elif kind == "maxLength" and isinstance(instance, str):
        message = f"{shown} is {len(instance)} characters; at most {error.validator_value} are allowed"
    elif kind == "minItems":
        message = f"{shown} needs at least {error.validator_value} item(s)"
    elif kind == "minProperties":
        keys = ", ".join(f"`{k}`" for k in schema.get("properties", {}))
        message = f"{shown} needs at least one of {keys}" if keys else f"{shown} is empty"
    elif kind == "uniqueItems":
        message = f"{shown} lists the same item twice"
    else:
        message = f"{shown}: {error.message[:200]}"
    return [doc.problem(path, message)]
