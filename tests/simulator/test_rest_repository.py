"""Repositories, files, people, users and the SBOM over real HTTP."""

from __future__ import annotations

import base64

import pytest
import requests
from github import GithubException

from tests.simulator.conftest import ALICE, CAROL, github, session


def test_renamed_repository_answers_301_and_clients_follow(sim, api):
    raw = api.get(f"{sim.url}/repos/widgets/old-widget", allow_redirects=False)
    assert raw.status_code == 301
    assert raw.headers["Location"].startswith(f"{sim.url}/repositories/")
    assert raw.json()["message"] == "Moved Permanently"
    followed = api.get(f"{sim.url}/repos/widgets/old-widget/readme")
    assert followed.status_code == 200 and followed.history[0].status_code == 301
    assert github(sim).get_repo("widgets/old-widget").full_name == "widgets/torchwidget"


def test_missing_and_private_repositories_are_404(sim, api):
    assert api.get(f"{sim.url}/repos/nobody/nothing").status_code == 404
    assert session(CAROL).get(f"{sim.url}/repos/secret/hidden").status_code == 404
    assert session(ALICE).get(f"{sim.url}/repos/secret/hidden").json()["private"] is True
    with pytest.raises(GithubException) as raised:
        github(sim).get_repo("nobody/nothing")
    assert raised.value.status == 404


def test_repository_metadata(sim, api):
    body = api.get(f"{sim.url}/repos/widgets/torchwidget").json()
    assert (body["stargazers_count"], body["license"]["spdx_id"], body["topics"]) == (420, "MIT", ["pytorch"])
    assert body["default_branch"] == "main" and body["archived"] is False


def test_contents_file_directory_and_ref(sim, api):
    url = f"{sim.url}/repos/widgets/torchwidget/contents"
    readme = api.get(f"{url}/README.md").json()
    assert base64.b64decode(readme["content"]).decode() == "# torchwidget\n"
    listing = api.get(f"{url}/docs").json()
    assert [(e["name"], e["type"]) for e in listing] == [("api", "dir"), ("index.md", "file")]
    assert api.get(f"{url}/nope.md").status_code == 404
    assert api.get(f"{url}/README.md", params={"ref": "v1.0"}).status_code == 200
    assert api.get(f"{url}/README.md", params={"ref": "no-such-branch"}).status_code == 404
    pr_head = api.get(f"{sim.url}/repos/acme/catalog/pulls/1").json()["head"]["sha"]
    at_head = api.get(f"{sim.url}/repos/acme/catalog/contents/catalog/b.yml", params={"ref": pr_head})
    assert base64.b64decode(at_head.json()["content"]).decode() == "name: b\n"
    assert api.get(f"{sim.url}/repos/acme/catalog/contents/catalog/b.yml").status_code == 404  # not on main
    assert (
        github(sim).get_repo("widgets/torchwidget").get_contents("docs/index.md").decoded_content
        == b"# Docs\n"
    )


def test_recursive_tree(sim, api):
    flat = api.get(f"{sim.url}/repos/widgets/torchwidget/git/trees/main").json()
    deep = api.get(f"{sim.url}/repos/widgets/torchwidget/git/trees/main", params={"recursive": "1"}).json()
    assert {e["path"] for e in flat["tree"]} == {"README.md", "LICENSE", "docs", "logo.png"}
    assert {e["path"] for e in deep["tree"] if e["type"] == "blob"} == {
        "README.md", "LICENSE", "docs/index.md", "docs/api/ref.md", "logo.png",
    }  # fmt: skip
    assert {e["path"] for e in deep["tree"] if e["type"] == "tree"} == {"docs", "docs/api"}
    docs_sha = next(e["sha"] for e in flat["tree"] if e["path"] == "docs")
    sub = api.get(f"{sim.url}/repos/widgets/torchwidget/git/trees/{docs_sha}").json()
    assert {e["path"] for e in sub["tree"]} == {"api", "index.md"}
    tree = github(sim).get_repo("widgets/torchwidget").get_git_tree("main", recursive=True)
    assert len(tree.tree) == 7


def test_readme_and_license(sim, api):
    assert api.get(f"{sim.url}/repos/widgets/torchwidget/readme").json()["path"] == "README.md"
    license_body = api.get(f"{sim.url}/repos/widgets/torchwidget/license").json()
    assert license_body["license"]["spdx_id"] == "MIT" and license_body["path"] == "LICENSE"
    assert api.get(f"{sim.url}/repos/acme/catalog/license").status_code == 404


@pytest.mark.parametrize(
    ("login", "permission", "role"),
    [("alice", "admin", "admin"), ("mo", "write", "maintain"), ("wes", "write", "write"),
     ("tri", "read", "triage"), ("rita", "read", "read"), ("carol", "none", "none")],
)  # fmt: skip
def test_collaborator_permission_mapping(sim, api, login, permission, role):
    body = api.get(f"{sim.url}/repos/acme/catalog/collaborators/{login}/permission").json()
    assert (body["permission"], body["role_name"], body["user"]["login"]) == (permission, role, login)
    assert github(sim).get_repo("acme/catalog").get_collaborator_permission(login) == permission


def test_permission_of_unknown_user_is_404(sim, api):
    assert api.get(f"{sim.url}/repos/acme/catalog/collaborators/ghost-user/permission").status_code == 404


def test_contributors_count_from_link_header(sim, api):
    url = f"{sim.url}/repos/widgets/torchwidget/contributors"
    named = api.get(url, params={"per_page": 1})
    with_anonymous = api.get(url, params={"per_page": 1, "anon": "1"})
    assert named.links["last"]["url"].endswith("page=2")  # wendy, xavier
    assert with_anonymous.links["last"]["url"].endswith("page=3")  # + Yann (no GitHub account)
    everyone = api.get(url, params={"anon": "1"}).json()
    assert sum(c["contributions"] for c in everyone) == 41
    assert {c.get("login", c.get("name")) for c in everyone} == {"wendy", "xavier", "Yann"}


def test_authenticated_user_fails_for_the_actions_bot(sim):
    refused = session().get(f"{sim.url}/user")
    assert (
        refused.status_code == 403 and refused.json()["message"] == "Resource not accessible by integration"
    )
    assert session(ALICE).get(f"{sim.url}/user").json()["login"] == "alice"
    assert requests.get(f"{sim.url}/user").status_code == 401
    assert session().get(f"{sim.url}/users/wendy").json()["type"] == "User"
    assert session().get(f"{sim.url}/users/nobody-at-all").status_code == 404


def test_actions_runs_and_sbom(sim, api):
    runs = api.get(f"{sim.url}/repos/widgets/torchwidget/actions/runs").json()
    assert runs == {"total_count": 0, "workflow_runs": []}
    sbom = api.get(f"{sim.url}/repos/widgets/torchwidget/dependency-graph/sbom").json()["sbom"]
    assert sbom["spdxVersion"] == "SPDX-2.3"
    torch = next(p for p in sbom["packages"] if p["name"] == "torch")
    assert (torch["versionInfo"], torch["licenseDeclared"]) == ("2.5.1", "BSD-3-Clause")


def test_sbom_is_valid_spdx(sim, api, tmp_path):
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    sbom = api.get(f"{sim.url}/repos/widgets/torchwidget/dependency-graph/sbom").json()["sbom"]
    path = tmp_path / "sbom.spdx.json"
    path.write_text(__import__("json").dumps(sbom))
    document = parse_file(str(path))
    assert validate_full_spdx_document(document) == []
    assert {p.name for p in document.packages} == {"com.github.widgets/torchwidget", "torch"}
