"""Safe parsing: exact locations in YAML and JSON, and hostile documents refused quickly."""

from __future__ import annotations

import time

from bot.catalog.document import Limits, Location, load_document
from tests.hostile_files import aliased_entry

NESTED_YAML = b"""name: Example
install:
  pip: example
  extra:
    - first
    - {deep: [1, 2, three]}
"""

NESTED_JSON = b"""{
  "name": "Example",
  "install": {
    "pip": "example",
    "extra": [
      "first",
      {"deep": [1, 2, "three"]}
    ]
  }
}"""


def test_nested_yaml_values_have_exact_lines_and_columns() -> None:
    doc = load_document(NESTED_YAML, "e.yml")
    assert doc.problems == []
    assert doc.at(("install", "pip")) == Location(3, 8)
    assert doc.at(("install", "extra", 1, "deep", 2)) == Location(6, 21)
    assert doc.key_at(("install", "extra")) == Location(4, 3)


def test_nested_json_values_have_exact_lines_and_columns() -> None:
    doc = load_document(NESTED_JSON, "e.json")
    assert doc.value == {
        "name": "Example",
        "install": {"pip": "example", "extra": ["first", {"deep": [1, 2, "three"]}]},
    }
    assert doc.at(("install", "pip")) == Location(4, 12)
    assert doc.at(("install", "extra", 1, "deep", 2)) == Location(7, 23)
    assert doc.key_at(("install", "extra")) == Location(5, 5)


def test_json_is_read_as_json_not_as_yaml_1_1() -> None:
    doc = load_document(b'{"a": 1e3, "b": "yes", "c": "\\u00e9\\/", "d": -0.5, "e": [true, null]}', "x.json")
    assert doc.value == {"a": 1000.0, "b": "yes", "c": "é/", "d": -0.5, "e": [True, None]}


def test_json_with_tabs_and_crlf_is_fine() -> None:
    doc = load_document(b'{\r\n\t"a":\t"b"\r\n}', "x.json")
    assert (doc.value, doc.problems) == ({"a": "b"}, [])


def test_yaml_keys_stay_text_and_dates_stay_as_written() -> None:
    doc = load_document(b"on: push\ndate-added: 2019-08-07\nyes: 1\n", "x.yml")
    assert doc.value == {"on": "push", "date-added": "2019-08-07", "yes": 1}


def test_a_byte_order_mark_is_tolerated() -> None:
    assert load_document("\ufeffname: x\n".encode(), "x.yml").value == {"name": "x"}
    assert load_document('\ufeff{"name": "x"}'.encode(), "x.json").value == {"name": "x"}


def test_duplicate_keys_name_both_places() -> None:
    doc = load_document(b"a:\n  b: 1\n  c: 2\n  b: 3\n", "x.yml")
    assert [(p.line, p.column, p.field, p.message) for p in doc.problems] == [
        (4, 3, "a.b", "duplicate key 'b' (first at line 2, column 3)")
    ]
    assert doc.value == {"a": {"b": 1, "c": 2}}


def test_a_billion_laughs_document_is_refused_quickly() -> None:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(1, 10):
        prev, name = chr(96 + level), chr(97 + level)
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    started = time.perf_counter()
    doc = load_document(text.encode(), "lol.yml")
    assert time.perf_counter() - started < 0.1
    assert doc.value is None
    assert doc.problems[0].message.startswith("aliases expand to more than 10,000 values")


def test_aliases_repeating_one_long_string_are_refused_by_their_expanded_bytes() -> None:
    text = aliased_entry(copies=1_000, length=46_000)  # 1,000 values: under the item cap
    started = time.perf_counter()
    doc = load_document(text.encode(), "catalog/x.yml")
    assert time.perf_counter() - started < 0.5
    assert doc.value is None
    assert doc.problems[0].message.startswith("aliases expand to more than 1,048,576 bytes of text")
    assert doc.problems[0].line == 4  # the alias that went over the limit


def test_small_aliases_are_fine() -> None:
    doc = load_document(b"base: &b {pip: x}\nother: *b\n", "x.yml")
    assert doc.value == {"base": {"pip": "x"}, "other": {"pip": "x"}}


def test_size_and_depth_caps() -> None:
    assert load_document(b"a: " + b"x" * 100, "x.yml", Limits(max_bytes=50)).problems[0].message == (
        "file is 103 bytes; the limit is 50 bytes"
    )
    deep = load_document(b"[" * 5000 + b"]" * 5000, "x.json")
    assert deep.problems[0].message == "nesting is deeper than 64 levels"


def test_non_utf8_is_a_clear_error_at_its_place() -> None:
    doc = load_document(b"name: ok\ndescription: caf\xe9\n", "x.yml")
    problem = doc.problems[0]
    assert (problem.line, problem.column) == (2, 17)
    assert problem.message == "file is not valid UTF-8 (byte 0xe9 at offset 25)"


def test_front_matter_offsets_apply_to_every_location() -> None:
    doc = load_document(b"a: 1\nb: [x\n", "x.md", line_offset=1)
    assert (doc.problems[0].line, doc.problems[0].message.startswith("invalid YAML")) == (4, True)


def test_locations_can_stop_at_a_depth_without_changing_the_value() -> None:
    full = load_document(NESTED_YAML, "e.yml")
    shallow = load_document(NESTED_YAML, "e.yml", location_depth=1)
    assert shallow.value == full.value
    assert shallow.values == {(): Location(1, 1), ("name",): Location(1, 7), ("install",): Location(3, 3)}
    assert shallow.at(("install", "pip")) == Location(3, 3)  # the nearest recorded place
