"""The catalog audit: re-vet every listed project, track the ones at risk across runs.

    targets = read_catalog(root, config, policy)                 # listing.py
    result = audit(client, targets, policy, options, previous)    # run.py → AuditResult
    merged = merge_results([shard1, shard2, ...])                  # shards.py

The result is plain JSON data (`AuditResult.to_json()`); its `state` is what the next run needs
(entries at risk and since when, entries not reached), kept in the tracking issue by the Action.
"""
