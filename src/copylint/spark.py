"""Lint archives on Spark: one row an article in, one row a finding out.

    from copylint.spark import lint_dataframe
    findings = lint_dataframe(spark.read.parquet("archive/"), text_col="body", id_col="story_id")
    findings.write.parquet("findings/")

`lint_dataframe` runs copylint inside the executors through `mapInPandas`: each executor's
Python worker makes one `Session` (the rules, their data and the compiled patterns load once a
process, not once a row or a batch) and lints its partitions' rows with `Session.lint_text`,
so a finding is the same as `copylint` gives for a file with that text. `copylint archive`
does the same from the command line, reading Parquet or JSON-lines and writing Parquet, on a
local Spark or, through `spark-submit`, on a cluster (see docs/archive.md).

Needs the `spark` extra (`pip install 'copylint[spark]'`: pyspark, pyarrow, pandas).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Iterator, Mapping

SCHEMA = (
    "id string, rule string, severity string, line int, column int, end_line int, end_column int, "
    "message string, match string, suggestions array<string>"
)
COLUMNS = ("id", "rule", "severity", "line", "column", "end_line", "end_column", "message", "match", "suggestions")
ERROR_RULE = "copylint.unreadable"  # a row that could not be linted (the message says why)
_EXTENSION = {"markdown": "md", "md": "md", "text": "txt", "txt": "txt", "html": "html", "htm": "html", "docx": "docx"}


class _Executor:
    """The Session of this Python worker process, per config (a worker outlives its tasks when
    Spark reuses workers, as it does by default). Set and read in executors only."""

    sessions: dict[str, Any] = {}


def executor_session(config: str | Mapping[str, Any] | None) -> Any:
    """The Session this process lints with for `config` (made on first use)."""
    key = json.dumps(config, sort_keys=True, default=str)
    found = _Executor.sessions.get(key)
    if found is None:
        from .session import Session

        found = _Executor.sessions[key] = Session(dict(config) if isinstance(config, Mapping) else config)
    return found


def _filename(row_id: str, fmt: str | None, filename: str | None) -> str:
    if filename:
        return str(filename)
    ext = _EXTENSION.get((fmt or "text").lower(), "txt")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(row_id))[:100] or "story"
    return f"{safe}.{ext}"


def lint_rows(rows: Iterator[tuple[Any, Any, Any, Any]], config: str | Mapping[str, Any] | None) -> Iterator[tuple]:
    """(id, text, format, filename) rows to finding rows (`COLUMNS`), in one Session."""
    session = executor_session(config)
    for row_id, text, fmt, filename in rows:
        rid = None if row_id is None else str(row_id)
        if text is None:
            continue
        name = _filename(rid or "story", fmt, filename)
        try:
            findings = session.lint_text(str(text), filename=name, format=fmt or None)
        except ValueError as exc:  # the text could not be read as its format
            yield (rid, ERROR_RULE, "error", None, None, None, None, str(exc), None, [])
            continue
        for f in findings:
            yield (rid, f.rule, f.severity.label, f.start.line, f.start.column, f.end.line, f.end.column,
                   f.message, f.match, list(f.suggestions))


def lint_dataframe(
    df: Any,
    text_col: str = "text",
    id_col: str = "id",
    format_col: str | None = None,
    filename_col: str | None = None,
    config: str | Mapping[str, Any] | None = None,
) -> Any:
    """A DataFrame of findings (`SCHEMA`) for a DataFrame of articles.

    `format_col` holds each text's format (markdown, text, html; default text), `filename_col`
    a file name whose extension gives the format and which config overrides match; `config` is
    a config file path readable on every executor or a mapping of config keys (as in
    `.copylint.yaml`). Files named in a mapping (packs, vocabularies) must exist on the executors.
    """
    from pyspark.sql import functions as F

    if isinstance(config, (str, os.PathLike)):
        config = os.path.abspath(os.fspath(config))
    picked = df.select(
        F.col(id_col).cast("string").alias("id"),
        F.col(text_col).cast("string").alias("text"),
        (F.col(format_col).cast("string") if format_col else F.lit(None).cast("string")).alias("format"),
        (F.col(filename_col).cast("string") if filename_col else F.lit(None).cast("string")).alias("filename"),
    )

    def lint_batches(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        def value(x: Any) -> Any:  # pandas gives a missing string as None, NaN or NA
            return None if x is None or (not isinstance(x, str) and pd.isna(x)) else x

        for batch in batches:
            rows = zip(batch["id"], batch["text"], batch["format"], batch["filename"])
            out = list(lint_rows(((value(i), value(t), value(f), value(n)) for i, t, f, n in rows), config))
            frame = pd.DataFrame(out, columns=list(COLUMNS))
            for col in ("line", "column", "end_line", "end_column"):
                frame[col] = frame[col].astype("Int32")
            yield frame

    return picked.mapInPandas(lint_batches, SCHEMA)


def read_articles(spark: Any, path: str) -> Any:
    """Parquet (a file or a folder of them) or JSON-lines (.jsonl, .ndjson, .json)."""
    lowered = path.rstrip("/").lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz")):
        return spark.read.json(path)
    return spark.read.parquet(path)


def archive(spark: Any, source: str, output: str, *, text_col: str = "text", id_col: str = "id",
            format_col: str | None = None, filename_col: str | None = None,
            config: str | Mapping[str, Any] | None = None, partitions: int | None = None) -> int:
    """Lint an archive into a Parquet folder of findings; returns the number of findings."""
    articles = read_articles(spark, source)
    missing = [c for c in (text_col, id_col, format_col, filename_col) if c and c not in articles.columns]
    if missing:
        raise ValueError(f"{source} has no column {missing[0]!r} (columns: {', '.join(articles.columns)})")
    if partitions:
        articles = articles.repartition(partitions)
    findings = lint_dataframe(articles, text_col, id_col, format_col, filename_col, config)
    findings.write.mode("overwrite").parquet(output)
    return spark.read.parquet(output).count()


def spark_session(master: str | None, app: str = "copylint archive") -> Any:
    """The active SparkSession (spark-submit's), else a new one on `master` (default local[*])."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app)
    if master or not os.environ.get("SPARK_MASTER"):
        master = master or "local[*]"
        builder = builder.master(master)
        if master.startswith("local"):  # the workers run this interpreter, which has copylint
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - the CLI's `archive` is tested
    """`spark-submit copylint/spark.py INPUT OUTPUT [--text-col ...]`: the archive command."""
    from copylint.cli import main as cli  # absolute: spark-submit runs this file as __main__

    cli(["archive", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    main()
