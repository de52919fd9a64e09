"""How much faster the default pipeline runs when its modules are compiled with Cython.

    pip install "cython>=3.0"      # not a dependency of cleaner: only this measurement needs it
    python benchmarks/bench_compiled.py                       # the pipeline's modules
    python benchmarks/bench_compiled.py --modules structure,boilerplate --rounds 5
    python benchmarks/bench_compiled.py --keep /tmp/cybuild   # keep the compiled tree

The repository's cleaner/, rules/ and benchmarks/ are copied into a scratch directory and the
chosen modules compiled there in place, unmodified (Cython's pure Python mode). Then the table
of bench_throughput.py is computed in the source tree and in the compiled tree alternately, each
run in its own process, and each stage's least CPU time in either tree is printed with the
ratio. Alternating and keeping the least: the machines are shared and load only ever adds time.
ftfy.fix_text is compiled in neither tree, so its ratio should stay near 1.00x: a control.

A kept tree can be tested as it is: `cd /tmp/cybuild && python -m pytest -x -q` and
`PYTHONPATH=/tmp/cybuild python path/to/fingerprint.py`.

Each module is compiled with gcc's -Werror=int-to-pointer-cast. Cython (0.29 and 3.0 to 3.3)
miscompiles some and/or chains of C truth values and an object inside a conditional
expression, such as `(a in s and m is not None or f(x)) if a else False`: the generated C
casts a C int to an object pointer, and the program crashes when that value is used. gcc warns
of exactly that cast; a module that shows it is left as Python and named in the output.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_throughput import page_text_path  # noqa: E402

# The modules the default pipeline spends its time in (cleaner.pipeline itself only calls them).
PIPELINE_MODULES = ("structure", "boilerplate", "model", "language", "langid", "segment", "repair",
                    "render", "decode", "keywords", "rules", "metadata")

_BUILD = """
import sys
from setuptools import setup
from Cython.Build import cythonize
setup(name="cleaner-compiled-benchmark", packages=[], py_modules=[],
      ext_modules=cythonize([sys.argv[1]], language_level=3, quiet=True),
      script_args=["build_ext", "--inplace"])
"""

_ROW = re.compile(r"^\| (?:\*\*)?([a-z][\w. ()]*?)(?:\*\*)? \| ([\d.]+) \|", re.M)


def scratch_copy(target: Path) -> Path:
    """A copy of what the benchmark needs (the package, its rule packs, the benchmarks)."""
    for name in ("cleaner", "rules", "benchmarks"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    return target


def compile_module(tree: Path, module: str) -> bool:
    """Compile cleaner/<module>.py in place; False (and the module stays Python) when the
    build fails, the known miscompile included."""
    env = {**os.environ, "CFLAGS": f"{os.environ.get('CFLAGS', '')} -Werror=int-to-pointer-cast"}
    done = subprocess.run([sys.executable, "-c", _BUILD, f"cleaner/{module}.py"], cwd=tree, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if "error" in line][:3]
        print(f"  {module}: left as Python ({'; '.join(errors) or 'build failed'})", file=sys.stderr)
    return done.returncode == 0


def stage_seconds(tree: Path, data: Path) -> dict[str, float]:
    """bench_throughput.py's table (CPU seconds by stage) computed in `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "CLEANER_BENCH_DATA": str(data)}
    out = subprocess.run([sys.executable, str(tree / "benchmarks" / "bench_throughput.py")], cwd=tree,
                         env=env, capture_output=True, text=True, check=True).stdout
    return {name: float(seconds) for name, seconds in _ROW.findall(out)}


def compare(pure: Path, compiled: Path, data: Path, rounds: int) -> None:
    """Alternate the two trees `rounds` times and print each stage's least time in both."""
    best: dict[Path, dict[str, float]] = {pure: {}, compiled: {}}
    for _ in range(rounds):
        for tree in (pure, compiled):
            for name, seconds in stage_seconds(tree, data).items():
                best[tree][name] = min(seconds, best[tree].get(name, float("inf")))
    print(f"CPU seconds, least of {rounds} alternating runs (each itself a best of 3)\n")
    print("| stage | Python | compiled | speedup |\n|---|---|---|---|")
    for name, seconds in best[pure].items():
        print(f"| {name} | {seconds:.3f} | {best[compiled][name]:.3f} | "
              f"{seconds / best[compiled][name]:.2f}x |")


def main() -> None:
    """Build the compiled tree, then measure both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", default=",".join(PIPELINE_MODULES),
                        help="comma-separated module names under cleaner/ to compile")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the two trees")
    parser.add_argument("--keep", type=Path, help="build the compiled tree here and keep it")
    args = parser.parse_args()
    modules = [m for m in args.modules.split(",") if m]
    unknown = [m for m in modules if not (ROOT / "cleaner" / f"{m}.py").exists()]
    if unknown:
        sys.exit(f"no such module under cleaner/: {', '.join(unknown)}")
    data = page_text_path()
    if data is None:
        sys.exit("no page text to measure (set CLEANER_BENCH_DATA)")
    with tempfile.TemporaryDirectory() as tmp:
        tree = args.keep or Path(tmp) / "compiled"
        if tree.exists():
            sys.exit(f"{tree} exists already")
        scratch_copy(tree)
        print(f"compiling {len(modules)} modules in {tree}", file=sys.stderr)
        compiled = [m for m in modules if compile_module(tree, m)]
        print(f"compiled: {', '.join(compiled) or 'none'}\n")
        compare(ROOT, tree, data, args.rounds)


if __name__ == "__main__":
    main()
