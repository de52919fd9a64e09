"""Batch integrity: kills at random points then --resume give the bytes of an uninterrupted
run; no half-written shard is ever presented as complete; counts in = out + errors; an
output that cannot be written gives a clear error."""
from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability.helpers import ROOT, TRACEBACK, run_cli
from reliability.hostile import CASES

SHARDS, PER_SHARD = 6, 30
BROKEN = [b"{not json", b'{"id": "x", "text": 5}', b"\xff\xfe invalid utf-8", b"[1, 2]"]


def make_corpus(root: Path) -> int:
    """Shards of records mixing prose, hostile texts and broken lines; returns the line count."""
    root.mkdir(parents=True)
    hostile = [CASES[n][0].decode("utf-8", "replace")[:20_000] for n in sorted(CASES)]
    rng = random.Random(7)
    lines_total = 0
    for s in range(SHARDS):
        lines = []
        for r in range(PER_SHARD):
            text = rng.choice(hostile) if r % 3 == 0 else f"Story {s}-{r}. " + "The council met again. " * rng.randint(1, 40)
            lines.append(json.dumps({"id": f"{s}-{r}", "text": text}).encode())
        lines.insert(rng.randrange(len(lines)), BROKEN[s % len(BROKEN)])
        data = b"\n".join(lines) + b"\n"
        lines_total += len(lines)
        name = root / (f"part-{s}.jsonl.gz" if s % 2 else f"part-{s}.jsonl")
        name.write_bytes(gzip.compress(data, mtime=0) if s % 2 else data)
    return lines_total


def data_files(out: Path) -> dict[str, bytes]:
    """The output shards, leaving out the runner's own state directory."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cleaner" not in p.parts}


def read_shard(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).splitlines()


def start(args: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "cleaner", "clean", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kills_at_random_points_then_resume_give_the_uninterrupted_bytes(tmp_path):
    lines_in = make_corpus(tmp_path / "in")
    reference = tmp_path / "reference"
    done = run_cli("clean", str(tmp_path / "in"), "-o", str(reference), "--workers", "2",
                   "--errors", str(tmp_path / "ref-errors.jsonl"), timeout=300)
    assert done.returncode == 1 and TRACEBACK not in done.stderr.decode()
    expected = data_files(reference)
    out_lines = sum(len(read_shard(reference / name)) for name in expected)
    errors = (tmp_path / "ref-errors.jsonl").read_text().splitlines()
    assert out_lines + len(errors) == lines_in

    out = tmp_path / "out"
    rng = random.Random(11)
    for attempt in range(3):
        proc = start([str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--resume"])
        time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # whatever the kill left, no output file is half-written: a shard present under its
        # final name is complete and equal to the reference
        for name, data in data_files(out).items() if out.exists() else ():
            assert data == expected[name], f"{name} is present but not complete after kill {attempt}"

    resumed = run_cli("clean", str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--resume",
                      "--errors", str(tmp_path / "errors.jsonl"), "--stats", str(tmp_path / "stats.json"),
                      timeout=300)
    assert TRACEBACK not in resumed.stderr.decode()
    assert data_files(out) == expected
    stats = json.loads((tmp_path / "stats.json").read_text())
    docs = stats["documents"]
    assert docs["in"] == docs["out"] + docs["failed"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_same_bytes_for_any_worker_count_and_process(tmp_path, workers):
    make_corpus(tmp_path / "in")
    base = run_cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"), timeout=300)
    other = run_cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "many"), "--workers", workers,
                    timeout=300)
    assert base.returncode == other.returncode == 1
    assert data_files(tmp_path / "one") == data_files(tmp_path / "many")


def test_an_unwritable_output_directory_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/cleaner-cannot-write-here")   # root may write anywhere else
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "out"
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "Some text."}\n')
    done = run_cli("clean", str(tmp_path / "a.jsonl"), "-o", str(target) + "/")
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    assert done.returncode in (1, 2) and stderr.startswith("cleaner: ")
    assert len(stderr.splitlines()) <= 2


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
def test_a_full_disk_is_a_clear_error_and_the_device_stays_a_device(tmp_path):
    """/dev/full fails every write with ENOSPC. The runner must say so, and must write a
    device in place: renaming a finished temporary file over it replaced the device node."""
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "Some text."}\n' * 1000)
    done = run_cli("clean", str(tmp_path / "a.jsonl"), "-o", "/dev/full")
    stderr = done.stderr.decode("utf-8", "replace")
    assert Path("/dev/full").is_char_device()
    assert TRACEBACK not in stderr
    assert done.returncode == 1 and stderr.startswith("cleaner: error: ")
    assert "no space left on device" in stderr.lower()


def test_standard_output_closed_early_is_not_a_traceback(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "Some text here."}\n' * 5000)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    pipeline = subprocess.run(f"{sys.executable} -m cleaner clean {tmp_path / 'a.jsonl'} | head -n 1",
                              shell=True, env=env, capture_output=True, timeout=120)
    assert TRACEBACK not in pipeline.stderr.decode("utf-8", "replace")
    assert pipeline.stdout.count(b"\n") == 1


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    make_corpus(tmp_path / "in")
    proc = start([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "2"])
    deadline = time.monotonic() + 60
    workers = set()
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if len(workers) < 2:
        proc.kill()
        pytest.skip("the run ended before both workers were seen")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "workers outlived their killed parent"
