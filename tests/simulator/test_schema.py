"""Our GraphQL schema is a faithful subset of GitHub's published one (@octokit/graphql-schema, pinned)."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
)

from bot.simulator.graphql_api import simulator_schema
from tests.published import github_deprecations, github_schema


def subset_differences(ours, theirs) -> list[str]:
    """Every type, field, argument, enum value and interface of `ours` must exist in `theirs`, same type."""
    problems = []
    for name, our_type in ours.type_map.items():
        if name.startswith("__"):
            continue
        their_type = theirs.type_map.get(name)
        if their_type is None:
            problems.append(f"type {name} is not in GitHub's schema")
            continue
        if type(our_type) is not type(their_type):
            problems.append(
                f"{name} is a {type(our_type).__name__}, GitHub's is a {type(their_type).__name__}"
            )
            continue
        if isinstance(our_type, GraphQLEnumType):
            problems += [
                f"enum value {name}.{v} missing" for v in our_type.values if v not in their_type.values
            ]
        if isinstance(our_type, GraphQLInputObjectType):
            for field_name, field in our_type.fields.items():
                theirs_field = their_type.fields.get(field_name)
                if theirs_field is None or str(theirs_field.type) != str(field.type):
                    problems.append(
                        f"input field {name}.{field_name}: {field.type} vs {theirs_field and theirs_field.type}"
                    )
        if isinstance(our_type, GraphQLObjectType | GraphQLInterfaceType):
            their_interfaces = {i.name for i in their_type.interfaces}
            problems += [
                f"{name} implements {i.name} only here"
                for i in our_type.interfaces
                if i.name not in their_interfaces
            ]
            for field_name, field in our_type.fields.items():
                theirs_field = their_type.fields.get(field_name)
                if theirs_field is None:
                    problems.append(f"field {name}.{field_name} is not in GitHub's schema")
                    continue
                if str(theirs_field.type) != str(field.type):
                    problems.append(
                        f"field {name}.{field_name}: ours {field.type}, GitHub's {theirs_field.type}"
                    )
                for arg_name, arg in field.args.items():
                    their_arg = theirs_field.args.get(arg_name)
                    if their_arg is None or str(their_arg.type) != str(arg.type):
                        their_type_text = their_arg.type if their_arg else "missing"
                        problems.append(
                            f"argument {name}.{field_name}({arg_name}): ours {arg.type}, GitHub's {their_type_text}"
                        )
    return problems


def test_our_schema_is_a_subset_of_githubs():
    assert subset_differences(simulator_schema(), github_schema()) == []


def test_the_check_catches_a_wrong_type():
    from graphql import build_schema

    wrong = build_schema("type Query { repository(owner: String!, name: String): Repository }"
                         " type Repository { stargazerCount: String! starCount: Int }")  # fmt: skip
    problems = subset_differences(wrong, github_schema())
    assert "argument Query.repository(name): ours String, GitHub's String!" in problems
    assert "field Repository.stargazerCount: ours String!, GitHub's Int!" in problems
    assert "field Repository.starCount is not in GitHub's schema" in problems


def test_scalars_are_githubs():
    ours = {n for n, t in simulator_schema().type_map.items() if isinstance(t, GraphQLScalarType)}
    assert ours <= set(github_schema().type_map)


def test_our_schema_has_no_field_github_deprecated():
    deprecated = github_deprecations()
    ours = simulator_schema()
    used = [f"{name}.{field}" for name, t in ours.type_map.items() if hasattr(t, "fields") and not name.startswith("__")
            for field in t.fields]  # fmt: skip
    assert [f for f in used if f in deprecated] == []
