"""Running the cleaner over many documents: the CLI's `clean` command and clean_many()."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, Iterator

from .model import Result


def clean_many(cleaner, items: Iterable[str | bytes], *, workers: int = 1) -> Iterator[Result]:
    for item in items:
        yield cleaner.clean(item)


def run_cli(args, config) -> int:
    from .cli import EXIT_FAILED, EXIT_OK, UsageError, _is_html, _read_input
    from .pipeline import Cleaner

    cleaner = Cleaner(config)
    batch_report = getattr(args, "report", None)   # an explain.BatchReport with --report-html
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    failed = 0
    try:
        for name in args.inputs:
            data = _read_input(name)
            is_jsonl = args.input_format == "jsonl" or (args.input_format == "auto" and name.endswith(".jsonl"))
            if is_jsonl:
                fmt = args.format or "jsonl"
                for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                        if args.html_field in record and record.get(args.html_field) is not None and args.text_field not in record:
                            result = cleaner.clean_html(record[args.html_field])
                        else:
                            result = cleaner.clean(record.get(args.text_field) or "")
                    except Exception as e:  # one bad record must not stop the batch
                        failed += 1
                        print(f"cleaner: {name}:{number}: {type(e).__name__}: {e}", file=sys.stderr)
                        if batch_report is not None:
                            batch_report.add_failure(f"{name}:{number}", f"{type(e).__name__}: {e}")
                        continue
                    if batch_report is not None:
                        batch_report.add(f"{name}:{number}", result, len(line.encode("utf-8")))
                    report = result.to_dict()
                    record[args.text_field] = report.pop("text")
                    record["cleaner"] = report
                    if fmt == "text":
                        out.write(result.text + "\n")
                    else:
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
                continue
            result = cleaner.clean_html(data) if _is_html(name, data, args.input_format) else cleaner.clean(data)
            if batch_report is not None:
                batch_report.add(name, result, len(data))
            fmt = args.format or "text"
            if fmt == "text":
                out.write(result.text)
            elif fmt == "json":
                out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    return EXIT_FAILED if failed else EXIT_OK
