"""The shard function on engines: the same bytes as the local runner, exact error accounting.

Ray, Ray Data and Spark are tested when installed and skipped otherwise; CI installs Ray
(`pip install ray`) so the Ray test runs there."""
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from cleaner import Config
from cleaner.engines.adapters import BatchCleaner, clean_records, partition_cleaner, run_on_executor
from cleaner.pipeline import Cleaner
from cleaner.shards import Job, clean_shard, is_done, plan_shards, select_rank

REPO = Path(__file__).resolve().parent.parent


def article(i: int) -> str:
    return (f"Report {i}\n\nThe committee reviewed proposal {i} on Monday and sent it back for changes. "
            f"A final vote is expected next month.\n\nGot a tip? Send it to tips@example.com\n")


def make_corpus(root: Path, shards: int = 5, per_shard: int = 60) -> int:
    """JSONL shards; shard 1 has two malformed lines, shard 3 a record without text.
    Returns the number of bad lines."""
    root.mkdir(parents=True, exist_ok=True)
    for s in range(shards):
        lines = [json.dumps({"id": f"{s}-{i}", "text": article(100 * s + i)}) for i in range(per_shard)]
        if s == 1:
            lines[10:10] = ['{"id": "broken", "text": "unterminated', "not json at all"]
        if s == 3:
            lines.insert(20, json.dumps({"id": "no-text", "body": "misnamed field"}))
        (root / f"part-{s}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 3


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "cleaner", "clean", *map(str, args)],
                          capture_output=True, env=env, timeout=600)


def outputs(out: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))}


def errors_of(out: Path) -> list:
    return sorted(json.loads(line)["line"] for p in (out / ".cleaner").glob("*.errors.jsonl")
                  for line in p.read_text().splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("engines")
    make_corpus(root / "in")
    proc = run_cli(root / "in", "-o", root / "local", "--workers", "2", "--errors", root / "local-errors.jsonl")
    assert proc.returncode == 1, proc.stderr   # three records failed, on purpose
    return root


def test_local_runner_accounts_for_every_record(corpus):
    out = outputs(corpus / "local")
    assert sum(len(v.splitlines()) for v in out.values()) == 5 * 60
    assert errors_of(corpus / "local") == [11, 12, 21]


def test_executor_adapter_writes_the_same_shards(corpus, tmp_path):
    job = Job.from_config(Config())
    shards = plan_shards([str(corpus / "in")], str(tmp_path / "out"), job)
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = run_on_executor(pool, shards, job)
    assert all(isinstance(stats, dict) for _, stats in results)
    assert sum(stats["errors"] for _, stats in results) == 3
    assert outputs(tmp_path / "out") == outputs(corpus / "local")
    assert all(is_done(s, job.fingerprint()) for s in shards)


def test_rank_split_covers_every_shard_exactly_once(corpus):
    job = Job.from_config(Config())
    shards = plan_shards([str(corpus / "in")], "/unused", job)
    parts = [select_rank(shards, k, 3) for k in range(3)]
    assert sorted(s.source for part in parts for s in part) == sorted(s.source for s in shards)
    assert sum(len(p) for p in parts) == len(shards)


def test_resume_redoes_a_shard_killed_midway(corpus, tmp_path):
    """A shard that was being written when its run died has a temporary file and no done
    marker: the next run redoes it and the result matches."""
    out = tmp_path / "out"
    assert run_cli(corpus / "in", "-o", out).returncode == 1
    job = Job.from_config(Config())
    victim = plan_shards([str(corpus / "in")], str(out), job)[2]
    os.remove(victim.done_path)
    Path(victim.output).write_bytes(b'{"half": "a line cut sho')   # what a kill leaves
    assert run_cli(corpus / "in", "-o", out, "--resume").returncode == 1
    assert outputs(out) == outputs(corpus / "local")


def test_records_adapter_reports_instead_of_raising():
    records = [{"id": 1, "text": article(1)}, {"id": 2, "body": "no text"}, {"id": 3, "text": 42}]
    out = list(clean_records(records, Cleaner()))
    assert [r["id"] for r in out] == [1, 2, 3]
    assert "Got a tip" not in out[0]["text"] and out[0]["cleaner_error"] is None
    assert json.loads(out[0]["cleaner"])["removed"]
    assert out[1]["cleaner_error"] and out[2]["cleaner_error"] and out[2]["text"] == 42
    assert list(partition_cleaner()(iter(records)))[0]["text"] == out[0]["text"]


def test_batch_cleaner_takes_column_batches():
    batch = {"id": [1, 2], "text": [article(1), article(2)]}
    out = BatchCleaner()(batch)
    assert set(out) == {"id", "text", "cleaner", "cleaner_error"}
    assert all("Got a tip" not in t for t in out["text"])


def test_ray_engine_matches_the_local_runner(corpus, tmp_path):
    pytest.importorskip("ray")
    out = tmp_path / "ray"
    proc = run_cli(corpus / "in", "-o", out, "--engine", "ray", "--workers", "2",
                   "--errors", tmp_path / "errors.jsonl", "--stats", tmp_path / "stats.json")
    assert proc.returncode == 1, proc.stderr.decode()[-2000:]
    assert outputs(out) == outputs(corpus / "local")
    assert errors_of(out) == [11, 12, 21]
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["documents"] == {"in": 303, "out": 300, "failed": 3}
    assert (tmp_path / "errors.jsonl").read_bytes() == (corpus / "local-errors.jsonl").read_bytes()


def test_ray_data_map_batches(tmp_path):
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    pytest.importorskip("pyarrow")
    ray.init(num_cpus=2, include_dashboard=False, configure_logging=False)
    try:
        ds = ray.data.from_items([{"id": i, "text": article(i)} for i in range(20)])
        rows = ds.map_batches(BatchCleaner, concurrency=1, batch_size=8).take_all()
    finally:
        ray.shutdown()
    assert sorted(r["id"] for r in rows) == list(range(20))
    assert all("Got a tip" not in r["text"] for r in rows)


def test_spark_runs_the_shard_function_and_cleans_partitions(corpus, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from cleaner.engines.adapters import run_on_spark
    # Spark's Python workers run python3 from PATH unless told otherwise
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    try:
        job = Job.from_config(Config())
        shards = plan_shards([str(corpus / "in")], str(tmp_path / "out"), job)
        run_on_spark(spark.sparkContext, shards, job)
        df = spark.createDataFrame([(i, article(i)) for i in range(6)], ["id", "text"])
        rows = df.rdd.mapPartitions(partition_cleaner()).collect()
    finally:
        spark.stop()
    assert outputs(tmp_path / "out") == outputs(corpus / "local")
    assert sorted(r["id"] for r in rows) == list(range(6))
    assert all("Got a tip" not in r["text"] and r["cleaner_error"] is None for r in rows)


def test_shard_function_in_process_matches(corpus, tmp_path):
    job = Job.from_config(Config())
    for shard in plan_shards([str(corpus / "in")], str(tmp_path / "out"), job):
        clean_shard(shard, job)
    assert outputs(tmp_path / "out") == outputs(corpus / "local")


def site_corpus(root: Path) -> None:
    """Two shards of one site whose pages share a footer line: three pages per shard, so
    only the counts merged across shards reach corpus mode's five documents."""
    root.mkdir(parents=True, exist_ok=True)
    footer = "Sign up for the Daily Planet morning briefing"
    topics = ["harbour", "library", "orchard", "railway", "stadium", "vineyard"]
    for s in range(2):
        records = []
        for i in range(3):
            topic = topics[3 * s + i]   # article lines differ even with digits folded away
            text = (f"News about the {topic}\n\nThe council debated the {topic} plan for hours and "
                    f"approved the {topic} budget late on Monday evening.\n\n{footer}\n")
            records.append({"id": f"{s}-{i}", "url": f"https://planet.example/{s}/{i}", "text": text})
        (root / f"site-{s}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def test_line_statistics_merged_across_shards_equal_learning_on_everything(tmp_path):
    from cleaner.corpus import LineTable
    from cleaner.shards import gather_line_statistics, merge_line_statistics
    site_corpus(tmp_path / "in")
    job = Job.from_config(Config())
    shards = plan_shards([str(tmp_path / "in")], str(tmp_path / "out"), job)
    for shard in shards:
        gather_line_statistics(shard, job, buckets=4)
    merged = merge_line_statistics(shards, str(tmp_path / "table.json"), buckets=4)
    records = [json.loads(line) for p in sorted((tmp_path / "in").glob("*.jsonl"))
               for line in p.read_text().splitlines()]
    whole = LineTable.learn((r["text"], r["url"]) for r in records)
    assert merged.to_dict() == whole.to_dict()
    assert merged.to_dict()["lines"]   # the footer recurs in all six pages


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_learn_lines_removes_a_footer_no_single_shard_shows(tmp_path, engine):
    if engine == "ray":
        pytest.importorskip("ray")
    site_corpus(tmp_path / "in")
    proc = run_cli(tmp_path / "in", "-o", tmp_path / "out", "--learn-lines", "--workers", "2",
                   "--engine", engine)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    records = [json.loads(line) for p in sorted((tmp_path / "out").glob("*.jsonl"))
               for line in p.read_text().splitlines()]
    assert len(records) == 6
    assert all("Daily Planet" not in r["text"] and "The council debated" in r["text"] for r in records)
    assert all(any(x["rule"] == "boilerplate.recurring_line" for x in r["cleaner"]["removed"]) for r in records)
