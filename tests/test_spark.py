"""copylint.spark and `copylint archive` on a real PySpark in local mode (local[2]): the same
findings as the CLI gives for files with the same texts."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT, run_cli
from packhelp import invoke

pytest.importorskip("pyspark", reason="needs PySpark (the `spark` extra: pip install 'copylint[spark]')")
if shutil.which("java") is None:
    pytest.skip("needs Java 17+ for Spark (java is not on PATH)", allow_module_level=True)

ARTICLES = {
    "seed": ("text", "Updated 3 hours ago\n\nThe rules had become laxed, local officials said of its efforts.\n"
                     "Like Us on Facebook\n\nIt is is a TK story about the the council.\n"),
    "md-1": ("markdown", (ROOT / "examples" / "article.md").read_text(encoding="utf-8")),
    "html-1": ("html", "<html><body><article><p>The flood porn areas were teh worst.</p>"
                       "<p>Real Time Analytics</p></article></body></html>\n"),
    "clean": ("text", "The council met on Tuesday and agreed the budget.\n"),
    "quote": ("text", "\"This is a damn shame,\" she said. The recieved wisdom held.\n"),
}
EXT = {"text": "txt", "markdown": "md", "html": "html"}


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers need the interpreter with copylint
    session = (SparkSession.builder.master("local[2]").appName("copylint-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _cli_findings(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    names = []
    for key, (fmt, text) in ARTICLES.items():
        name = f"{key}.{EXT[fmt]}"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    res = run_cli("-f", "json", *names, cwd=folder)
    assert res.returncode in (0, 1), res.stderr.decode()
    return {(f["path"].rsplit(".", 1)[0], f["rule"], f["severity"], f["line"], f["column"], f["end_line"],
             f["end_column"], f["message"], f["match"], tuple(f["suggestions"]))
            for f in json.loads(res.stdout)["findings"]}


def _rows(df):
    return {(r["id"], r["rule"], r["severity"], r["line"], r["column"], r["end_line"], r["end_column"],
             r["message"], r["match"], tuple(r["suggestions"])) for r in df.collect()}


def test_lint_dataframe_finds_what_the_cli_finds(spark, tmp_path):
    from copylint.spark import lint_dataframe

    df = spark.createDataFrame([(k, fmt, text) for k, (fmt, text) in ARTICLES.items()], "id string, kind string, body string")
    found = lint_dataframe(df.repartition(2), text_col="body", id_col="id", format_col="kind")
    assert found.columns == ["id", "rule", "severity", "line", "column", "end_line", "end_column", "message",
                             "match", "suggestions"]
    rows = _rows(found)
    assert not [r for r in rows if r[1] == "copylint.unreadable"], rows
    expected = _cli_findings(tmp_path)
    assert rows == expected
    rules = {r[1] for r in rows}
    assert {"typos.false-verb-form", "boilerplate.widget", "placeholders.tk"} & rules, rules
    assert not [r for r in rows if r[0] == "clean"]


def test_archive_reads_json_lines_and_writes_parquet(spark, tmp_path):
    source = tmp_path / "archive.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for key, (fmt, text) in ARTICLES.items():
            fh.write(json.dumps({"story": key, "name": f"{key}.{EXT[fmt]}", "body": text}) + "\n")
    out = tmp_path / "findings.parquet"
    res = invoke("archive", str(source), "-o", str(out), "--text-col", "body", "--id-col", "story",
                 "--filename-col", "name", "--partitions", "2", cwd=tmp_path)
    assert res.exit_code == 0, res.output
    assert "findings to" in res.output
    written = _rows(spark.read.parquet(str(out)))
    assert written == _cli_findings(tmp_path)
    bad = invoke("archive", str(source), "-o", str(out), "--text-col", "nope", cwd=tmp_path)
    assert bad.exit_code == 2 and "no column 'nope'" in bad.output
