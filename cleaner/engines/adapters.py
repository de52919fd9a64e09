"""Short adapters for pipelines that already run on an engine. Each keeps cleaner's rule:
a record that cannot be cleaned is reported, never raised, since on every engine one
uncaught exception fails the whole job.

Shards (the same output, done markers and errors as `cleaner clean -o DIR`):

    from cleaner.shards import Job, plan_shards
    job = Job.from_config(Config())
    shards = plan_shards(["corpus/"], "cleaned/", job)
    run_on_executor(executor, shards, job)          # any concurrent.futures.Executor;
                                                    # Dask: client.get_executor()
    run_on_spark(spark.sparkContext, shards, job)   # one Spark task per shard

Records (what the engine's own readers and writers move):

    rdd.mapPartitions(partition_cleaner())          # Spark: dicts or Rows in, dicts out
    ds.map_batches(BatchCleaner, concurrency=4)     # Ray Data: one Cleaner per actor

A cleaned record keeps its fields, its text field holds the clean text, "cleaner" holds the
report as a JSON string (one column type for every engine's schema) and "cleaner_error" the
reason when the record could not be cleaned (its text is then left as it was).
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

from ..config import Config
from ..shards import Job, Shard, clean_record, clean_shard


# -- shards -----------------------------------------------------------------------------------
def run_on_executor(executor, shards: list[Shard], job: Job) -> list[tuple[Shard, dict | str]]:
    """Clean each shard as one task of a concurrent.futures.Executor. Returns, per shard,
    its statistics, or the error that failed its task (its shard then has no done marker)."""
    futures = [(shard, executor.submit(clean_shard, shard, job)) for shard in shards]
    results = []
    for shard, future in futures:
        try:
            results.append((shard, future.result()))
        except Exception as e:
            results.append((shard, f"{type(e).__name__}: {e}"))
    return results


def run_on_spark(spark_context, shards: list[Shard], job: Job) -> list[dict]:
    """Clean each shard as one Spark task (cleaner must be installed on the executors)."""
    if not shards:
        return []
    rdd = spark_context.parallelize(shards, numSlices=len(shards))
    return rdd.map(lambda shard: clean_shard(shard, job)).collect()


# -- records ----------------------------------------------------------------------------------
def clean_records(records: Iterable[dict], cleaner, text_field: str = "text",
                  html_field: str = "html") -> Iterator[dict]:
    """Each record cleaned, in order; see the module docstring for the fields it gets."""
    for record in records:
        out = dict(record)
        try:
            result, error = clean_record(cleaner, out, text_field, html_field)
        except Exception as e:
            result, error = None, ("exception", f"{type(e).__name__}: {e}", None)
        if result is None:
            out["cleaner"], out["cleaner_error"] = None, error[1]
        else:
            report = result.to_dict()
            out[text_field] = report.pop("text")
            out["cleaner"], out["cleaner_error"] = json.dumps(report, ensure_ascii=False), None
        yield out


def partition_cleaner(config: Config | None = None, *, text_field: str = "text",
                      html_field: str = "html") -> Callable[[Iterable[Any]], Iterator[dict]]:
    """A function for Spark's rdd.mapPartitions: one Cleaner per partition."""
    def clean_partition(rows: Iterable[Any]) -> Iterator[dict]:
        from ..pipeline import Cleaner
        cleaner = Cleaner(config)
        records = (row.asDict() if hasattr(row, "asDict") else dict(row) for row in rows)
        yield from clean_records(records, cleaner, text_field, html_field)
    return clean_partition


class BatchCleaner:
    """For Ray Data's map_batches (batch_format="default", or "pandas"): a callable class,
    so each actor builds its Cleaner once.

        ds.map_batches(BatchCleaner, fn_constructor_kwargs={"config": cfg}, concurrency=4)
    """

    def __init__(self, config: Config | None = None, text_field: str = "text", html_field: str = "html"):
        from ..pipeline import Cleaner
        self.cleaner = Cleaner(config)
        self.text_field, self.html_field = text_field, html_field

    def __call__(self, batch):
        if hasattr(batch, "to_dict") and hasattr(batch, "columns"):       # pandas
            import pandas
            records = batch.to_dict("records")
            return pandas.DataFrame(list(clean_records(records, self.cleaner, self.text_field, self.html_field)))
        columns = list(batch)
        size = len(batch[columns[0]]) if columns else 0
        records = [{c: _plain(batch[c][i]) for c in columns} for i in range(size)]
        cleaned = list(clean_records(records, self.cleaner, self.text_field, self.html_field))
        return {c: [r.get(c) for r in cleaned] for c in (columns + [k for k in ("cleaner", "cleaner_error")
                                                                     if k not in columns])}


def _plain(value):
    """A numpy scalar as the Python value it holds."""
    return value.item() if hasattr(value, "item") and getattr(value, "ndim", 1) == 0 else value
