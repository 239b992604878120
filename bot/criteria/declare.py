"""`@check(...)`: turn a documented function into a `Check`. Its docstring is the user-facing text,
and the docstring's last paragraph, "How to fix: …", is the check's advice: written once, used by
every failing or warning result that names no more specific fix and by docs/checks.md."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from bot.criteria.model import Body, Check
from bot.criteria.readers import READERS

HOW_TO_FIX = re.compile(r"^How to fix:\s*", re.MULTILINE)


def split_advice(check_id: str, docstring: str) -> tuple[str, str | None]:
    """(explanation, advice): the advice is the "How to fix:" paragraph, which must end the docstring."""
    found = HOW_TO_FIX.search(docstring)
    if found is None:
        return docstring, None
    advice = docstring[found.end() :].strip()
    if not advice or "\n\n" in advice:
        raise ValueError(f"check {check_id}: 'How to fix:' must be the docstring's last paragraph, not empty")
    advice = " ".join(advice.split())
    return docstring[: found.start()].rstrip(), advice[0].upper() + advice[1:]


def input_names(check_id: str, body: Body, inputs: tuple[str, ...]) -> None:
    """The body takes (facts, params, *inputs by name): checked when the module is imported."""
    unknown = [name for name in inputs if name not in READERS]
    if unknown:
        raise ValueError(f"check {check_id} names unknown inputs {unknown}; readers: {sorted(READERS)}")
    taken = list(inspect.signature(body).parameters)[2:]
    if sorted(taken) != sorted(inputs):
        raise ValueError(
            f"check {check_id} takes {taken} after (facts, params) but declares inputs {list(inputs)}"
        )


def check(
    check_id: str,
    title: str,
    family: str,
    *,
    requires: tuple[str, ...] = (),
    defaults: Mapping[str, Any] | None = None,
    inputs: tuple[str, ...] = (),
    optional_inputs: tuple[str, ...] = (),
) -> Callable[[Body], Check]:
    """Declare a check. `inputs` name what it reads (readers in `bot.criteria.readers`), passed to
    the function by name, each computed once per entry; an input its reader cannot produce gives
    the reader's result instead of running the check, or None for one in `optional_inputs`."""

    def declare(body: Body) -> Check:
        docstring = inspect.getdoc(body)
        if not docstring:
            raise ValueError(f"check {check_id} needs a docstring: it is the user-facing explanation")
        explanation, advice = split_advice(check_id, docstring)
        names = (*inputs, *optional_inputs)
        input_names(check_id, body, names)
        return Check(
            id=check_id,
            title=title,
            family=family,
            explanation=explanation,
            body=body,
            requires=requires,
            defaults=MappingProxyType(dict(defaults or {})),
            fix=advice,
            inputs=MappingProxyType({name: READERS[name] for name in names}),
            optional_inputs=frozenset(optional_inputs),
        )

    return declare
