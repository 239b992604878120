"""No input crashes the loader or the validator: every input gives an entry or problems."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalog import CatalogSettings, FileChange, catalog_format
from bot.catalog.document import load_document
from bot.repository_url import normalise_repository_url

CATEGORIES = ("data", "core", "domain-frameworks")
KEYS = st.sampled_from(
    [
        "name",
        "repository",
        "description",
        "category",
        "license",
        "install",
        "pip",
        "conda",
        "tags",
        "x",
        "<<",
        "",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(
        ["https://github.com/a/b", "http://www.github.com/A/B.git/", "github.com.evil.io/x/y", "🚀"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)
YAML_BITS = st.sampled_from(
    [
        "name: ",
        "repository: ",
        "\n",
        "  ",
        "\t",
        "- ",
        "&a ",
        "*a ",
        "!!python/name:os.system ",
        "---\n",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "? ",
        "'",
        '"',
        "#",
        "|",
        ">",
        "%YAML 1.1\n",
        "\ufeff",
        "\x00",
        "é",
        "🚀",
        ",",
        "<<: *a\n",
    ]
)
FORMATS = [
    (catalog_format(CatalogSettings(paths=("*",)), CATEGORIES), "e.yml"),
    (catalog_format(CatalogSettings(paths=("*",)), CATEGORIES), "e.json"),
    (
        catalog_format(
            CatalogSettings(
                format="landscape",
                paths=("*",),
                fields={"repository": "repo_url", "name": "name", "category": "category"},
            )
        ),
        "landscape.yml",
    ),
    (
        catalog_format(
            CatalogSettings(
                format="front-matter",
                paths=("*",),
                fields={"repository": "github-id", "name": "title", "category": "category"},
            ),
            CATEGORIES,
        ),
        "e.md",
    ),
]


def validate_everywhere(data: bytes) -> None:
    for fmt, path in FORMATS:
        for status, base in (("added", None), ("modified", data[: len(data) // 2])):
            entries = fmt.entries(
                [FileChange(path, status, data, base)], {path + ".other": data}, ["hosted_logos/a.svg"]
            )
            for entry in entries:
                assert entry.change in ("added", "changed", "removed")
                for problem in entry.problems:
                    assert problem.line >= 1 and problem.column >= 1 and problem.message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    validate_everywhere(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_BITS | st.text(max_size=5), max_size=30).map("".join))
def test_yaml_shaped_text(text: str) -> None:
    validate_everywhere(text.encode("utf-8", "surrogatepass"))
    validate_everywhere(("---\n" + text + "\n---\n").encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(VALUES)
def test_structured_values_as_json_and_yaml(value: object) -> None:
    data = json.dumps(value).encode()  # NaN/Infinity included: not JSON, must be refused cleanly
    validate_everywhere(data)
    doc = load_document(data, "x.json")
    try:
        expected = json.loads(data, parse_constant=reject)
    except ValueError:
        assert doc.problems  # NaN and Infinity are not JSON
    else:
        assert (doc.value, doc.problems) == (expected, [])


def reject(constant: str) -> None:
    raise ValueError(constant)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_as_a_repository_url(text: str) -> None:
    result = normalise_repository_url(text)
    assert (result.url is None) == (result.error is not None)
    if result.url:
        assert result.url.startswith("https://github.com/") and result.url.count("/") == 4
