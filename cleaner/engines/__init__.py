"""Running shards on engines: every engine calls cleaner.shards.clean_shard, one call per shard.

- cleaner.engines.ray: Ray Core, one task per shard (`cleaner clean ... --engine ray`).
- cleaner.engines.adapters: for pipelines that already live elsewhere: any
  concurrent.futures.Executor (Dask's too), Spark (a list of shards, or mapPartitions over
  records), and Ray Data (map_batches).

Without an engine, `--rank K --world-size N` splits the shards between independent runs.
"""
