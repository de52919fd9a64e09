"""Quality of HTML input: the benchmark's F1, precision and recall of cleaner's
`clean_html` (and of its markup stage alone), beside trafilatura's `extract` on the same
pages, overall and per language.

    PYTHONPATH=. python benchmarks/html_quality.py ../shared/data/dev
    PYTHONPATH=. python benchmarks/html_quality.py ../shared/data/dev --per-doc worst.json

The data folder holds truth.jsonl ({"id", "url", "text"}) and pages/<id>.html.gz; the
metric is the benchmark's own, read from evaluate.py beside the data folder (4-gram
shingles over \\w+ tokens, macro-averaged over documents).
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
from pathlib import Path


def load_metric(data: Path):
    """The `score` function of the benchmark's evaluate.py, found beside the data folder."""
    for candidate in (data / "evaluate.py", data.parent / "evaluate.py"):
        if candidate.exists():
            spec = importlib.util.spec_from_file_location("evaluate", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.score
    sys.exit(f"no evaluate.py in {data} or {data.parent}")


def load(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The true texts and the pages, by id."""
    with (data / "truth.jsonl").open(encoding="utf-8") as f:
        truth = {r["id"]: r["text"] for r in map(json.loads, f) if r}
    pages = {p.name.split(".")[0]: gzip.decompress(p.read_bytes()).decode("utf-8")
             for p in sorted((data / "pages").glob("*.html.gz"))}
    return {i: truth[i] for i in pages if i in truth}, pages


def systems() -> dict:
    from cleaner import html as html_input
    from cleaner.pipeline import Cleaner
    cleaner = Cleaner()
    found = {
        "cleaner clean_html": lambda page: cleaner.clean_html(page),
        "cleaner markup stage": lambda page: html_input.to_document(page, config=cleaner.config).source,
    }
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed: pip install trafilatura to compare", file=sys.stderr)
    else:
        found["trafilatura extract"] = lambda page: trafilatura.extract(page, include_comments=False) or ""
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="a data folder with truth.jsonl and pages/")
    ap.add_argument("--per-doc", type=Path, help="write cleaner's per-document F1 here, worst first")
    args = ap.parse_args()
    score = load_metric(args.data)
    truth, pages = load(args.data)
    languages: dict[str, str] = {}
    for name, run in systems().items():
        predictions = {}
        for page_id, page in pages.items():
            out = run(page)
            if not isinstance(out, str):
                languages[page_id] = out.language
                out = out.text
            predictions[page_id] = out
        overall, counts = score(truth, predictions)
        print(f"{name:<22} F1 {overall['f1']:.4f}  precision {overall['precision']:.4f}  "
              f"recall {overall['recall']:.4f}  ({overall['empty']} empty of {overall['n']})")
        if name == "cleaner clean_html":
            for language in sorted(set(languages.values())):
                ids = [i for i in truth if languages.get(i) == language]
                part, _ = score({i: truth[i] for i in ids}, predictions)
                print(f"    {language:<6} F1 {part['f1']:.4f} over {len(ids)} pages")
            if args.per_doc:
                rows = []
                for i, (tp, fp, fn) in counts.items():
                    p = tp / (tp + fp) if tp + fp else 0.0
                    r = tp / (tp + fn) if tp + fn else 0.0
                    rows.append({"id": i, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                                 "precision": round(p, 4), "recall": round(r, 4)})
                rows.sort(key=lambda row: row["f1"])
                args.per_doc.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
