"""Read the linked repository's YAML, TOML and Python files under a budget, failing closed.

A submitter controls these files. Each reader bounds the bytes read, the nesting depth, the bytes
that YAML aliases expand to (a 369-byte "billion laughs" workflow must not become gigabytes) and
the wall-clock time spent on one file. Any problem, over budget or any exception a parser raises
(RecursionError from deep nesting included), becomes `UnreadableFile`, which names the file and
says why; callers turn it into "could not check", and the review goes on.
"""

from __future__ import annotations

import ast
import time
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml
from yaml import events

_EVENT_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # fast pre-pass when libyaml is there


@dataclass(frozen=True)
class FileBudget:
    max_bytes: int = 512 * 1024  # the file itself
    max_expanded_bytes: int = 2 * 1024 * 1024  # text once YAML aliases are expanded
    max_depth: int = 64  # nested mappings and lists
    seconds: float = 2.0  # wall clock for one file


DEFAULT_BUDGET = FileBudget()


class UnreadableFile(ValueError):
    """The file could not be read safely; `reason` is one line for the report."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _check_size(text: str, path: str, budget: FileBudget) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > budget.max_bytes:
        raise UnreadableFile(
            path, f"file too large to read safely ({size:,} bytes; limit {budget.max_bytes:,}): skipped"
        )


def _scalar_bytes(value: str) -> int:
    return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))


def check_yaml_budget(text: str, path: str, budget: FileBudget = DEFAULT_BUDGET) -> None:
    """One pass over the YAML events: nesting depth, alias-expanded size and time within budget."""
    _check_size(text, path, budget)
    started = time.monotonic()
    sizes: list[list[Any]] = []  # open collections: [bytes so far, anchor]
    anchors: dict[str, int] = {}
    total = 0
    for count, event in enumerate(yaml.parse(text, Loader=_EVENT_LOADER)):
        size: int | None = None
        anchor: str | None = None
        if isinstance(event, events.ScalarEvent):
            size, anchor = _scalar_bytes(event.value), event.anchor
        elif isinstance(event, events.AliasEvent):
            size = anchors.get(event.anchor or "", 0)
        elif isinstance(event, events.CollectionStartEvent):
            sizes.append([1, event.anchor])
            if len(sizes) > budget.max_depth:
                raise UnreadableFile(path, f"nested deeper than {budget.max_depth} levels: skipped")
        elif isinstance(event, events.CollectionEndEvent):
            size, anchor = sizes.pop()
        if size is not None:
            if anchor:
                anchors[anchor] = size
            if sizes:
                sizes[-1][0] += size
            else:
                total += size
            if (sizes[0][0] if sizes else total) > budget.max_expanded_bytes:
                raise UnreadableFile(
                    path,
                    f"too large to read safely once its aliases are expanded "
                    f"(over {budget.max_expanded_bytes:,} bytes): skipped",
                )
        if count % 1024 == 0 and time.monotonic() - started > budget.seconds:
            raise UnreadableFile(path, f"not read within {budget.seconds:g} s: skipped")


def read_yaml(text: str, path: str, budget: FileBudget = DEFAULT_BUDGET) -> Any:
    """The YAML document as `yaml.safe_load` reads it, once it is known to be within budget."""
    try:
        check_yaml_budget(text, path, budget)
        return yaml.safe_load(text)
    except UnreadableFile:
        raise
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise UnreadableFile(path, f"invalid YAML{where}") from None
    except (ValueError, TypeError) as error:  # a value PyYAML cannot build, e.g. the date 2020-13-45
        raise UnreadableFile(path, f"invalid YAML value ({error})") from None
    except Exception as error:  # fail closed: RecursionError, MemoryError, a parser bug …
        raise UnreadableFile(path, f"could not be read ({type(error).__name__})") from None


def read_toml(text: str, path: str, budget: FileBudget = DEFAULT_BUDGET) -> dict[str, Any]:
    _check_size(text, path, budget)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableFile(path, f"invalid TOML ({error})") from None
    except Exception as error:  # e.g. RecursionError from deeply nested arrays
        raise UnreadableFile(path, f"could not be read ({type(error).__name__})") from None


def read_python(text: str, path: str, budget: FileBudget = DEFAULT_BUDGET) -> ast.Module:
    """The syntax tree (never run); deeply nested code fails closed instead of crashing."""
    _check_size(text, path, budget)
    try:
        return ast.parse(text)
    except SyntaxError as error:
        raise UnreadableFile(path, f"invalid Python at line {error.lineno}") from None
    except Exception as error:  # RecursionError, MemoryError, ValueError (NUL bytes)
        raise UnreadableFile(path, f"could not be read ({type(error).__name__})") from None
