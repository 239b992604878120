"""GraphQL over the state: the bot's real queries, aliases, partial results, pagination, cost, objects."""

from __future__ import annotations

from pathlib import Path

from tests.simulator.conftest import session

ROOT = Path(__file__).resolve().parents[2]


def graphql(sim, query, variables=None, token="bot-token"):
    response = session(token).post(f"{sim.url}/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200
    return response.json()


def test_repository_facts_query(sim):
    query = (ROOT / "bot/facts/repository.graphql").read_text()
    variables = {"owner": "widgets", "name": "torchwidget", "since90": "2025-10-17T12:00:00Z",
                 "since365": "2025-01-15T12:00:00Z"}  # fmt: skip
    body = graphql(sim, query, variables)
    assert "errors" not in body, body.get("errors")
    repo = body["data"]["repository"]
    assert repo["nameWithOwner"] == "widgets/torchwidget" and repo["stargazerCount"] == 420
    assert repo["licenseInfo"]["spdxId"] == "MIT"
    target = repo["defaultBranchRef"]["target"]
    assert target["statusCheckRollup"] == {"state": "SUCCESS"}
    # 40 commits evenly over now-200d..now; 90 days back reaches 18 of them (days 0, 5.1, …, 87.2)
    assert target["last90"]["totalCount"] == 18
    assert target["last365"]["totalCount"] == 40  # the import is 400 days old
    assert {n["author"]["user"]["login"] for n in target["last365"]["nodes"] if n["author"]["user"]} == {
        "wendy", "xavier",
    }  # fmt: skip
    assert any(
        n["author"]["user"] is None and n["author"]["name"] == "Yann" for n in target["last365"]["nodes"]
    )
    root_names = {e["name"]: e["type"] for e in repo["root"]["entries"]}
    assert root_names == {"README.md": "blob", "LICENSE": "blob", "docs": "tree", "logo.png": "blob"}
    logo = next(e for e in repo["root"]["entries"] if e["name"] == "logo.png")["object"]
    assert logo == {"byteSize": 4, "isBinary": True, "text": None}
    assert repo["dotGithub"] is None and repo["workflowDir"] is None
    assert {e["name"] for e in repo["docsDir"]["entries"]} == {"api", "index.md"}
    assert repo["recentIssues"]["nodes"][0]["comments"]["nodes"][0]["author"]["login"] == "wendy"
    assert repo["releases"]["nodes"][0]["tagName"] == "v1.0" and repo["tags"]["totalCount"] == 1
    assert (repo["openIssues"]["totalCount"], repo["openPullRequests"]["totalCount"]) == (1, 0)
    assert body["data"]["rateLimit"]["cost"] == 1


def test_pull_request_context_query(sim):
    query = (ROOT / "bot/pull_request.graphql").read_text()
    sim.add_comment("acme/catalog", 1, "github-actions[bot]", "<!-- ecosystem-bot -->")
    variables = {
        "owner": "acme",
        "name": "catalog",
        "number": 1,
        "configExpression": "HEAD:.github/ecosystem-bot.yml",
    }
    body = graphql(sim, query, variables)
    assert "errors" not in body, body.get("errors")
    pr = body["data"]["repository"]["pullRequest"]
    assert pr["state"] == "OPEN"
    assert pr["files"]["nodes"] == [{"path": "catalog/b.yml", "changeType": "ADDED"}]
    comment = pr["comments"]["nodes"][0]
    assert comment["author"]["login"] == "github-actions"  # GraphQL drops "[bot]", as GitHub does
    rest = session().get(f"{sim.url}/repos/acme/catalog/issues/1/comments").json()
    assert (
        int(comment["fullDatabaseId"]) == rest[0]["id"] and rest[0]["user"]["login"] == "github-actions[bot]"
    )
    assert rest[0]["id"] >= 3_000_000_000 and isinstance(
        comment["fullDatabaseId"], str
    )  # a BigInt, as a string


def test_deleted_fork_has_null_head_repository(sim):
    body = graphql(sim, '{ repository(owner: "acme", name: "catalog") { pullRequest(number: 3) '
                        "{ headRepository { nameWithOwner } isCrossRepository state } } }")  # fmt: skip
    assert body["data"]["repository"]["pullRequest"] == {
        "headRepository": None,
        "isCrossRepository": True,
        "state": "OPEN",
    }


def test_aliases_batch_repositories_and_a_missing_one_is_null_with_error(sim):
    query = """query {
      r0: repository(owner: "acme", name: "catalog") { nameWithOwner }
      r1: repository(owner: "ghost", name: "missing") { nameWithOwner }
      r2: repository(owner: "widgets", name: "old-widget") { nameWithOwner }
      r3: repository(owner: "secret", name: "hidden") { nameWithOwner }
    }"""
    body = graphql(sim, query)
    assert body["data"] == {"r0": {"nameWithOwner": "acme/catalog"}, "r1": None,
                            "r2": {"nameWithOwner": "widgets/torchwidget"}, "r3": None}  # fmt: skip
    errors = {tuple(e["path"]): e for e in body["errors"]}
    assert errors[("r1",)]["type"] == "NOT_FOUND"
    assert errors[("r1",)]["message"] == "Could not resolve to a Repository with the name 'ghost/missing'."
    assert errors[("r3",)]["type"] == "NOT_FOUND"  # private, and the bot token has no access
    assert graphql(sim, query, token="alice-token")["data"]["r3"] == {"nameWithOwner": "secret/hidden"}


def test_dynamic_blob_aliases_at_a_sha_and_a_branch(sim):
    head = session().get(f"{sim.url}/repos/acme/catalog/pulls/1").json()["head"]["sha"]
    query = f"""query {{ repository(owner: "acme", name: "catalog") {{
      f0: object(expression: "{head}:catalog/b.yml") {{ ... on Blob {{ text byteSize isBinary }} }}
      f1: object(expression: "{head[:7]}:catalog/a.yml") {{ ... on Blob {{ text }} }}
      f2: object(expression: "main:catalog/b.yml") {{ ... on Blob {{ text }} }}
      f3: object(expression: "main:catalog") {{ ... on Tree {{ entries {{ name type path }} }} }}
      f4: object(expression: "{head}") {{ ... on Commit {{ oid message }} }}
    }} }}"""
    data = graphql(sim, query)["data"]["repository"]
    assert data["f0"] == {"text": "name: b\n", "byteSize": 8, "isBinary": False}
    assert data["f1"] == {"text": "name: a\n"}
    assert data["f2"] is None
    assert data["f3"] == {"entries": [{"name": "a.yml", "type": "blob", "path": "catalog/a.yml"}]}
    assert data["f4"]["oid"] == head


def test_comment_pagination_cursors(sim):
    for n in range(5):
        sim.add_comment("acme/catalog", 1, "carol", f"c{n}")
    query = """query($after: String) { repository(owner: "acme", name: "catalog") { pullRequest(number: 1) {
      comments(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { body } } } } }"""
    bodies, cursor = [], None
    for _ in range(5):
        page = graphql(sim, query, {"after": cursor})["data"]["repository"]["pullRequest"]["comments"]
        bodies += [n["body"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    assert bodies == ["c0", "c1", "c2", "c3", "c4"]


def test_connection_rules_like_github(sim):
    missing = graphql(sim, '{ repository(owner: "acme", name: "catalog") { labels { nodes { name } } } }')
    assert "You must provide a `first` or `last` value" in missing["errors"][0]["message"]
    too_many = graphql(
        sim, '{ repository(owner: "acme", name: "catalog") { labels(first: 101) { totalCount } } }'
    )
    assert "exceeds the `first` limit of 100 records" in too_many["errors"][0]["message"]


def test_invalid_query_is_200_with_errors_and_no_data(sim):
    body = graphql(sim, '{ repository(owner: "acme", name: "catalog") { starCount } }')
    assert "data" not in body and "starCount" in body["errors"][0]["message"]
    syntax = graphql(sim, "{ repository(")
    assert "Syntax Error" in syntax["errors"][0]["message"]


def test_cost_and_remaining(sim):
    cheap = graphql(sim, "{ rateLimit { cost remaining limit } }")["data"]["rateLimit"]
    assert cheap == {"cost": 1, "remaining": 4999, "limit": 5000}
    query = """{ rateLimit { cost remaining } repository(owner: "acme", name: "catalog") {
      issues(first: 100) { nodes { comments(first: 100) { nodes { body } } labels(first: 100) { nodes { name } } } } } }"""
    # 1 + 100 + 100 requests → 201 / 100 → cost 2
    expensive = graphql(sim, query)["data"]["rateLimit"]
    assert expensive == {"cost": 2, "remaining": 4997}  # 5000 - 1 - 2
    assert sim.requests[-1].graphql_cost == 2


def test_graphql_budget_exhausts(sim):
    statuses = [graphql(sim, "{ rateLimit { remaining } }", token="tiny-token") for _ in range(3)]
    assert [s.get("data", {}) and s["data"]["rateLimit"]["remaining"] for s in statuses[:2]] == [1, 0]
    assert statuses[2]["errors"][0]["type"] == "RATE_LIMITED"


def test_graphql_needs_a_token(sim):
    import requests

    response = requests.post(f"{sim.url}/graphql", json={"query": "{ rateLimit { cost } }"})
    assert response.status_code == 401


def test_history_since_until_and_refs(sim):
    query = """{ repository(owner: "widgets", name: "torchwidget") {
      branches: refs(refPrefix: "refs/heads/", first: 10) { nodes { name } }
      defaultBranchRef { target { ... on Commit { all: history { totalCount }
        window: history(since: "2025-12-16T12:00:00Z", until: "2026-01-10T12:00:00Z") { totalCount }
        docs: history(path: "docs", first: 5) { totalCount } } } } } }"""
    repo = graphql(sim, query)["data"]["repository"]
    target = repo["defaultBranchRef"]["target"]
    assert (target["all"]["totalCount"], target["docs"]["totalCount"]) == (41, 1)
    assert target["window"]["totalCount"] == 5  # commits every ~5.1 days between day 30 and day 5 back
    assert repo["branches"]["nodes"] == [{"name": "main"}]


def test_pull_request_states_labels_and_license_kinds():
    from bot.simulator import Simulator

    fixture = {
        "tokens": {"t": "someone"},
        "repositories": [
            {"name": "o/r", "license": "NOASSERTION", "commits": [{"files": {"a": "1"}}],
             "labels": ["New"],
             "pull_requests": [{"number": 1, "state": "merged", "labels": ["New"]},
                               {"number": 2, "state": "closed"}, {"number": 3}]},
            {"name": "o/unlicensed"},
        ],
    }  # fmt: skip
    query = """{ r: repository(owner: "o", name: "r") {
        licenseInfo { spdxId key }
        p1: pullRequest(number: 1) { state merged labels(first: 5) { nodes { name } } }
        p2: pullRequest(number: 2) { state merged }
        p3: pullRequest(number: 3) { state isCrossRepository headRepository { nameWithOwner } }
        merged: pullRequests(states: MERGED) { totalCount }
        open: pullRequests(states: [OPEN, CLOSED]) { totalCount } }
      u: repository(owner: "o", name: "unlicensed") { licenseInfo { spdxId } } }"""
    with Simulator(fixture) as sim:
        data = graphql(sim, query, token="t")["data"]
        rest = session("t").get(f"{sim.url}/repos/o/r/pulls/1").json()
        rest_license = session("t").get(f"{sim.url}/repos/o/r").json()["license"]
    repo = data["r"]
    assert repo["licenseInfo"] == {"spdxId": "NOASSERTION", "key": "other"}
    assert rest_license["spdx_id"] == "NOASSERTION" and rest_license["key"] == "other"
    assert repo["p1"] == {"state": "MERGED", "merged": True, "labels": {"nodes": [{"name": "New"}]}}
    assert repo["p2"] == {"state": "CLOSED", "merged": False}
    assert repo["p3"] == {
        "state": "OPEN",
        "isCrossRepository": False,
        "headRepository": {"nameWithOwner": "o/r"},
    }
    assert (repo["merged"]["totalCount"], repo["open"]["totalCount"]) == (1, 2)
    assert data["u"] == {"licenseInfo": None}
    assert rest["merged"] is True and rest["state"] == "closed"


def test_a_comment_id_above_2_31_overflows_databaseid_as_on_github(sim):
    """GraphQL `Int` is 32-bit: GitHub answers an error on that field, null for it, the rest intact."""
    posted = sim.add_comment("acme/catalog", 1, "alice", "looks good")
    assert posted["id"] >= 3_000_000_000
    query = (
        'query { repository(owner: "acme", name: "catalog") { pullRequest(number: 1) {'
        " number comments(first: 5) { nodes { databaseId fullDatabaseId body } } } } }"
    )
    body = graphql(sim, query)
    node = body["data"]["repository"]["pullRequest"]["comments"]["nodes"][0]
    assert node == {"databaseId": None, "fullDatabaseId": str(posted["id"]), "body": "looks good"}
    assert body["data"]["repository"]["pullRequest"]["number"] == 1
    [error] = body["errors"]
    assert error["path"] == ["repository", "pullRequest", "comments", "nodes", 0, "databaseId"]
    assert str(posted["id"]) in error["message"]


def test_node_ids_are_in_githubs_current_format(sim):
    """`R_kgDO…`, `PR_kwDO…`, `IC_kwDO…`: base64url MessagePack, checked against real published ids."""
    from bot.simulator.shapes import legacy_node_id, node_id

    assert node_id("R", 591427149) == "R_kgDOI0B2TQ"  # a repository in @octokit/webhooks-examples
    assert node_id("CR", 591427149, 12877621891) == "CR_kwDOI0B2Tc8AAAAC_5Dqgw"  # a 64-bit id there
    assert legacy_node_id("License", 13) == "MDc6TGljZW5zZTEz"  # MIT's license node id
    posted = sim.add_comment("acme/catalog", 1, "alice", "hi")
    assert posted["node_id"].startswith("IC_kwDO")
    rest = session().get(f"{sim.url}/repos/acme/catalog/pulls/1").json()
    assert rest["node_id"].startswith("PR_kwDO") and rest["base"]["repo"]["node_id"].startswith("R_kgDO")
    assert 1_000_000_000 <= rest["base"]["repo"]["id"] < 2**31 and rest["user"]["node_id"].startswith(
        "U_kgDO"
    )
