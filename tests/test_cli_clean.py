"""`cleaner clean` over files, directories, globs and stdin: every record accounted for."""
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(args, stdin: bytes = b"", cwd=None):
    """Run the CLI in a fresh process, as users and the evaluation harness do."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "cleaner", "clean", *args], input=stdin,
                          capture_output=True, env=env, cwd=cwd, timeout=300)


def article(i: int) -> str:
    return (f"Headline number {i}\n\nThe council met on Tuesday to discuss item {i} of the budget. "
            f"Members argued for an hour before they agreed on a plan.\n\n"
            f"Got a tip? Send it to tips@example.com\n")


def jsonl(records) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def test_jsonl_on_stdin_gives_one_record_per_record_with_its_fields_in_order():
    records = [{"id": f"r{i}", "url": f"https://example.com/{i}", "text": article(i), "lang": "en"}
               for i in range(5)]
    proc = run(["--input-format", "jsonl", "--format", "jsonl"], jsonl(records))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""   # quiet when stderr is not a terminal
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in records]
    for rec in out:
        assert list(rec) == ["id", "url", "text", "lang", "cleaner"]
        assert "text" not in rec["cleaner"]
        assert "Got a tip" not in rec["text"] and "The council met" in rec["text"]
        assert any(r["rule"] == "boilerplate.tip_line" for r in rec["cleaner"]["removed"])


def test_auto_input_format_sniffs_jsonl_on_stdin():
    proc = run([], jsonl([{"id": 1, "text": article(1)}]))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["id"] == 1


def test_records_with_only_html_go_through_the_html_path():
    html = "<html><body><nav><a href='/'>Home</a></nav><p>A paragraph of the article body.</p></body></html>"
    proc = run(["--input-format", "jsonl"], jsonl([{"id": "h", "html": html}]))
    rec = json.loads(proc.stdout)
    assert rec["html"] == html
    assert "A paragraph of the article body." in rec["text"]
    assert rec["cleaner"]["offsets"] == "extracted_text"


def test_every_bad_record_lands_in_the_errors_file_and_nothing_is_lost(tmp_path):
    good = [{"id": f"g{i}", "text": article(i)} for i in range(3)]
    lines = [
        jsonl([good[0]]),
        b'{"id": "broken", "text": "no closing brace"\n',        # malformed JSON
        b'{"id": "no-text", "title": "a record without text"}\n',  # no text field
        b'{"id": "bad-utf8", "text": "caf\xe9"}\n',               # invalid UTF-8
        b'{"id": "number", "text": 42}\n',                         # text is not a string
        b'["not", "an", "object"]\n',
        b'\n',                                                     # blank lines are not records
        jsonl([{"id": "huge", "text": "x" * 5000}]),               # larger than the limit below
        jsonl(good[1:]),
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines))
    errors = tmp_path / "errors.jsonl"
    proc = run([str(src), "-o", str(tmp_path / "out.jsonl"), "--errors", str(errors),
                "--max-record-bytes", "2000", "--stats", str(tmp_path / "stats.json")])
    assert proc.returncode == 1
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in out] == ["g0", "g1", "g2"]
    errs = [json.loads(x) for x in errors.read_text().splitlines()]
    assert [(e["line"], e["error"]) for e in errs] == [
        (2, "malformed_json"), (3, "missing_field"), (4, "invalid_utf8"), (5, "bad_field"),
        (6, "not_an_object"), (8, "too_large")]
    assert all(e["source"] == str(src) for e in errs)
    assert errs[1]["id"] == "no-text"
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["documents"] == {"in": 9, "out": 3, "failed": 6}
    assert stats["failures"]["too_large"] == 1
    assert stats["removed"]["by_family"]["boilerplate.tip_line"] == 3


def test_an_enormous_record_is_skipped_without_reading_it_whole(tmp_path):
    src = tmp_path / "big.jsonl"
    with open(src, "wb") as f:
        f.write(b'{"id": "a", "text": "Short."}\n')
        f.write(b'{"id": "big", "text": "' + b"y" * (3 << 20) + b'"}\n')
        f.write(b'{"id": "b", "text": "Also short."}\n')
    proc = run([str(src), "--max-record-bytes", "100000", "--errors", str(tmp_path / "e.jsonl")])
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["a", "b"]
    [err] = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert err["line"] == 2 and err["error"] == "too_large" and err["source"] == str(src)


def test_format_json_on_one_document_prints_one_report(tmp_path):
    doc = tmp_path / "page.txt"
    doc.write_text(article(7))
    proc = run([str(doc), "--format", "json"])
    report = json.loads(proc.stdout)
    assert report["text"].startswith("Headline number 7")
    assert set(report) >= {"language", "removed", "repairs", "fragments", "gaps", "warnings", "config"}


def test_text_and_html_files_clean_to_text(tmp_path):
    (tmp_path / "a.txt").write_text(article(1))
    (tmp_path / "b.html").write_text("<html><body><p>Body text of the page.</p></body></html>")
    proc = run([str(tmp_path / "a.txt"), str(tmp_path / "b.html")])
    assert proc.returncode == 0
    assert b"The council met" in proc.stdout and b"Body text of the page." in proc.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run([str(tmp_path / "missing.jsonl")]).returncode == 2
    assert run(["--resume"], b"").returncode == 2
    assert run(["--workers", "0"], b"").returncode == 2
    assert run(["--world-size", "2", "--rank", "2", "-o", str(tmp_path / "o") + "/",
                str(tmp_path)]).returncode == 2


def make_corpus(root: Path, shards: int = 6, per_shard: int = 25) -> None:
    """A small corpus of JSONL shards, plain, gzip and zstd, one with bad lines."""
    import zstandard
    root.mkdir(parents=True, exist_ok=True)
    for s in range(shards):
        records = [{"id": f"s{s}-{i}", "text": article(s * 100 + i)} for i in range(per_shard)]
        data = jsonl(records)
        if s == 1:
            data += b"{not json\n" + b'{"id": "x"}\n'
        name = f"part-{s:02d}.jsonl"
        if s % 3 == 1:
            (root / (name + ".gz")).write_bytes(gzip.compress(data, mtime=0))
        elif s % 3 == 2:
            (root / (name + ".zst")).write_bytes(zstandard.ZstdCompressor().compress(data))
        else:
            sub = root / "sub" if s == 3 else root
            sub.mkdir(exist_ok=True)
            (sub / name).write_bytes(data)


def data_files(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cleaner" not in p.parts}


def test_directory_output_mirrors_inputs_and_is_the_same_for_any_worker_count(tmp_path):
    make_corpus(tmp_path / "in")
    assert run([str(tmp_path / "in"), "-o", str(tmp_path / "o1")]).returncode == 1  # two bad lines
    assert run([str(tmp_path / "in"), "-o", str(tmp_path / "o2"), "--workers", "2"]).returncode == 1
    one, two = data_files(tmp_path / "o1"), data_files(tmp_path / "o2")
    assert one == two
    assert sorted(one) == ["part-00.jsonl", "part-01.jsonl.gz", "part-02.jsonl.zst",
                           "part-04.jsonl.gz", "part-05.jsonl.zst", "sub/part-03.jsonl"]
    assert len(gzip.decompress(one["part-01.jsonl.gz"]).splitlines()) == 25


def test_a_killed_run_resumes_to_the_same_bytes(tmp_path):
    make_corpus(tmp_path / "in", shards=8, per_shard=40)
    reference = tmp_path / "reference"
    assert run([str(tmp_path / "in"), "-o", str(reference), "--workers", "2"]).returncode == 1

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(tmp_path / "in"), "-o", str(out),
                             "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".cleaner/**/*.done")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = {p: p.stat().st_mtime_ns for p in out.glob(".cleaner/**/*.done")}
    assert 1 <= len(done_before) < 8, "the run was to be killed midway"

    resumed = run([str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--resume",
                   "--stats", str(tmp_path / "stats.json"), "--errors", str(tmp_path / "errors.jsonl")])
    assert resumed.returncode == 1
    assert data_files(out) == data_files(reference)
    # shards done before the kill were skipped, not redone
    assert all(p.stat().st_mtime_ns == t for p, t in done_before.items())
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["documents"] == {"in": 8 * 40 + 2, "out": 8 * 40, "failed": 2}
    assert len((tmp_path / "errors.jsonl").read_text().splitlines()) == 2


def test_rank_and_world_size_split_the_shards_between_runs(tmp_path):
    make_corpus(tmp_path / "in", shards=6, per_shard=5)
    run([str(tmp_path / "in"), "-o", str(tmp_path / "whole")])
    for rank in range(4):
        run([str(tmp_path / "in"), "-o", str(tmp_path / "split"), "--rank", str(rank), "--world-size", "4"])
    assert data_files(tmp_path / "split") == data_files(tmp_path / "whole")
    markers = sorted(p.name for p in (tmp_path / "split" / ".cleaner").rglob("*.done"))
    assert len(markers) == 6


def test_main_returns_the_exit_status(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Just a line of text.")
    assert main(["clean", str(tmp_path / "a.txt")]) == 0
    assert capsys.readouterr().out == "Just a line of text.\n"
