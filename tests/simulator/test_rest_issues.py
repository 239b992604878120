"""Pull requests, comments, labels and reactions over real HTTP, with requests and PyGithub."""

from __future__ import annotations

import pytest
from github import GithubException

from tests.simulator.conftest import ALICE, CAROL, READ_ONLY, github, session

REPO = "acme/catalog"


def test_pull_request_shapes_head_base_and_fork(sim, api):
    body = api.get(f"{sim.url}/repos/{REPO}/pulls/1").json()
    assert body["head"]["repo"]["full_name"] == "carol/catalog"
    assert body["base"]["repo"]["full_name"] == REPO
    assert body["head"]["sha"] != body["base"]["sha"]
    assert body["user"]["login"] == "carol"
    deleted = api.get(f"{sim.url}/repos/{REPO}/pulls/3").json()
    assert deleted["head"]["repo"] is None
    assert api.get(f"{sim.url}/repos/{REPO}/pulls/99").status_code == 404


def test_pull_files_paginate_with_link_header(sim, api):
    first = api.get(f"{sim.url}/repos/{REPO}/pulls/2/files", params={"per_page": 20})
    assert [f["filename"] for f in first.json()][:2] == ["catalog/p00.yml", "catalog/p01.yml"]
    assert len(first.json()) == 20
    assert 'rel="next"' in first.headers["Link"] and 'page=3>; rel="last"' in first.headers["Link"]
    last = api.get(first.links["last"]["url"])
    assert len(last.json()) == 5 and "next" not in last.links and "prev" in last.links
    assert {f["status"] for f in last.json()} == {"added"}


def test_pygithub_pages_through_all_files(sim):
    files = list(github(sim).get_repo(REPO).get_pull(2).get_files())
    assert len(files) == 45


def test_comment_author_is_the_token_identity(sim):
    bot_comment = session().post(f"{sim.url}/repos/{REPO}/issues/1/comments", json={"body": "checklist"})
    alice_comment = session(ALICE).post(
        f"{sim.url}/repos/{REPO}/issues/1/comments", json={"body": "/recheck"}
    )
    assert bot_comment.status_code == 201 and bot_comment.json()["user"]["login"] == "github-actions[bot]"
    assert bot_comment.json()["user"]["type"] == "Bot"
    assert alice_comment.json()["user"]["login"] == "alice"
    assert [(c["user"]["login"], c["body"]) for c in sim.comments(REPO, 1)] == [
        ("github-actions[bot]", "checklist"),
        ("alice", "/recheck"),
    ]


def test_comments_paginate(sim, api):
    for n in range(35):
        sim.add_comment(REPO, 1, "carol", f"comment {n}")
    page = api.get(f"{sim.url}/repos/{REPO}/issues/1/comments")
    assert len(page.json()) == 30 and "next" in page.links
    rest = api.get(page.links["next"]["url"]).json()
    assert [c["body"] for c in rest] == [f"comment {n}" for n in range(30, 35)]
    assert len(list(github(sim).get_repo(REPO).get_issue(1).get_comments())) == 35


def test_read_only_token_cannot_write(sim):
    client = session(READ_ONLY)
    comment = sim.add_comment(REPO, 1, "carol", "hi")
    attempts = [
        client.post(f"{sim.url}/repos/{REPO}/issues/1/comments", json={"body": "x"}),
        client.post(f"{sim.url}/repos/{REPO}/issues/1/labels", json=["New"]),
        client.post(f"{sim.url}/repos/{REPO}/labels", json={"name": "Other"}),
        client.post(
            f"{sim.url}/repos/{REPO}/issues/comments/{comment['id']}/reactions", json={"content": "eyes"}
        ),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert response.json()["message"] == "Resource not accessible by integration"
    assert sim.state.issue_labels(REPO, 1) == [] and len(sim.comments(REPO, 1)) == 1
    with pytest.raises(GithubException) as raised:
        github(sim, READ_ONLY).get_repo(REPO).get_issue(1).create_comment("x")
    assert raised.value.status == 403


def test_body_too_long_is_422(sim, api):
    response = api.post(f"{sim.url}/repos/{REPO}/issues/1/comments", json={"body": "x" * 65537})
    assert response.status_code == 422
    assert "Body is too long" in response.json()["errors"][0]["message"]
    assert (
        api.post(f"{sim.url}/repos/{REPO}/issues/1/comments", json={"body": "x" * 65536}).status_code == 201
    )


def test_edit_and_delete_comment(sim, api):
    created = api.post(f"{sim.url}/repos/{REPO}/issues/1/comments", json={"body": "v1"}).json()
    edited = api.patch(f"{sim.url}/repos/{REPO}/issues/comments/{created['id']}", json={"body": "v2"})
    assert edited.status_code == 200 and edited.json()["body"] == "v2"
    assert [c["body"] for c in sim.comments(REPO, 1)] == ["v2"]
    assert api.delete(f"{sim.url}/repos/{REPO}/issues/comments/{created['id']}").status_code == 204
    assert sim.comments(REPO, 1) == []
    assert api.delete(f"{sim.url}/repos/{REPO}/issues/comments/{created['id']}").status_code == 404


def test_only_the_author_or_a_collaborator_edits_a_comment(sim):
    theirs = sim.add_comment(REPO, 1, "github-actions[bot]", "sticky")
    url = f"{sim.url}/repos/{REPO}/issues/comments/{theirs['id']}"
    refused = session(CAROL).patch(url, json={"body": "hijack"})  # carol: no role on acme/catalog
    assert refused.status_code == 403
    assert session(ALICE).patch(url, json={"body": "admin edit"}).status_code == 200  # alice: admin
    assert [c["body"] for c in sim.comments(REPO, 1)] == ["admin edit"]


def test_pygithub_comment_roundtrip(sim):
    issue = github(sim).get_repo(REPO).get_issue(1)
    comment = issue.create_comment("hello")
    assert comment.user.login == "github-actions[bot]"
    comment.edit("hello again")
    assert issue.get_comment(comment.id).body == "hello again"
    comment.delete()
    assert sim.comments(REPO, 1) == []


def test_label_add_replace_remove(sim, api):
    url = f"{sim.url}/repos/{REPO}/issues/1/labels"
    added = api.post(url, json=["New", "In review"])
    assert [x["name"] for x in added.json()] == ["New", "In review"]
    assert api.post(url, json={"labels": ["new"]}).status_code == 200  # case-insensitive, no duplicate
    assert sim.state.issue_labels(REPO, 1) == ["New", "In review"]
    assert "In review" in [x["name"] for x in sim.state.repo_labels(REPO)]  # created on the fly, grey
    assert next(x for x in sim.state.repo_labels(REPO) if x["name"] == "In review")["color"] == "ededed"
    replaced = api.put(url, json=["Accepted"])
    assert [x["name"] for x in replaced.json()] == ["Accepted"]
    assert sim.state.issue_labels(REPO, 1) == ["Accepted"]
    removed = api.delete(f"{url}/Accepted")
    assert removed.status_code == 200 and removed.json() == []
    missing = api.delete(f"{url}/Accepted")
    assert missing.status_code == 404 and missing.json()["message"] == "Label does not exist"


def test_label_with_space_via_pygithub(sim):
    issue = github(sim).get_repo(REPO).get_issue(1)
    issue.add_to_labels("Need more info")
    issue.set_labels("Need more info", "New")
    issue.remove_from_labels("Need more info")
    assert sim.state.issue_labels(REPO, 1) == ["New"]


def test_repository_labels_create_get_and_conflict(sim, api):
    created = api.post(f"{sim.url}/repos/{REPO}/labels", json={"name": "Accepted", "color": "#00ff00"})
    assert created.status_code == 201 and created.json()["color"] == "00ff00"
    again = api.post(f"{sim.url}/repos/{REPO}/labels", json={"name": "accepted", "color": "00ff00"})
    assert again.status_code == 422 and again.json()["errors"][0]["code"] == "already_exists"
    assert api.get(f"{sim.url}/repos/{REPO}/labels/Accepted").json()["name"] == "Accepted"
    assert api.get(f"{sim.url}/repos/{REPO}/labels/Nope").status_code == 404
    names = [label.name for label in github(sim).get_repo(REPO).get_labels()]
    assert names == ["New", "Accepted"]
    updated = api.patch(
        f"{sim.url}/repos/{REPO}/labels/Accepted", json={"color": "123456", "description": "ok"}
    )
    assert updated.json()["description"] == "ok"


def test_reactions(sim, api):
    comment = sim.add_comment(REPO, 1, "alice", "/recheck")
    url = f"{sim.url}/repos/{REPO}/issues/comments/{comment['id']}/reactions"
    first = api.post(url, json={"content": "eyes"})
    assert first.status_code == 201 and first.json()["user"]["login"] == "github-actions[bot]"
    assert api.post(url, json={"content": "eyes"}).status_code == 200  # the same reaction again
    assert api.post(url, json={"content": "thumbs"}).status_code == 422
    github(sim).get_repo(REPO).get_issue(1).get_comment(comment["id"]).create_reaction("rocket")
    assert sim.state.reactions(REPO, comment["id"]) == ["eyes", "rocket"]
    assert [r["content"] for r in api.get(url).json()] == ["eyes", "rocket"]
    assert api.get(f"{sim.url}/repos/{REPO}/issues/comments/{comment['id']}").json()["reactions"]["eyes"] == 1


def test_push_moves_the_head(sim, api):
    before = api.get(f"{sim.url}/repos/{REPO}/pulls/1").json()["head"]["sha"]
    sha = sim.state.push(REPO, 1, {"catalog/b.yml": "name: b2\n", "catalog/extra.yml": "x: 1\n"})
    after = api.get(f"{sim.url}/repos/{REPO}/pulls/1").json()
    assert after["head"]["sha"] == sha != before
    assert {f["filename"]: f["status"] for f in api.get(f"{sim.url}/repos/{REPO}/pulls/1/files").json()} == {
        "catalog/b.yml": "added",
        "catalog/extra.yml": "added",
    }
    content = api.get(f"{sim.url}/repos/{REPO}/contents/catalog/b.yml", params={"ref": sha}).json()
    assert content["type"] == "file"
    fork_view = api.get(f"{sim.url}/repos/carol/catalog/contents/catalog/b.yml", params={"ref": sha})
    assert fork_view.status_code == 200
