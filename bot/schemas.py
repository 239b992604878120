"""The JSON Schemas in the top-level `schemas/` folder (shipped next to the package)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """`load_schema("config")` → the parsed `schemas/config.schema.json`."""
    schema: dict[str, Any] = json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema
