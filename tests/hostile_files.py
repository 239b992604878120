"""Files a hostile linked repository could hold (issue 13): small on disk, costly to parse."""

from __future__ import annotations


def billion_laughs_yaml(levels: int = 9) -> str:
    """A workflow whose `run:` alias expands to 10**levels copies of "lol" (under 500 bytes)."""
    lines = ["a: &a lol"]
    for n in range(1, levels + 1):
        lines.append(f"{n}: &{n} [{','.join(['*' + (str(n - 1) if n > 1 else 'a')] * 10)}]")
    lines.append(f"jobs: {{test: {{runs-on: ubuntu-latest, steps: [{{run: *{levels}}}]}}}}")
    return "\n".join(lines) + "\n"


def deep_yaml(depth: int = 50_000) -> str:
    return "package: " + "[" * depth + "]" * depth + "\n"


def deep_toml(depth: int = 50_000) -> str:
    return "[project]\nname = 'x'\ndependencies = " + "[" * depth + "]" * depth + "\n"


def deep_python(depth: int = 50_000) -> str:
    return "from setuptools import setup\nsetup(name=" + "(" * depth + "'x'" + ")" * depth + ")\n"


def aliased_entry(copies: int = 10_000, length: int = 46_000) -> str:
    """An entry whose tags are one long string repeated by aliases (under the alias item cap)."""
    return (
        "name: x\nrepository: https://github.com/skorch-dev/skorch\n"
        f"description: &d {'a' * length}\n"
        f"tags: [{', '.join(['*d'] * copies)}]\n"
    )
