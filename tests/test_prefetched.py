"""`Prefetched`: the files read with the pull request serve later reads only when they say enough."""

from __future__ import annotations

from bot.pull_request import Blob, BlobRequest, Prefetched, TreeListing

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
