"""Ray Core: one task per shard, the shard function doing the work (pip install "cleaner[ray]").

    cleaner clean corpus/ -o cleaned/ --engine ray                       # a local Ray
    cleaner clean corpus/ -o cleaned/ --engine ray --address HOST:PORT   # an existing cluster

Each task cleans one shard with cleaner.shards.clean_shard, exactly as the local runner does,
so the output is the same bytes. The job (configuration with its rule packs inlined) travels
with the tasks; the inputs and the output directory must be reachable from every worker
(a shared file system). A record that fails goes to the shard's errors file and never fails
the task; a task that fails (a worker lost, a full disk) is retried `max_retries` times and
then reported, and its shard has no done marker, so `--resume` redoes it.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from ..shards import Job, Shard, clean_shard


@dataclass
class EngineOutcome:
    summaries: list[tuple[Shard, dict]] = field(default_factory=list)
    failed_shards: list[tuple[Shard, str]] = field(default_factory=list)


def run_shards(shards: list[Shard], job: Job, *, address: str | None = None, num_cpus: int | None = None,
               max_retries: int = 2, task=clean_shard) -> EngineOutcome:
    """Run task(shard, job) as one Ray task per shard (by default, clean it); start a local
    Ray (with num_cpus) unless one runs or an address is given. Returns each shard's result
    (for cleaning, its statistics) and the shards that failed."""
    try:
        import ray
    except ImportError:
        raise ImportError("--engine ray needs Ray: pip install 'cleaner[ray]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        options = {"address": address} if address else {"num_cpus": num_cpus}
        ray.init(include_dashboard=False, configure_logging=False, log_to_driver=False, **options)
    outcome = EngineOutcome()
    try:
        remote = ray.remote(num_cpus=1, max_retries=max_retries, retry_exceptions=True)(task)
        job_ref = ray.put(job)
        pending = {remote.remote(shard, job_ref): shard for shard in shards}
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                shard = pending.pop(ref)
                try:
                    outcome.summaries.append((shard, ray.get(ref)))
                except Exception as e:  # the task failed on every try: report the shard
                    outcome.failed_shards.append((shard, f"{type(e).__name__}: {e}".splitlines()[0]))
    finally:
        if started_here:
            ray.shutdown()
    return outcome


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: cleaner clean INPUT... -o DIR --engine ray")
