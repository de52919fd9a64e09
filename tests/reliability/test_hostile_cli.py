"""Hostile input through the command line: every case ends, within the time limit, in
clean output or a one-line error; never a traceback; every JSONL record comes back as an
output record or an error line."""
from __future__ import annotations

import json
import re

import pytest

from reliability.helpers import TRACEBACK, assert_canonical, run_cli
from reliability.hostile import CASES, CLEAN, REFUSED

# On standard error, a failed record is one line naming the input and the record's line
# ("cleaner: recs.jsonl:3: ..."), and the run ends with one summary line.
_ERROR_LINE = re.compile(r"^cleaner: (?:error: )?(?P<source>.+?):(?P<line>\d+): ", re.M)
_SUMMARY = re.compile(r"^cleaner: (\d+) documents in, (\d+) out, (\d+) failed", re.M)


def only_errors_and_summary(stderr: str, failures: int) -> None:
    """Standard error holds `failures` error lines and the summary, nothing else."""
    lines = stderr.splitlines()
    assert len(_ERROR_LINE.findall(stderr)) == failures, stderr
    summary = _SUMMARY.findall(stderr)
    assert len(summary) == 1 and int(summary[0][2]) == failures, stderr
    assert len(lines) == failures + 1, stderr


def test_every_clean_case_through_one_run(tmp_path):
    names = sorted(n for n, (_, e) in CASES.items() if e == CLEAN)
    paths = []
    for name in names:
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_bytes(CASES[name][0])
    done = run_cli("clean", "--format", "jsonl", *map(str, paths), timeout=120)
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    assert done.returncode == 0, stderr
    reports = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(reports) == len(names)
    for report in reports:
        assert_canonical(report["text"])


@pytest.mark.parametrize("name", sorted(n for n, (_, e) in CASES.items() if e == REFUSED))
def test_each_refused_case_is_one_error_line(name, tmp_path):
    path = tmp_path / f"{name}.bin"
    path.write_bytes(CASES[name][0])
    done = run_cli("clean", str(path))
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    assert done.returncode == 1 and done.stdout == b""
    assert "binary" in stderr
    only_errors_and_summary(stderr, 1)


def test_a_refused_file_does_not_stop_the_others(tmp_path):
    good, bad, good2 = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    good.write_text("First document.\n")
    bad.write_bytes(CASES["binary_random"][0])
    good2.write_text("Second document.\n")
    done = run_cli("clean", "--format", "jsonl", str(good), str(bad), str(good2))
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr and "b.txt" in stderr
    assert done.returncode == 1
    assert [json.loads(x)["text"] for x in done.stdout.decode().splitlines()] == \
        ["First document.\n", "Second document.\n"]


def test_a_refused_document_on_stdin_is_one_error_line():
    done = run_cli("clean", "-", stdin=CASES["binary_random"][0])
    assert done.returncode == 1 and done.stdout == b""
    assert TRACEBACK not in done.stderr.decode()
    only_errors_and_summary(done.stderr.decode(), 1)


def _jsonl_lines() -> list[bytes]:
    """Every case as a JSONL record, then records that are broken in every way."""
    lines = []
    for name in sorted(CASES):
        text = CASES[name][0].decode("utf-8", errors="replace")
        lines.append(json.dumps({"id": name, "text": text}).encode())
    lines += [
        b'{"id": "lone_surrogate_escape", "text": "a \\ud800 b"}',
        b'{"id": "no_text_field", "body": "x"}',
        b'{"id": "null_text", "text": null}',
        b'{"id": "number_text", "text": 5}',
        b'{"id": "list_text", "text": ["a", "b"]}',
        b'{"id": "object_text", "text": {"a": 1}}',
        b'["not", "an", "object"]',
        b'"just a string"',
        b'12',
        b'null',
        b'{"id": "truncated", "text": "abc',
        b'{not json at all',
        b'\xff\xfe\x00 invalid utf-8 \xc3\x28',
        b'{"id": "nul", "text": "a\\u0000b"}',
        b'{"id": "html", "html": "<p>Hello <b>world</b></p>"}',
        b'{"id": "html_number", "html": 7}',
        b'{"id": "deep", "text": "x", "nested": ' + b'[' * 50 + b']' * 50 + b'}',
        b'{"id": "very_deep", "text": "x", "nested": ' + b'[' * 100_000 + b']' * 100_000 + b'}',
        b'{"id": "dup", "text": "first", "text": "second"}',
        b'{"id": "big", "text": "' + b"word " * 400_000 + b'"}',
    ]
    return lines


@pytest.mark.parametrize("workers", ["2"])   # one worker: test_batch_integrity shows the same bytes
def test_every_jsonl_record_is_accounted_for(tmp_path, workers):
    lines = _jsonl_lines()
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    errors_path = tmp_path / "errors.jsonl"
    done = run_cli("clean", "--workers", workers, "--errors", str(errors_path), str(path), timeout=120)
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    outputs = done.stdout.decode("utf-8").splitlines()
    errors = [json.loads(x) for x in errors_path.read_text(encoding="utf-8").splitlines()]
    failed = {e["line"] for e in errors}
    assert len(failed) == len(errors), "a record reported twice"
    assert all(e["source"].endswith("records.jsonl") and e["reason"] for e in errors)
    assert len(outputs) + len(errors) == len(lines), stderr
    assert done.returncode == (1 if errors else 0)
    summary = _SUMMARY.search(stderr)
    assert summary and summary.groups() == (str(len(lines)), str(len(outputs)), str(len(errors)))
    records = [json.loads(line) for line in outputs]
    for record in records:
        assert "cleaner" in record
        if isinstance(record.get("text"), str):
            assert_canonical(record["text"])
    # records come back in input order, with their fields; only the failed ones are missing
    ids_in = [json.loads(line).get("id") for n, line in enumerate(lines, 1) if n not in failed]
    assert [r.get("id") for r in records] == ids_in
    # what fails is what cannot be a record (no text, broken JSON, too deep to parse);
    # every hostile text in a well-formed record is cleaned
    failed_ids = {m.group(1).decode() for n in failed if (m := re.match(rb'{"id": "(\w+)"', lines[n - 1]))}
    assert failed_ids <= {"no_text_field", "number_text", "list_text", "object_text", "null_text",
                          "truncated", "very_deep", "html_number"}
    assert not failed_ids & set(CASES)


def test_blank_lines_between_records_are_not_records(tmp_path):
    path = tmp_path / "gaps.jsonl"
    path.write_bytes(b'{"text": "one"}\n\n   \n{"text": "two"}\n')
    done = run_cli("clean", str(path))
    assert done.returncode == 0
    assert [json.loads(x)["text"] for x in done.stdout.decode().splitlines()] == ["one\n", "two\n"]
