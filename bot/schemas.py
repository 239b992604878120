"""The JSON Schemas in the top-level `schemas/` folder (shipped next to the package)."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

# In a checkout (and the container image) the schemas sit next to the package; an installed wheel
# carries them as data files under <prefix>/share/ecosystem-bot/schemas (see pyproject.toml).
SCHEMA_DIRS = (
    Path(__file__).resolve().parent.parent / "schemas",
    Path(sys.prefix) / "share" / "ecosystem-bot" / "schemas",
)


def schema_path(name: str) -> Path:
    for folder in SCHEMA_DIRS:
        path = folder / f"{name}.schema.json"
        if path.is_file():
            return path
    raise FileNotFoundError(f"{name}.schema.json is in none of: {', '.join(map(str, SCHEMA_DIRS))}")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """`load_schema("config")` → the parsed `schemas/config.schema.json`."""
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema
