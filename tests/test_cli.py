"""The command line, run as a user runs it."""
import json
import subprocess
import sys

import pytest

from conftest import SEEDS

SEED = SEEDS / "000_f104d19d251061ff.txt"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_clean_file_to_text():
    out = run("clean", str(SEED))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("It’s no secret Nissan")
    assert "Got a tip?" not in out.stdout


def test_clean_stdin_to_stdout():
    out = run("clean", "-", stdin="Share this article\n\nThe plant will close in May, the company said.\n")
    assert out.returncode == 0
    assert out.stdout == "The plant will close in May, the company said.\n"


def test_json_report_for_one_document():
    out = run("clean", "--format", "json", str(SEED))
    report = json.loads(out.stdout)
    assert report["metadata"]["date"] == "2025-07-01"
    assert {r["rule"] for r in report["removed"]} >= {"metadata.dateline", "boilerplate.tip_line"}


def test_jsonl_records_keep_their_fields_and_order():
    records = [{"id": "b", "text": "Leave a Reply\n\nFirst body sentence here.", "n": 1},
               {"id": "a", "meta": {"x": [1]}, "text": "Second body sentence here."}]
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    out = run("clean", "--input-format", "jsonl", "--format", "jsonl", stdin=stdin)
    assert out.returncode == 0, out.stderr
    got = [json.loads(line) for line in out.stdout.splitlines()]
    assert [g["id"] for g in got] == ["b", "a"]
    assert list(got[0]) == ["id", "text", "n", "cleaner"]
    assert got[0]["text"] == "First body sentence here.\n"
    assert got[1]["meta"] == {"x": [1]}
    assert "text" not in got[0]["cleaner"]
    assert got[0]["cleaner"]["removed"][0]["rule"] == "boilerplate.comment_prompt"


def test_bad_record_fails_alone_with_exit_1():
    stdin = '{"id": 1, "text": "Good record text."}\n{not json\n{"id": 3, "text": "Another good one."}\n'
    out = run("clean", "--input-format", "jsonl", stdin=stdin)
    assert out.returncode == 1
    assert len(out.stdout.splitlines()) == 2
    assert "2" in out.stderr


@pytest.mark.parametrize("args, message", [
    (["clean", "/nonexistent/file.txt"], "/nonexistent/file.txt"),
    (["clean", "--rules", "/nonexistent/pack.toml", "-"], "pack.toml"),
    (["clean", "--fragment-policy", "burn", "-"], "invalid choice"),
    (["clean", "--workers", "many", "-"], "invalid int"),
])
def test_usage_errors_exit_2_with_a_clear_message(args, message):
    out = run(*args, stdin="")
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_help_explains_every_flag():
    out = run("clean", "--help")
    for flag in ("--format", "--input-format", "--text-field", "--html-field", "--output", "--workers",
                 "--rules", "--lang", "--fragment-policy", "--disable", "--config"):
        assert flag in out.stdout


def test_explain_lists_rules_and_reasons():
    out = run("explain", str(SEED))
    assert out.returncode == 0, out.stderr
    assert "metadata.dateline" in out.stdout and "boilerplate.tip_line" in out.stdout


def test_no_command_is_a_usage_error():
    assert run().returncode == 2
