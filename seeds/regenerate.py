#!/usr/bin/env python3
"""Clean the seed documents and write their clean text and JSON reports to seeds/output/.

    python seeds/regenerate.py           # rewrite seeds/output/
    python seeds/regenerate.py --check   # exit 1 if seeds/output/ is not what cleaner makes now

It runs the installed command line, as a user would: `cleaner clean --format json`.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def clean(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--format", "json", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def outputs(path: Path, report: dict) -> dict[Path, str]:
    """The files one seed's report becomes: its clean text and its report."""
    return {HERE / "output" / path.name: report["text"],
            HERE / "output" / (path.stem + ".json"): json.dumps(report, ensure_ascii=False, indent=1) + "\n"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args()
    drift = []
    for path in sorted((HERE / "input").glob("*.txt")):
        for target, content in outputs(path, clean(path)).items():
            if args.check:
                if not target.exists() or target.read_text(encoding="utf-8") != content:
                    drift.append(target.name)
            else:
                target.parent.mkdir(exist_ok=True)
                target.write_text(content, encoding="utf-8")
                print(f"wrote {target.relative_to(HERE.parent)}")
    if drift:
        print("out of date: " + ", ".join(drift) + " (run python seeds/regenerate.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
