"""The command line: `cleaner clean`, `cleaner explain`, `cleaner rules`.

Exit status: 0 when everything was cleaned, 1 when some input failed (the rest is still
written), 2 for a usage error (bad flag, missing file, invalid rule pack).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .config import FRAGMENT_POLICIES, Config
from .decode import DecodeError
from .model import DocumentTimeout
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
    clean.add_argument("--report-html", metavar="DIR",
                       help="also write an HTML report of the batch to DIR: statistics, and one page "
                            "per document for a sample of the first documents")
    clean.add_argument("--learn-lines", action="store_true",
                       help="corpus mode: first count, per site, the lines that recur across the "
                            "documents (hashes, never texts), then clean with that table; needs "
                            "-o DIRECTORY (the table is kept in DIRECTORY/.cleaner/line-table.json)")
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

    explain = sub.add_parser(
        "explain", help="show what cleaning a document removes, repairs and flags",
        description="Show the source with every decision marked: removed spans struck and coloured "
                    "by family, repairs as {before -> after}, foreign fragments «xx», gaps ⟦gap⟧, "
                    "then a legend and every removal with its rule, reason and evidence.")
    explain.add_argument("input", metavar="FILE", help="a file, or - for standard input")
    explain.add_argument("--input-format", choices=("auto", "text", "html"), default="auto",
                         help="how to read the input (default: by file name)")
    explain.add_argument("--html", metavar="OUT.html",
                         help="write a self-contained HTML page instead (- for standard output)")
    colour = explain.add_mutually_exclusive_group()
    colour.add_argument("--color", dest="color", action="store_true", default=None,
                        help="colour even when not writing to a terminal")
    colour.add_argument("--no-color", dest="color", action="store_false",
                        help="no colour (also when the NO_COLOR environment variable is set)")
    _add_config_flags(explain)

    rules = sub.add_parser("rules", help="list, show, test and check rule packs",
                           description="Tools for the rule packs: the built-in ones and your own.")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    listing = rules_sub.add_parser("list", help="list rules: id, family, scope, zone, language, pack")
    listing.add_argument("--lang", metavar="L", help="only the rules that a text in language L meets")
    listing.add_argument("--rules", action="append", default=[], metavar="FILE",
                         help="an extra rule pack to include; may be given several times")
    show = rules_sub.add_parser("show", help="show one rule: patterns, reason, examples, where it is defined")
    show.add_argument("rule_id", metavar="ID", help="a rule id, e.g. boilerplate.tip_line")
    show.add_argument("--rules", action="append", default=[], metavar="FILE",
                      help="an extra rule pack to search; may be given several times")
    test = rules_sub.add_parser(
        "test", help="run the examples of rule packs (default: the built-in ones)",
        description="Run every rule's examples (each examples.remove text must be removed entirely, "
                    "each examples.keep text left alone) and time each pattern on crafted inputs. "
                    "Exit status 1 when a rule fails.")
    test.add_argument("packs", nargs="*", metavar="PACK", help="rule pack files (default: the built-in packs)")
    test.add_argument("-v", "--verbose", action="store_true", help="list the rules that pass too")
    check = rules_sub.add_parser(
        "check", help="validate a rule pack: schema, patterns, backtracking risk, examples",
        description="Validate rule packs: the schema and every pattern (errors give file:line), the "
                    "risk of catastrophic backtracking (the pattern's structure, then timed probes), "
                    "and the examples. Exit status 1 when there are errors (or warnings, with --strict).")
    check.add_argument("packs", nargs="+", metavar="PACK", help="rule pack files")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
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
    from .rules import MAX_PACK_BYTES, read_small_text

    p = Path(path)
    try:
        raw = read_small_text(p, MAX_PACK_BYTES)
    except OSError as e:
        raise UsageError(f"cannot read configuration {path}: {e.strerror or e}") from None
    except (UnicodeDecodeError, PackError) as e:
        raise UsageError(f"{path}: not a configuration file: {e}") from None
    try:
        if p.suffix == ".toml":
            from .rules import tomllib
            data = tomllib.loads(raw)
        else:
            data = json.loads(raw)
    except (ValueError, RecursionError) as e:
        raise UsageError(f"{path}: invalid configuration file: {e}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a configuration file holds a table of keys, not {type(data).__name__}")
    return data


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
    from . import explain

    cleaner = Cleaner(config_from_args(args))
    data = _read_input(args.input)
    result = cleaner.clean_html(data) if _is_html(args.input, data, args.input_format) else cleaner.clean(data)
    if args.html:
        page = explain.html_page(result, title="standard input" if args.input == "-" else Path(args.input).name)
        if args.html == "-":
            sys.stdout.write(page)
        else:
            _write_text(args.html, page)
        return EXIT_OK
    sys.stdout.write(explain.terminal(result, color=explain.use_color(sys.stdout, force=args.color)))
    return EXIT_OK


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from None


def cmd_rules(args) -> int:
    from . import authoring
    from .rules import builtin_pack_paths, load_pack, load_packs

    if args.rules_command in ("list", "show"):
        packs = load_packs(tuple(args.rules))
        if args.rules_command == "list":
            rules = packs.rules_for(args.lang) if args.lang else packs.all_rules()
            for rule in sorted(rules, key=lambda r: (r.language, r.id)):
                print(f"{rule.id:<44} {rule.family:<22} {rule.scope:<8} {rule.where:<8} "
                      f"{rule.language:<3} {rule.source}")
            return EXIT_OK
        found = packs.get(args.rule_id)
        if not found:
            raise UsageError(f"no rule {args.rule_id!r}; see `cleaner rules list`")
        print("\n\n".join(_describe_rule(rule) for rule in found))
        return EXIT_OK
    if args.rules_command == "test":
        paths = args.packs or [str(p) for p in builtin_pack_paths()]
        failed = 0
        total = 0
        for path in paths:
            for rule in load_pack(path).rules:
                total += 1
                problems = [f for f in authoring.check_rule(rule, static=False) if f.level == "error"]
                if problems:
                    failed += 1
                    print(f"FAIL {rule.id} ({rule.source})")
                    for f in problems:
                        print(f"     {f.message}")
                elif args.verbose:
                    print(f"ok   {rule.id} ({len(rule.examples_remove)} to remove, "
                          f"{len(rule.examples_keep)} to keep)")
        print(f"{total} rules, {failed} failed")
        return EXIT_FAILED if failed else EXIT_OK
    if args.rules_command == "check":
        errors = warnings = 0
        for path in args.packs:
            if not Path(path).is_file():
                raise UsageError(f"cannot read {path}: no such file")
            for finding in authoring.check_pack(path):
                print(finding)
                errors += finding.level == "error"
                warnings += finding.level == "warning"
        print(f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}")
        return EXIT_FAILED if errors or (args.strict and warnings) else EXIT_OK
    raise UsageError("rules needs an action: list, show, test or check (see cleaner rules --help)")


def _describe_rule(rule) -> str:
    from .rules import CONCEPTS

    lines = [f"{rule.id}  ({rule.source})",
             f"  family:    {rule.family} ({CONCEPTS.get(rule.concept, '')})",
             f"  language:  {rule.language}",
             f"  scope:     {rule.scope}, where: {rule.where}"
             + (f", at most {rule.max_words} words" if rule.max_words else "")
             + (", case-sensitive" if rule.case_sensitive else ""),
             f"  reason:    {rule.reason}",
             "  patterns:"] + [f"    {p}" for p in rule.patterns]
    lines += ["  removes:"] + [f"    {e!r}" for e in rule.examples_remove]
    lines += ["  keeps:"] + [f"    {e!r}" for e in rule.examples_keep]
    return "\n".join(lines)


def _with_batch_report(args, run) -> int:
    """Run the clean command; with --report-html, the runner feeds args.report (an
    explain.BatchReport) and the report is written when the batch ends."""
    args.report = None
    if getattr(args, "report_html", None):
        from .explain import BatchReport
        args.report = BatchReport(args.report_html)
    status = run()
    if args.report is not None:
        try:
            index = args.report.write()
        except OSError as e:
            raise UsageError(f"cannot write the report to {args.report_html}: {e.strerror or e}") from None
        print(f"cleaner: report written to {index}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "clean":
            from .runner import run_clean
            return _with_batch_report(args, lambda: run_clean(args, config_from_args(args)))
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "rules":
            return cmd_rules(args)
    except UsageError as e:
        print(f"cleaner: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except PackError as e:
        print(f"cleaner: error: invalid rule pack: {e}", file=sys.stderr)
        return EXIT_USAGE
    except (DecodeError, DocumentTimeout) as e:
        # one document could not be cleaned: a clear line, never a traceback
        print(f"cleaner: error: {e}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except OSError as e:
        # reading an input or writing an output failed (a full disk, a lost mount, a
        # closed pipe, no permission): the run stops, and says where
        where = f" {e.filename}" if e.filename else ""
        print(f"cleaner: error: cannot read or write{where}: {e.strerror or e}", file=sys.stderr)
        return EXIT_FAILED
    except MemoryError:
        print("cleaner: error: out of memory; lower max_document_chars or use fewer workers", file=sys.stderr)
        return EXIT_FAILED
    except Exception as e:  # noqa: BLE001 - the last line of defence of a command-line tool
        # A bug, not bad input: say so in one line; CLEANER_DEBUG=1 shows the traceback.
        if os.environ.get("CLEANER_DEBUG"):
            raise
        print(f"cleaner: internal error: {type(e).__name__}: {e} (set CLEANER_DEBUG=1 for the traceback)",
              file=sys.stderr)
        return EXIT_FAILED
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE
