from __future__ import annotations

import pytest

from bot.audit.shards import Shard, ShardError, parse_shard, shard_of


def test_parse_shard() -> None:
    assert parse_shard("2/3") == Shard(2, 3)
    assert str(parse_shard(" 1 / 1 ")) == "1/1"
    for bad in ("0/3", "4/3", "3", "a/b", "1/0"):
        with pytest.raises(ShardError):
            parse_shard(bad)


def test_every_key_lands_in_exactly_one_shard_the_same_way_every_time() -> None:
    keys = [f"catalog/p{i}.yml#abc" for i in range(200)]
    shards = [Shard(i, 4) for i in (1, 2, 3, 4)]
    for key in keys:
        assert sum(s.owns(key) for s in shards) == 1
        assert shard_of(key, 4) == shard_of(key, 4)
    assert all(any(s.owns(k) for k in keys) for s in shards)  # none left empty by 200 keys
