"""POST /graphql: parse, validate and execute with graphql-core against schema.graphql, over the state.

Answers the way GitHub does: 200 with `errors` for invalid queries; a missing repository is `null`
plus an error of type NOT_FOUND with its path while other aliases still resolve; `rateLimit` reports
the cost GitHub's formula gives (connections' requests / 100, at least 1).
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    build_schema,
    execute_sync,
    get_operation_ast,
    parse,
    validate,
    value_from_ast_untyped,
)
from graphql.execution import default_field_resolver
from graphql.language import DocumentNode

from bot.simulator.graphql_model import RootNode
from bot.simulator.routing import HttpError, Request, Response, RouteTable

routes = RouteTable()
SCHEMA_PATH = Path(__file__).with_name("schema.graphql")


@cache
def simulator_schema() -> GraphQLSchema:
    return build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))


@routes.add("POST", "/graphql")
def graphql_endpoint(request: Request) -> Response:
    if request.token is None:
        raise HttpError(
            401,
            "This endpoint requires you to be authenticated.",
            "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
        )
    payload = request.json()
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        raise HttpError(400, "Problems parsing JSON")
    variables = payload.get("variables") or {}
    if not isinstance(variables, dict):
        raise HttpError(400, "Problems parsing JSON")
    operation_name = payload.get("operationName")
    document, errors = checked_document(payload["query"])
    if document is None:
        return Response(body={"errors": [github_error(e) for e in errors]})
    schema = simulator_schema()
    cost = query_cost(document, variables, operation_name)
    remaining = int(request.context.get("remaining", 5000)) - cost
    root = RootNode(request, cost=cost, remaining=remaining)
    result = execute_sync(
        schema,
        document,
        root_value=root,
        variable_values=variables,
        operation_name=operation_name,
        type_resolver=lambda value, _info, _type: value.typename,
        field_resolver=nulling_resolver(frozenset(request.state.null_fields)),
    )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [github_error(e) for e in result.errors]
    if request.context.get("partial_error"):
        inject_partial_error(body, request)
    return Response(body=body, graphql_cost=cost)


@lru_cache(maxsize=64)
def checked_document(query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """The parsed query, or the errors of parsing or validating it. A client sends the same few query
    texts over and over (the audit: one per batch), and parsing and validating one of 20 aliased
    repositories costs the simulator more CPU than executing it: done once per text, as GitHub can."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, (error,)
    errors = validate(simulator_schema(), document)
    return (None, tuple(errors)) if errors else (document, ())


def nulling_resolver(null_fields: frozenset[str]) -> Any:
    """The default resolver, except that the fixture's `null_fields` ("Type.field") answer null."""

    def resolve(source: Any, info: Any, **arguments: Any) -> Any:
        if null_fields and f"{info.parent_type.name}.{info.field_name}" in null_fields:
            return None
        return default_field_resolver(source, info, **arguments)

    return resolve


def github_error(error: GraphQLError) -> dict[str, Any]:
    """GitHub puts the error's type ("NOT_FOUND", …) at the top level of each error."""
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = dict(formatted.pop("extensions", None) or {})
    if "type" in extensions:
        formatted = {"type": extensions.pop("type"), **formatted}
    if extensions:
        formatted["extensions"] = extensions
    return formatted


def inject_partial_error(body: dict[str, Any], request: Request) -> None:
    """The "graphql-partial-error" fault: the first aliased field other than rateLimit comes back null."""
    data = body.get("data") or {}
    target = next((key for key, value in data.items() if key != "rateLimit" and value is not None), None)
    if target is None:
        return
    data[target] = None
    message = (
        "Something went wrong while executing your query. This may be the result of a timeout, or it could "
        "be a GitHub bug. Please include `SIM0:GRAPHQL` when reporting this issue."
    )
    body.setdefault("errors", []).append({"path": [target], "message": message, "locations": []})


# ---- cost ---------------------------------------------------------------------------------------
def query_cost(document: DocumentNode, variables: dict[str, Any], operation_name: str | None) -> int:
    """GitHub's rate-limit cost: requests to fill every connection (first/last), / 100, at least 1."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 1
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    requests = _requests(operation.selection_set, 1, fragments, variables)
    return max(1, math.floor(requests / 100 + 0.5))


def _requests(
    selection_set: SelectionSetNode | None,
    multiplier: int,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            size = _page_size(selection, variables)
            if size is not None:
                total += multiplier
                total += _requests(selection.selection_set, multiplier * size, fragments, variables)
            else:
                total += _requests(selection.selection_set, multiplier, fragments, variables)
        elif isinstance(selection, InlineFragmentNode):
            total += _requests(selection.selection_set, multiplier, fragments, variables)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            total += _requests(
                fragments[selection.name.value].selection_set, multiplier, fragments, variables
            )
    return total


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            value = value_from_ast_untyped(argument.value, variables)
            return int(value) if isinstance(value, int) else None
    return None
