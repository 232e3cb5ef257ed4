"""copylint on Spark: articles per second by partition count (local mode on this machine).

    .venv/bin/python bench/spark.py                 # ../shared/corpus/bbc-news, local[2]
    .venv/bin/python bench/spark.py --master 'local[*]' --partitions 1 2 4 8

Reads the corpus into a DataFrame once, then for each partition count lints it with
`copylint.spark.lint_dataframe` (every offline rule) and counts the findings; prints the wall
time and articles per second, and the CLI's figure on the same texts beside it. Needs the
`spark` extra and Java 17+. Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COPYLINT_SHARED", ROOT.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "bbc-news")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, nargs="+", default=[1, 2, 4, 8])
    args = ap.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from copylint.spark import lint_dataframe

    files = sorted(p for p in args.corpus.rglob("*.txt"))
    rows = [(str(p.relative_to(args.corpus)), p.read_bytes().decode("utf-8", "replace")) for p in files]
    mb = sum(len(t.encode("utf-8")) for _, t in rows) / 1e6
    spark = (SparkSession.builder.master(args.master).appName("copylint-bench")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.createDataFrame(rows, "id string, text string").cache()
    df.count()
    config = {"select": ["all"], "ignore": ["grammar"]}
    print(f"copylint on Spark {spark.version}, master {args.master}: {len(rows)} articles, {mb:.2f} MB, "
          f"every offline rule; load average {os.getloadavg()[0]:.1f}")
    lint_dataframe(df.limit(8), config=config).count()  # start the Python workers once
    for n in args.partitions:
        start = time.perf_counter()
        found = lint_dataframe(df.repartition(n), config=config).count()
        t = time.perf_counter() - start
        print(f"  {n:3d} partitions: {t:7.2f} s wall, {len(rows) / t:7.1f} articles/s, {mb / t:5.2f} MB/s, "
              f"{found} findings")
    spark.stop()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "copylint", "--no-cache", "--select", "all", "--ignore", "grammar",
                           "-f", "json-lines", str(args.corpus)], capture_output=True)
    t = time.perf_counter() - start
    print(f"  the CLI (--jobs = CPUs, for comparison): {t:7.2f} s wall, {len(rows) / t:7.1f} articles/s, "
          f"{len(proc.stdout.splitlines())} findings")


if __name__ == "__main__":
    main()
