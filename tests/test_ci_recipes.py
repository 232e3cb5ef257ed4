"""The CI recipes run: action.yml's steps and docs/ci.md's commands, against a temporary repo.

The `run:` steps of the composite action are executed in order with bash, as the runner would,
with `${{ ... }}` expressions resolved from the inputs, a pull request's base commit and the
outputs earlier steps wrote to $GITHUB_OUTPUT. The installed `copylint` stands in for the
install step (which would pip-install this checkout). The files they write are then checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from test_reporters import ARTICLE_MD, make_project
from test_sarif import validate

BIN = str(Path(sys.executable).parent)  # where the installed `copylint` script lives
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """A git repo with an old article and, in a second commit, a changed and a new one."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    project = make_project(tmp_path / "repo", {
        "articles/old.md": "# Old\n\nA very old story.\n",
        "articles/story.md": "# Council votes\n\nA plain story.\n",
        "notes/readme.rst": "very really not an article\n",
    })
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "base")
    base = git(project, "rev-parse", "HEAD").strip()
    (project / "articles" / "story.md").write_text(ARTICLE_MD, encoding="utf-8")
    (project / "articles" / "new story.md").write_text("# New\n\nIt was really late.\n", encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "change")
    return project, base


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.pop("NO_COLOR", None)
    return env


def _resolve(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]], github: dict[str, str]) -> str:
    def one(m: re.Match) -> str:
        for alt in m.group(1).split("||"):
            name = alt.strip()
            if name.startswith("inputs."):
                value = inputs[name[len("inputs."):]]
            elif name.startswith("steps."):
                _, step, _, key = name.split(".", 3)
                value = outputs.get(step, {}).get(key, "")
            elif name.startswith("github."):
                value = github.get(name, "")
            else:
                raise AssertionError(f"expression the test cannot resolve: {name}")
            if value:
                return value
        return ""

    return EXPR.sub(one, str(text))


def _read_outputs(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines() if path.exists() else []:
        key, _, value = line.partition("=")
        out[key] = value
    return out


def run_action(project: Path, tmp: Path, given: dict[str, str], github: dict[str, str]) -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs.update(given)
    outputs: dict[str, dict[str, str]] = {}
    summary = tmp / "step-summary.md"
    logs = []
    ran = []
    for i, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            continue
        script = step["run"]
        if "pip install" in script:
            assert '"$GITHUB_ACTION_PATH"' in script  # installs this checkout; the venv has it already
            continue
        assert step["shell"] == "bash"
        out_file = tmp / f"output-{i}"
        env = _env()
        env.update({k: _resolve(v, inputs, outputs, github) for k, v in step.get("env", {}).items()})
        env.update({"RUNNER_TEMP": str(tmp), "GITHUB_OUTPUT": str(out_file), "GITHUB_STEP_SUMMARY": str(summary),
                    "GITHUB_ACTION_PATH": str(ROOT)})
        # as the runner runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}
        res = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                              _resolve(script, inputs, outputs, github)], cwd=project, env=env,
                             capture_output=True, text=True, timeout=300)
        logs.append(res)
        ran.append(step.get("name"))
        if step.get("id"):
            outputs[step["id"]] = _read_outputs(out_file)
        if res.returncode != 0:
            break
    return {"logs": logs, "outputs": outputs, "ran": ran, "summary": summary, "inputs": inputs, "action": action}


def test_action_lints_the_changed_articles(repo, tmp_path):
    project, base = repo
    result = run_action(project, tmp_path, {}, {"github.event.pull_request.base.sha": base})
    assert result["ran"] == ["Choose the articles", "Lint", "Fail on findings"]
    assert result["outputs"]["files"]["count"] == "2"
    lint = result["logs"][1]
    # annotations on the pull request: only the changed articles, never old.md or the .rst
    annotations = [line for line in lint.stdout.splitlines() if line.startswith("::")]
    files = {re.search(r"file=([^,]+)", a).group(1) for a in annotations}
    assert files == {"articles/story.md", "articles/new story.md"}
    assert result["outputs"]["lint"]["exit-code"] == "1"
    assert result["logs"][-1].returncode == 1  # the last step fails the job on findings
    log = json.loads((project / "copylint.sarif").read_text(encoding="utf-8"))
    validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"articles/story.md", "articles/new%20story.md"}
    assert result["outputs"]["lint"]["sarif-written"] == "true"
    summary = result["summary"].read_text(encoding="utf-8")
    assert summary.startswith("## copylint") and "articles/new story.md:3" in summary
    upload = [s for s in result["action"]["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload and upload[0]["with"]["sarif_file"] == "${{ inputs.sarif }}"


def test_action_with_paths_fail_on_and_baseline(repo, tmp_path):
    project, base = repo
    subprocess.run([os.path.join(BIN, "copylint"), "baseline", "-o", "base.json", "articles"], cwd=project,
                   env=_env(), check=True, capture_output=True)
    with open(project / "articles" / "old.md", "a", encoding="utf-8") as fh:
        fh.write("\nIt is really new.\n")
    given = {"paths": "articles", "baseline": "base.json", "fail-on": "error", "sarif": "out/c.sarif"}
    (project / "out").mkdir()
    result = run_action(project, tmp_path, given, {})
    assert result["outputs"]["files"]["count"] == "1"
    lint = result["logs"][1]
    annotations = [line for line in lint.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and "file=articles/old.md,line=5" in annotations[0]
    assert result["outputs"]["lint"]["exit-code"] == "0"  # a warning, below fail-on error
    assert result["logs"][-1].returncode == 0
    validate(json.loads((project / "out" / "c.sarif").read_text(encoding="utf-8")))


def test_action_with_no_changed_articles(repo, tmp_path):
    project, _ = repo
    head = git(project, "rev-parse", "HEAD").strip()
    result = run_action(project, tmp_path, {}, {"github.event.before": head})
    assert result["outputs"]["files"]["count"] == "0"
    assert result["outputs"]["lint"] == {"exit-code": "0", "sarif-written": "false"}
    assert all(r.returncode == 0 for r in result["logs"])


def _ci_doc() -> str:
    return (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def _gitlab_job() -> dict:
    blocks = re.findall(r"```yaml\n(.*?)```", _ci_doc(), re.S)
    jobs = [yaml.safe_load(b) for b in blocks if "codequality" in b]
    assert len(jobs) == 1
    return jobs[0]["copylint"]


def _run_lines(lines: list[str], project: Path, variables: dict[str, str]) -> list[subprocess.CompletedProcess]:
    env = _env()
    env.update(variables)
    return [subprocess.run(["bash", "-c", line], cwd=project, env=env, capture_output=True, text=True, timeout=300)
            for line in lines]


def test_gitlab_snippet_writes_a_code_quality_report(repo):
    project, _ = repo
    job = _gitlab_job()
    assert any("pip install" in line for line in job["before_script"])
    lines = [line for line in job["script"] if line.startswith("copylint ")]
    assert lines, "the GitLab snippet runs copylint"
    results = _run_lines(lines, project, {k: str(v) for k, v in job.get("variables", {}).items()})
    assert [r.returncode for r in results] == [1]  # findings: the job fails unless allow_failure
    report = job["artifacts"]["reports"]
    issues = json.loads((project / report["codequality"]).read_text(encoding="utf-8"))
    assert issues
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"].startswith("mypack.")
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert {i["location"]["path"] for i in issues} == {"articles/old.md", "articles/story.md", "articles/new story.md"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    suite = ET.parse(project / report["junit"]).getroot()
    assert int(suite.get("failures")) == len(issues)
    assert "Found" in results[0].stdout  # the text format for the job log


def test_documented_shell_commands_run(repo):
    """The baseline, reviewdog and HTML commands shown in docs/ci.md run as written."""
    project, _ = repo
    doc = _ci_doc()
    lines = []
    for block in re.findall(r"```(?:sh|yaml)\n(.*?)```", doc, re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("- run: ")
            if line.startswith("copylint ") and "$COPYLINT_PATHS" not in line:
                lines.append(line.split(" | ")[0])  # reviewdog is not here: check what it would read
    assert any(" baseline " in f" {line} " for line in lines)
    results = _run_lines(lines, project, {})
    by_line = dict(zip(lines, results))
    for line, res in by_line.items():
        assert res.returncode in (0, 1), (line, res.stderr)
    assert json.loads((project / ".copylint-baseline.json").read_text())["entries"]
    rd = [r for line, r in by_line.items() if "rdjson" in line]
    assert rd and json.loads(rd[0].stdout)["diagnostics"]
    with_baseline = [r for line, r in by_line.items() if "--baseline" in line]
    assert with_baseline and with_baseline[0].returncode == 0  # nothing new since the baseline
    html = (project / "copylint-report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "articles/story.md" in html


def test_action_on_a_new_branch_lints_everything(repo, tmp_path):
    project, _ = repo
    result = run_action(project, tmp_path, {}, {"github.event.before": "0" * 40})
    assert result["outputs"]["files"]["count"] == "1"
    annotations = [line for line in result["logs"][1].stdout.splitlines() if line.startswith("::")]
    files = {re.search(r"file=([^,]+)", a).group(1) for a in annotations}
    assert files == {"articles/old.md", "articles/story.md", "articles/new story.md"}
