"""What GitHub can show: annotations most severe first up to its limit, SARIF runs over 5,000 results."""

from __future__ import annotations

import json
import re

from conftest import run_cli
from test_reporters import make_project
from test_sarif import validate

# 15 errors (mypack.swap: utilise), 30 warnings (mypack.weasel: very), one a line
MANY = "".join(f"Line {n}: we utilise it.\n" for n in range(15)) + "".join(f"It was very odd {n}.\n" for n in range(30))


def test_github_annotates_the_most_severe_up_to_the_limit_then_says_how_many_more(tmp_path):
    project = make_project(tmp_path, {"a.txt": MANY, "b.txt": "It was very calm.\n"})
    res = run_cli("--format", "github", "a.txt", "b.txt", "missing.txt", cwd=project,
                  env={"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "news/desk", "GITHUB_RUN_ID": "7"})
    assert res.returncode == 2  # the missing file
    lines = res.stdout.decode().splitlines()
    commands = [line for line in lines if line.startswith("::")]
    levels = [re.match(r"::(\w+)", line).group(1) for line in commands]
    assert levels == ["error"] * 10 + ["warning"] * 10 + ["notice"]  # the file error, 9 swaps, 10 weasels, summary
    assert "missing.txt" in commands[0]
    summary = commands[-1]
    assert "title=copylint%3A 27 more findings::27 more findings (6 errors, 21 warnings) are not annotated" in summary
    assert "https://github.com/news/desk/actions/runs/7" in summary
    logged = [line for line in lines if not line.startswith("::")]
    assert len(logged) == 27 and all(re.match(r"[ab]\.txt:\d+:\d+: (error|warning) mypack\.", x) for x in logged)
    assert [x.split()[1] for x in logged] == ["error"] * 6 + ["warning"] * 21  # still most severe first
    json_total = len(json.loads(run_cli("--format", "json", "a.txt", "b.txt", cwd=project).stdout)["findings"])
    assert 19 + len(logged) == json_total == 46  # every finding is either annotated or in the log


def test_github_output_under_the_limit_is_all_annotations(tmp_path):
    project = make_project(tmp_path, {"a.txt": "We utilise it. It was very odd.\n"})
    lines = run_cli("--format", "github", "a.txt", cwd=project).stdout.decode().splitlines()
    assert len(lines) == 2 and all(line.startswith(("::error ", "::warning ")) for line in lines)


def test_sarif_over_five_thousand_results_says_so_and_puts_the_most_severe_first(tmp_path):
    text = "It was very odd.\n" * 5000 + "We utilise it.\n" * 3
    project = make_project(tmp_path, {"big.txt": text})
    res = run_cli("--format", "sarif", "big.txt", cwd=project)
    assert res.returncode == 1, res.stderr.decode()
    log = json.loads(res.stdout)
    validate(log)
    run = log["runs"][0]
    assert len(run["results"]) == 5003
    assert [r["level"] for r in run["results"][:3]] == ["error"] * 3
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and "5003 results" in note["message"]["text"] and "5,000" in note["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True
