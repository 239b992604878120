"""Safe parsing of catalog files (YAML or JSON) into plain values with exact locations.

`load_document(data, path, limits)` never raises on bad input: it returns a `Document`
(the value, where every value and key starts, and problems such as duplicate keys) or a
`Document` whose `value` is None and whose problems say why the file could not be read.

YAML is read event by event (libyaml when available) and composed here, iteratively, so that:
- the size, nesting depth and alias expansion are bounded (a "billion laughs" file is refused
  by arithmetic, before anything is expanded);
- duplicate keys are errors naming both places;
- only the standard YAML tags are accepted (no custom or Python tags);
- timestamps stay the text that was written (`2019-01-05`), keys are always strings
  (`on:` stays "on").
JSON is read by a small position-tracking reader (strings and numbers through the standard
library's own scanners) that feeds the same composer, so JSON gets the same checks and
exact line/column locations.
"""

from __future__ import annotations

import json
import json.decoder
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml import events

from bot.catalog.entry import Problem
from bot.display import quoted

Path = tuple[str | int, ...]

try:
    _Parser: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Parser = yaml.SafeLoader

STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 4 * 1024 * 1024
    max_depth: int = 64
    max_alias_nodes: int = 10_000  # nodes that aliases may add when expanded
    max_alias_bytes: int = 1024 * 1024  # text (UTF-8 bytes) that aliases may add when expanded


class Location(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    path: str
    value: Any
    values: dict[Path, Location] = field(default_factory=dict)  # where each value starts
    keys: dict[Path, Location] = field(default_factory=dict)  # where each mapping key starts
    problems: list[Problem] = field(default_factory=list)
    line_offset: int = 0  # added to every line (front matter starts after the `---` line)

    @property
    def readable(self) -> bool:
        return self.value is not None or not self.problems

    def at(self, path: Path) -> Location:
        """Where the value at `path` starts; falls back to the nearest enclosing value."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return Location(1 + self.line_offset, 1)

    def key_at(self, path: Path) -> Location:
        """Where the key of `path` is written (for "unknown field" problems), else its value."""
        return self.keys.get(path) or self.at(path)

    def problem(
        self, path: Path, message: str, fix: str | None = None, severity: str = "error", key: bool = False
    ) -> Problem:
        where = self.key_at(path) if key else self.at(path)
        return Problem(
            file=self.path,
            line=where.line,
            column=where.column,
            field=field_path(path),
            message=message,
            fix=fix,
            severity=severity,  # type: ignore[arg-type]
        )


def field_path(path: Path) -> str:
    """("install", "pip") → "install.pip"; ("tutorials", 1) → "tutorials[1]"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class ParseError(Exception):
    def __init__(self, message: str, line: int, column: int, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.fix = fix


def load_document(
    data: bytes, path: str, limits: Limits = Limits(), line_offset: int = 0, location_depth: int = 1_000
) -> Document:
    """Parse YAML (or JSON, for `*.json` paths) safely; see the module docstring.

    `location_depth`: record where values start only down to this depth (the landscape's base
    needs its items' lines, not their fields'; skipping the rest halves the work)."""
    doc = Document(path=path, value=None, line_offset=line_offset)
    text = decode_text(data, path, limits, doc)
    if text is None:
        return doc
    try:
        stream = json_events(text) if path.lower().endswith(".json") else yaml_events(text)
        _Composer(doc, limits, line_offset, location_depth).run(stream)
    except ParseError as error:
        doc.value = None
        doc.problems.append(
            Problem(path, error.line + line_offset, error.column, "", error.message, error.fix)
        )
    return doc


def decode_text(data: bytes, path: str, limits: Limits, doc: Document) -> str | None:
    if len(data) > limits.max_bytes:
        doc.problems.append(
            Problem(path, 1, 1, "", f"file is {len(data):,} bytes; the limit is {limits.max_bytes:,} bytes")
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        doc.problems.append(
            Problem(
                path,
                line + doc.line_offset,
                column,
                "",
                f"file is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                "save the file as UTF-8",
            )
        )
        return None
    return text.removeprefix("\ufeff")


# ---------------------------------------------------------------- YAML events


def yaml_events(text: str) -> Iterator[events.Event]:
    parser = _Parser(text)
    try:
        while True:  # get_event alone: half the calls of yaml.parse's check_event/get_event loop
            event = parser.get_event()
            yield event
            if event is None or isinstance(event, events.StreamEndEvent):
                return
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, text) from None
    except yaml.reader.ReaderError as error:  # characters YAML does not allow
        line, column = _line_column(text, error.position)
        character = error.character if isinstance(error.character, int) else 0
        raise ParseError(
            f"invalid YAML: character U+{character:04X} is not allowed in YAML ({error.reason})",
            line,
            column,
            "remove the character",
        ) from None
    except yaml.YAMLError as error:
        raise ParseError(f"invalid YAML: {_one_line(str(error))}", 1, 1) from None
    finally:
        parser.dispose()


def _yaml_error(error: yaml.MarkedYAMLError, text: str) -> ParseError:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    lines = text.splitlines()
    for number in (line, line + 1):  # libyaml sometimes points one line early
        if 0 < number <= len(lines):
            indent = re.match(r"[ \t]*", lines[number - 1])
            if indent and "\t" in indent.group(0):
                return ParseError(
                    "tabs are not allowed for indentation in YAML; use spaces",
                    number,
                    indent.group(0).index("\t") + 1,
                    "replace the tab characters at the start of the line with spaces",
                )
    problem = error.problem or "syntax error"
    context = f" {error.context}" if error.context else ""
    return ParseError(f"invalid YAML: {problem}{context}", line, column)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# ---------------------------------------------------------------- JSON events


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = json.scanner.NUMBER_RE  # type: ignore[attr-defined]
_LITERALS = {"true": "bool", "false": "bool", "null": "null"}


class _JsonReader:
    """RFC 8259 JSON as a stream of YAML events with marks; iterative, so depth is no danger."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def mark(self, index: int) -> yaml.Mark:
        line = bisect_right(self.line_starts, index) - 1
        return yaml.Mark("<json>", index, line, index - self.line_starts[line], None, 0)

    def fail(self, message: str, index: int | None = None) -> ParseError:
        mark = self.mark(self.index if index is None else index)
        return ParseError(f"invalid JSON: {message}", mark.line + 1, mark.column + 1)

    def skip(self) -> str:
        match = _WHITESPACE.match(self.text, self.index)
        self.index = match.end() if match else self.index
        return self.text[self.index : self.index + 1]

    def events(self) -> Iterator[events.Event]:
        yield events.StreamStartEvent()
        yield events.DocumentStartEvent()
        stack: list[str] = []  # "{" or "["
        expect_value = True
        while True:
            char = self.skip()
            start = self.mark(self.index)
            if expect_value:
                if char == "{" or char == "[":
                    self.index += 1
                    stack.append(char)
                    kind = events.MappingStartEvent if char == "{" else events.SequenceStartEvent
                    yield kind(None, None, True, start, start)
                    closing = "}" if char == "{" else "]"
                    if self.skip() == closing:
                        self.index += 1
                        stack.pop()
                        end = events.MappingEndEvent if char == "{" else events.SequenceEndEvent
                        yield end(start, start)
                        expect_value = False
                    elif char == "{":
                        yield self.key()
                    continue
                yield self.scalar(char, start)
                expect_value = False
                continue
            if not stack:
                if char:
                    raise self.fail("unexpected text after the end of the document")
                break
            if char == ",":
                self.index += 1
                if stack[-1] == "{":
                    self.skip()
                    yield self.key()
                expect_value = True
                continue
            closing = "}" if stack[-1] == "{" else "]"
            if char != closing:
                raise self.fail(f"expected ',' or '{closing}'")
            self.index += 1
            stack.pop()
            end = events.MappingEndEvent if closing == "}" else events.SequenceEndEvent
            yield end(start, start)
        yield events.DocumentEndEvent()
        yield events.StreamEndEvent()

    def key(self) -> yaml.ScalarEvent:
        start = self.mark(self.index)
        if self.text[self.index : self.index + 1] != '"':
            raise self.fail("expected a key in double quotes")
        value = self.string()
        if self.skip() != ":":
            raise self.fail("expected ':' after a key")
        self.index += 1
        return events.ScalarEvent(None, "tag:yaml.org,2002:str", (False, False), value, start, start)

    def string(self) -> str:
        try:
            value, end = json.decoder.scanstring(self.text, self.index + 1, True)  # type: ignore[attr-defined]
        except json.JSONDecodeError as error:
            raise self.fail(error.msg.lower().removesuffix(" at") + " in a string", error.pos) from None
        self.index = end
        return str(value)

    def scalar(self, char: str, start: yaml.Mark) -> yaml.ScalarEvent:
        if char == '"':
            value, tag = self.string(), "str"
        else:
            number = _NUMBER.match(self.text, self.index)
            word = next((w for w in _LITERALS if self.text.startswith(w, self.index)), None)
            if number:
                _integer, fraction, exponent = number.groups()
                value, tag = number.group(0), "float" if fraction or exponent else "int"
                self.index = number.end()
            elif word:
                value, tag = word, _LITERALS[word]
                self.index += len(word)
            elif not char:
                raise self.fail("unexpected end of the document")
            else:
                raise self.fail(f"unexpected character {char!r}")
        return events.ScalarEvent(None, f"tag:yaml.org,2002:{tag}", (False, False), value, start, start)


def json_events(text: str) -> Iterator[events.Event]:
    return _JsonReader(text).events()


# ---------------------------------------------------------------- composing


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being composed."""

    value: dict[str, Any] | list[Any]
    path: Path
    anchor: str | None
    is_list: bool
    size: int = 1  # nodes, counting what aliases expand to
    weight: int = 0  # bytes of scalar text, counting what aliases expand to
    pending_key: str | None = None
    first_keys: dict[str, Location] = field(default_factory=dict)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _Composer:
    def __init__(self, doc: Document, limits: Limits, line_offset: int, location_depth: int) -> None:
        self.doc = doc
        self.location_depth = location_depth
        self.limits = limits
        self.offset = line_offset
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.alias_nodes = 0
        self.alias_bytes = 0
        self.documents = 0

    def run(self, stream: Iterator[events.Event]) -> None:
        """Compose plain values from the events, recording where each value and key starts."""
        stack: list[_Open] = []
        values = self.doc.values
        first_line = 1 + self.offset
        tracked = self.location_depth
        scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
        mapping_start, sequence_start = events.MappingStartEvent, events.SequenceStartEvent
        event: Any  # narrowed by the class checks below (identity checks are faster than isinstance)
        for event in stream:
            kind = event.__class__
            if kind is scalar_event or kind is mapping_start or kind is sequence_start or kind is alias_event:
                mark = event.start_mark
                where = Location(mark.line + first_line, mark.column + 1)
                path: Path = ()
                deep = False  # below location_depth: no path, no location
                if stack:
                    parent = stack[-1]
                    deep = len(stack) > tracked
                    if parent.is_list:
                        path = parent.path if deep else (*parent.path, len(parent.value))
                    elif parent.pending_key is None:
                        parent.pending_key = self.key(parent, event, where, deep)
                        continue
                    else:
                        path = parent.path if deep else (*parent.path, parent.pending_key)
                if not deep:
                    values[path] = where
                if kind is alias_event:
                    value, size, weight = self.alias(event, where)
                    self.add(stack, value, size, None, weight)
                    continue
                if event.tag is not None:
                    self.check_tag(event, path, where)
                if kind is scalar_event:
                    text = event.value
                    weight = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
                    self.add(stack, self.scalar(event), 1, event.anchor, weight)
                    continue
                if len(stack) >= self.limits.max_depth:
                    raise ParseError(
                        f"nesting is deeper than {self.limits.max_depth} levels", where.line, where.column
                    )
                is_list = kind is sequence_start
                stack.append(_Open([] if is_list else {}, path, event.anchor, is_list))
            elif isinstance(event, events.CollectionEndEvent):
                done = stack.pop()
                self.add(stack, done.value, done.size, done.anchor, done.weight)
            elif isinstance(event, events.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    mark = event.start_mark
                    raise ParseError(
                        "the file holds more than one YAML document (a second '---')",
                        mark.line + 1 if mark else 1,
                        mark.column + 1 if mark else 1,
                        "keep one document per file",
                    )

    def key(self, parent: _Open, event: events.Event, where: Location, deep: bool) -> str:
        if not isinstance(event, events.ScalarEvent):
            raise ParseError(
                "a mapping key must be a plain text, not a list, a mapping or an alias",
                where.line,
                where.column,
            )
        key = event.value
        path = (*parent.path, key)
        first = parent.first_keys.get(key)
        if first is not None:
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    where.line,
                    where.column,
                    field_path(path),
                    f"duplicate key {quoted(key)} (first at line {first.line}, column {first.column})",
                    "keep one of the two",
                )
            )
            key = f"{key}\u0000duplicate@{where.line}:{where.column}"  # kept apart, reported once
        else:
            parent.first_keys[key] = where
            if not deep:
                self.doc.keys[path] = where
        return key

    def add(self, stack: list[_Open], value: Any, size: int, anchor: str | None, weight: int) -> None:
        if anchor:
            self.anchors[anchor] = (value, size, weight)
        if not stack:
            self.doc.value = value
            return
        parent = stack[-1]
        parent.size += size
        parent.weight += weight
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            key = parent.pending_key
            parent.pending_key = None
            if key is not None and "\u0000duplicate@" not in key:
                parent.value[key] = value

    def alias(self, event: events.AliasEvent, where: Location) -> tuple[Any, int, int]:
        if event.anchor not in self.anchors:
            raise ParseError(
                f"alias *{event.anchor} refers to no complete anchor &{event.anchor} before it",
                where.line,
                where.column,
            )
        value, size, weight = self.anchors[event.anchor]
        self.alias_nodes += size
        self.alias_bytes += weight
        if self.alias_bytes > self.limits.max_alias_bytes:
            raise ParseError(
                f"aliases expand to more than {self.limits.max_alias_bytes:,} bytes of text; anchors and "
                "aliases (& and *) may not be used to inflate a document",
                where.line,
                where.column,
                "write the values out instead of using aliases",
            )
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise ParseError(
                f"aliases expand to more than {self.limits.max_alias_nodes:,} values; anchors and "
                "aliases (& and *) may not be used to inflate a document ('billion laughs')",
                where.line,
                where.column,
                "write the values out instead of using aliases",
            )
        return value, size, weight

    def check_tag(self, event: events.NodeEvent, path: Path, where: Location) -> None:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!" or tag in STANDARD_TAGS:
            return
        self.doc.problems.append(
            Problem(
                self.doc.path,
                where.line,
                where.column,
                field_path(path),
                f"custom YAML tags are not allowed (found {_short_tag(tag)})",
                "remove the tag",
            )
        )

    def scalar(self, event: events.ScalarEvent) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            tag = _implicit_tag(value) if event.implicit[0] else "tag:yaml.org,2002:str"
        elif tag not in STANDARD_TAGS:
            tag = "tag:yaml.org,2002:str"
        if tag == "tag:yaml.org,2002:str":
            return value
        node = yaml.ScalarNode(tag, value)
        try:
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if tag == "tag:yaml.org,2002:int":
                return _CONSTRUCTOR.construct_yaml_int(node)
            if tag == "tag:yaml.org,2002:float":
                return _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, KeyError, OverflowError):
            return value
        return value


def _implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (PyYAML's own implicit resolvers, looked up directly)."""
    for tag, pattern in _IMPLICIT.get(value[:1], _WILDCARD):
        if pattern.match(value):
            return str(tag)
    return "tag:yaml.org,2002:str"


_WILDCARD: list[tuple[str, re.Pattern[str]]] = list(
    yaml.resolver.Resolver.yaml_implicit_resolvers.get(None, [])
)
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [*resolvers, *_WILDCARD]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    if first is not None
}


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
