"""`Prefetched`: the files read with the pull request serve later reads only when they say enough."""

from __future__ import annotations

from bot.pull_request import Blob, BlobRequest, Prefetched, TreeListing, _decode_reads

HEAD = "1" * 40


def test_a_file_is_served_from_its_folders_listing_with_texts():
    known = Prefetched(trees={(HEAD, "catalog"): TreeListing("catalog", {"catalog/a.yml": b"name: a\n"})})
    assert known.blob(BlobRequest(HEAD, "catalog/a.yml")) == Blob("catalog/a.yml", HEAD, b"name: a\n")
    assert known.blob(BlobRequest("2" * 40, "catalog/a.yml")) is None  # another commit: read it


def test_binary_unlisted_or_name_only_files_are_read_again():
    known = Prefetched(
        trees={
            (HEAD, "catalog"): TreeListing("catalog", {"catalog/logo.png": None}),
            (HEAD, "logos"): TreeListing("logos", {"logos/a.svg": None}),
        },
        named_only={(HEAD, "logos")},
    )
    assert known.blob(BlobRequest(HEAD, "catalog/logo.png")) is None  # its own read says why
    assert known.blob(BlobRequest(HEAD, "catalog/b.yml")) is None
    assert known.tree(BlobRequest(HEAD, "logos", tree=True)) is None  # texts wanted, names known
    assert known.tree(BlobRequest(HEAD, "logos", tree=True, texts=False)) is not None


def test_a_listed_text_shorter_than_its_file_is_not_used():
    listing = {
        "entries": [{"path": "catalog/a.yml", "type": "blob", "object": {"text": "name: a", "byteSize": 900}}]
    }
    whole = {
        "entries": [{"path": "catalog/b.yml", "type": "blob", "object": {"text": "name: b", "byteSize": 7}}]
    }
    wanted = [BlobRequest(HEAD, "catalog", tree=True), BlobRequest("2" * 40, "catalog", tree=True)]
    known = _decode_reads({"entry0": listing, "entry1": whole}, wanted, "entry")
    assert known.blob(BlobRequest(HEAD, "catalog/a.yml")) is None  # read on its own: the problem says why
    assert known.blob(BlobRequest("2" * 40, "catalog/b.yml")) == Blob("catalog/b.yml", "2" * 40, b"name: b")
    direct = _decode_reads(
        {"entry0": {"text": "name: a", "byteSize": 900}}, [BlobRequest(HEAD, "a.yml")], "entry"
    )
    assert direct.blobs[(HEAD, "a.yml")].problem == (
        "GitHub's text of the file is 7 bytes, the file 900: truncated or not UTF-8"
    )


def test_reads_missing_from_the_answer_are_left_for_later_not_taken_as_missing_files():
    wanted = [BlobRequest(HEAD, "landscape.yml"), BlobRequest(HEAD, "catalog", tree=True)]
    known = _decode_reads({"entry0": None}, wanted, "entry", skip_absent=True)
    assert known.blobs[(HEAD, "landscape.yml")].problem == "the file does not exist at this commit"  # null
    assert known.tree(BlobRequest(HEAD, "catalog", tree=True)) is None  # absent: read it again


def test_reads_at_a_ref_are_kept_only_under_the_pr_commit_it_resolved_to():
    pull_head, branch, base = "refs/pull/7/head", "refs/heads/main", "3" * 40
    known = Prefetched(
        blobs={
            (pull_head, "landscape.yml"): Blob("landscape.yml", pull_head, b"head"),
            (branch, "landscape.yml"): Blob("landscape.yml", branch, b"tip of main"),
        },
        trees={(pull_head, "logos"): TreeListing("logos", {"logos/a.svg": None})},
        named_only={(pull_head, "logos")},
    )
    # The head ref resolved to the PR's head; main has moved past the PR's base since.
    pinned = known.pinned({pull_head: HEAD, branch: "4" * 40}, {HEAD, base})
    assert pinned.blob(BlobRequest(HEAD, "landscape.yml")) == Blob("landscape.yml", HEAD, b"head")
    assert pinned.blob(BlobRequest(base, "landscape.yml")) is None  # read at the base commit later
    assert pinned.blob(BlobRequest("4" * 40, "landscape.yml")) is None  # never kept under main's tip
    assert pinned.tree(BlobRequest(HEAD, "logos", tree=True, texts=False)) is not None
    assert pinned.tree(BlobRequest(HEAD, "logos", tree=True)) is None  # still names only
    # A ref that did not resolve (no such ref on this GitHub) keeps nothing.
    assert known.pinned({pull_head: None, branch: None}, {HEAD, base}).blobs == {}
