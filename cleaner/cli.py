"""The command line: `cleaner clean`, `cleaner explain`, `cleaner rules`.

Exit status: 0 when everything was cleaned, 1 when some input failed (the rest is still
written), 2 for a usage error (bad flag, missing file, invalid rule pack).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .config import FRAGMENT_POLICIES, Config
from .pipeline import Cleaner
from .rules import PackError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Turn text scraped from the web into clean, canonical text, and say what changed and why.",
        epilog="Exit status: 0 ok, 1 some input failed, 2 usage error. See README.md for more.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    clean = sub.add_parser(
        "clean", help="clean documents (files, directories, globs or - for stdin)",
        description="Clean documents and write the clean text, the JSON report, or the records. "
                    "Inputs: .txt, .html, .jsonl, .jsonl.gz, .jsonl.zst files, directories of them, "
                    "globs, or - for standard input. Every input record gives exactly one output "
                    "record or one errors line.")
    clean.add_argument("inputs", nargs="*", default=["-"], metavar="INPUT",
                       help="a file, a directory, a glob, or - for standard input (default: -)")
    clean.add_argument("--format", choices=("text", "json", "jsonl"), default=None,
                       help="output: text (clean text), json (the report: one object for one "
                            "document, one per line for many), jsonl (records, the report under "
                            "'cleaner'); default: jsonl for JSONL input, text otherwise")
    clean.add_argument("--input-format", choices=("auto", "text", "html", "jsonl"), default="auto",
                       help="how to read inputs; auto goes by file name (.jsonl, .html), and sniffs stdin")
    clean.add_argument("--text-field", default="text", help="JSONL field holding the text (default: text)")
    clean.add_argument("--html-field", default="html",
                       help="JSONL field holding HTML, cleaned when a record has no text field (default: html)")
    clean.add_argument("-o", "--output", metavar="OUTPUT",
                       help="write here instead of standard output: a file, or a directory of shards "
                            "mirroring the inputs (when OUTPUT is a directory or ends with /, or an "
                            "input is a directory or a glob)")
    clean.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (default: 1); the output is the same for any N")
    clean.add_argument("--errors", metavar="FILE",
                       help="write one JSON line per failed record (source, line, reason) here "
                            "(default: standard error)")
    clean.add_argument("--stats", metavar="FILE",
                       help="write statistics here (JSON): documents and bytes in and out, removals "
                            "by rule and family, languages, fragments, repairs, gaps, failures")
    clean.add_argument("--resume", action="store_true",
                       help="with -o DIRECTORY: skip shards a previous run completed")
    clean.add_argument("--max-record-bytes", type=int, default=64 << 20, metavar="N",
                       help="a record (or document) larger than this is not read but reported as an "
                            "error (default: 64 MiB)")
    dist = clean.add_argument_group("distributed runs (output to a directory of shards)")
    dist.add_argument("--engine", choices=("local", "ray"), default="local",
                      help="local processes (default), or Ray: one task per shard (pip install 'cleaner[ray]')")
    dist.add_argument("--address", metavar="HOST:PORT",
                      help="with --engine ray: an existing Ray cluster (default: start a local one)")
    dist.add_argument("--rank", type=int, default=0, metavar="K",
                      help="with --world-size: this run takes every N-th shard starting at K (from 0)")
    dist.add_argument("--world-size", type=int, default=1, metavar="N",
                      help="how many independent runs share the shards (Slurm arrays, indexed jobs, xargs)")
    _add_config_flags(clean)

    explain = sub.add_parser("explain", help="show what cleaning a document removes, repairs and flags",
                             description="Print each removal, repair, fragment and gap with its rule and reason.")
    explain.add_argument("input", metavar="FILE", help="a file, or - for standard input")
    explain.add_argument("--input-format", choices=("auto", "text", "html"), default="auto",
                         help="how to read the input (default: by file name)")
    _add_config_flags(explain)
    return parser


def _add_config_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("configuration")
    g.add_argument("--config", metavar="FILE", help="a JSON or TOML file of configuration keys (see README)")
    g.add_argument("--rules", action="append", default=[], metavar="FILE",
                   help="an extra rule pack (TOML); may be given several times")
    g.add_argument("--lang", metavar="CODES",
                   help="candidate languages, comma-separated ISO 639-1 codes (default: any)")
    g.add_argument("--fragment-policy", choices=FRAGMENT_POLICIES,
                   help="what to do with foreign-language fragments (default: remove-boilerplate)")
    g.add_argument("--disable", action="append", default=[], metavar="RULE",
                   help="switch off a rule or a family by id prefix, e.g. repair.dehyphenate or "
                        "boilerplate.copyright; may be given several times")
    g.add_argument("--ascii", action="store_true", help="fold typographic quotes and dashes to ASCII")


def config_from_args(args) -> Config:
    data: dict = {}
    if args.config:
        data.update(_read_config_file(args.config))
    if args.rules:
        data["rule_packs"] = tuple(data.get("rule_packs", ())) + tuple(args.rules)
    if args.lang:
        data["languages"] = tuple(c.strip() for c in args.lang.split(",") if c.strip())
    if args.fragment_policy:
        data["fragment_policy"] = args.fragment_policy
    if args.disable:
        data["disable"] = tuple(data.get("disable", ())) + tuple(args.disable)
    if args.ascii:
        data["ascii_fold"] = True
    try:
        return Config.from_dict(data)
    except (TypeError, ValueError) as e:
        raise UsageError(f"invalid configuration: {e}") from None


def _read_config_file(path: str) -> dict:
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot read configuration {path}: {e.strerror or e}") from None
    try:
        if p.suffix == ".toml":
            from .rules import tomllib
            return tomllib.loads(raw)
        return json.loads(raw)
    except ValueError as e:
        raise UsageError(f"{path}: invalid configuration file: {e}") from None


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {name}: {e.strerror or e}") from None


def _is_html(name: str, data: bytes, declared: str) -> bool:
    if declared != "auto":
        return declared == "html"
    if name.endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def cmd_explain(args) -> int:
    cleaner = Cleaner(config_from_args(args))
    data = _read_input(args.input)
    result = cleaner.clean_html(data) if _is_html(args.input, data, args.input_format) else cleaner.clean(data)
    out = sys.stdout
    out.write(f"language: {result.language}\n")
    for key, value in sorted(result.metadata.items()):
        out.write(f"metadata.{key}: {value}\n")
    for r in result.removed:
        out.write(f"removed  [{r.start}:{r.end}] {r.rule}: {r.reason}\n         {_short(r.text)}\n")
    for r in result.repairs:
        out.write(f"repaired [{r.start}:{r.end}] {r.rule}: {_short(r.before)!s} -> {_short(r.after)!s}\n")
    for f in result.fragments:
        out.write(f"fragment [{f.start}:{f.end}] {f.language} ({f.confidence:.2f}, {f.action}): {_short(f.text)}\n")
    for g in result.gaps:
        out.write(f"gap      [{g.start}:{g.end}] {g.kind}: {_short(g.context)}\n")
    for w in result.warnings:
        out.write(f"warning  {w.kind}: {w.message}\n")
    return EXIT_OK


def _short(text: str, width: int = 100) -> str:
    text = text.replace("\n", "⏎")
    return repr(text if len(text) <= width else text[:width - 1] + "…")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "clean":
            from .runner import run_clean
            return run_clean(args, config_from_args(args))
        if args.command == "explain":
            return cmd_explain(args)
    except UsageError as e:
        print(f"cleaner: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except PackError as e:
        print(f"cleaner: error: invalid rule pack: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE
