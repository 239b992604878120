"""Package registry endpoints over the state: PyPI's JSON API and api.anaconda.org."""

from __future__ import annotations

from bot.simulator.fixture import normalise_pypi
from bot.simulator.routing import HttpError, Request, Response, RouteTable

routes = RouteTable()


@routes.add("GET", "/pypi/{name}/json")
def pypi_project(request: Request) -> Response:
    """PyPI redirects non-normalised names; we answer them directly. 404 {"message": "Not Found"}."""
    project = request.state.pypi.get(normalise_pypi(request.params["name"]))
    if project is None:
        raise HttpError(404, "Not Found")
    return Response(body=project)


@routes.add("GET", "/anaconda/package/{channel}/{name}")
def conda_package(request: Request) -> Response:
    package = request.state.conda.get(request.params["channel"], {}).get(request.params["name"].lower())
    if package is None:
        raise HttpError(
            404, f"{request.params['channel']}/{request.params['name']} not found", error="not_found"
        )
    return Response(body=package)
