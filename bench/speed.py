"""Speed of copylint beside proselint: one article, a whole archive, start-up.

Run it with the project's virtual environment:

    .venv/bin/python bench/speed.py                 # the usual run
    .venv/bin/python bench/speed.py --proselint-all  # proselint over every corpus file too

It prints, side by side:

- one article: process wall time from start to exit, the median of several runs of each tool
  on the same article (the seed article from ../shared/examples);
- the archive: MB/s over ../shared/corpus/bbc-news (copylint with its default rules and
  --jobs = CPU count; proselint over a fixed subset unless --proselint-all, since it runs
  single-threaded at a fraction of the speed);
- copylint's start-up: `copylint --version` wall time and `python -X importtime` of the CLI;
- with --by-rule instead: the CPU time of each rule per article over the archive, in-process.

Archive lines give MB per CPU-second beside wall-clock MB/s: steadier on a shared machine.

proselint is installed on first use into bench/.venv-proselint (gitignored) with pip.
Nothing here asserts anything: it prints figures. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COPYLINT_SHARED", ROOT.parent / "shared"))
PROSELINT_VENV = ROOT / "bench" / ".venv-proselint"
PROSELINT_SPEC = "proselint==0.16.0"  # pinned so figures compare across runs
SUBSET_STEP = 4  # proselint subset: every 4th corpus file in sorted order (all five topics)


def _bin(venv_python: str, name: str) -> Path:
    folder = Path(venv_python).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return candidate
    raise SystemExit(f"{name} not found beside {venv_python}; install the project into this venv first")


def copylint_cmd() -> list[str]:
    return [str(_bin(sys.executable, "copylint"))]


def proselint_cmd() -> list[str]:
    """proselint's console script in its own venv, created and filled on first use."""
    python = PROSELINT_VENV / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not python.exists():
        print(f"creating {PROSELINT_VENV.relative_to(ROOT)} and installing {PROSELINT_SPEC} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(PROSELINT_VENV)], check=True)
    try:
        return [str(_bin(str(python), "proselint"))]
    except SystemExit:
        subprocess.run([str(python), "-m", "pip", "install", "-q", PROSELINT_SPEC], check=True)
        return [str(_bin(str(python), "proselint"))]


def proselint_version(cmd: list[str]) -> str:
    out = subprocess.run([*cmd, "version"], capture_output=True, text=True).stdout.strip()
    return out.split()[-1] if out else "?"


def copylint_version(cmd: list[str]) -> str:
    out = subprocess.run([*cmd, "--version"], capture_output=True, text=True).stdout.strip()
    return out.split()[-1] if out else "?"


def wall(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Seconds from process start to exit (output captured, as a pipe or CI would)."""
    t, _cpu, proc = timed(cmd, env, cwd)
    return t, proc


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, and CPU seconds (user + system) of the process and the workers it waited for."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc


def archive(cmd: list[str], runs: int, env: dict[str, str], cwd: str) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Median wall, best wall and median CPU seconds of `runs` runs over the archive."""
    walls, cpus, proc = [], [], None
    for _ in range(max(1, runs)):
        t, cpu, proc = timed(cmd, env, cwd)
        walls.append(t)
        cpus.append(cpu)
    assert proc is not None
    return statistics.median(walls), min(walls), statistics.median(cpus), proc


def median_wall(cmd: list[str], runs: int, env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    wall(cmd, env, cwd)  # warm the page cache and .pyc files
    times = []
    proc = None
    for _ in range(runs):
        t, proc = wall(cmd, env, cwd)
        times.append(t)
    assert proc is not None
    return statistics.median(times), proc


def import_time(python: str) -> float:
    """Seconds `python -X importtime` reports for importing the CLI module (cumulative)."""
    best = None
    for _ in range(5):
        proc = subprocess.run([python, "-X", "importtime", "-c", "import copylint.cli"], capture_output=True, text=True)
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s*copylint\.cli$", line)
            if m:
                us = int(m.group(1))
                best = us if best is None else min(best, us)
    return (best or 0) / 1e6


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")


def findings_summary(proc: subprocess.CompletedProcess) -> str:
    text = proc.stdout.decode("utf-8", "replace")
    found = len(re.findall(r"^\S.*:\d+:\d+: (?:error|warning|suggestion) ", text, re.MULTILINE))
    errors = len(proc.stderr.decode("utf-8", "replace").splitlines())
    return f"{found} findings" + (f", {errors} lines on stderr" if errors else "") + f", exit {proc.returncode}"


def proselint_findings(proc: subprocess.CompletedProcess) -> int:
    return sum(1 for line in proc.stdout.decode("utf-8", "replace").splitlines() if re.match(r".+:\d+:\d+: ", line))


def by_rule(corpus: Path, select: tuple[str, ...] | None) -> None:
    """CPU time of each rule over the archive in this process (one core): where the time goes."""
    import collections
    import datetime as dt

    from copylint import linter
    from copylint.declarative import DeclarativeRule
    from copylint.declarative.engine import compile_engine
    from copylint.rule import RuleContext
    from copylint.textio import ReadError, read_path

    files = corpus_files(corpus)
    options = linter.RunOptions(cwd=tempfile.gettempdir(), select=select, ignore=("grammar",))
    fc = linter.config_for(str(files[0]), options)
    selected = fc.selection("article.txt", select, ("grammar",))
    known = frozenset(fc.catalog.rules)
    notices = linter.Notices()
    cost: collections.Counter[str] = collections.Counter()
    first: dict[str, float] = {}
    docs = 0

    def clock(name: str, run: object) -> None:
        start = time.process_time()
        try:
            list(run())  # type: ignore[operator]
        except Exception:  # a failing rule is the linter's business, not the benchmark's
            pass
        spent = time.process_time() - start
        if name in first:
            cost[name] += spent
        else:
            first[name] = spent  # the first call loads the rule's data: shown apart

    for path in files:
        start = time.process_time()
        try:
            doc = linter._document(str(path), read_path(str(path)), fc.config)
        except ReadError:
            continue
        doc.word_set
        cost["(reading: Document and word set)"] += time.process_time() - start
        docs += 1
        engine = compile_engine(tuple(s.rule for s in selected if isinstance(s.rule, DeclarativeRule)))
        clock("(YAML rules: declarative engine)", lambda: engine.run(doc))
        for sel in selected:
            if isinstance(sel.rule, DeclarativeRule):
                continue
            ctx = RuleContext(options=sel.options, as_of=dt.date.today(), config_dir=fc.config.root,
                              notices=notices, known_rules=known, path=str(path))
            clock(sel.rule.meta.id, lambda: sel.rule.check(doc, ctx))
    total = sum(cost.values())
    print(f"CPU by rule over {docs} articles, one process ({'default rules' if select is None else 'all offline rules'}; "
          f"first call, which loads data, apart): {total:.2f} s, {total / docs * 1000:.2f} ms an article")
    for name, spent in cost.most_common(15):
        print(f"  {spent / docs * 1000:7.3f} ms/article  {spent / total * 100:5.1f} %  first {first.get(name, 0) * 1000:6.1f} ms  {name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--article", type=Path, default=SHARED / "examples" / "seed-article.txt",
                    help="article for the one-article timing (default: the seed article)")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "bbc-news")
    ap.add_argument("--runs", type=int, default=9, help="runs per one-article median (default 9)")
    ap.add_argument("--corpus-runs", type=int, default=3, help="copylint corpus runs, median (default 3)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="copylint --jobs (default: CPU count)")
    ap.add_argument("--proselint-all", action="store_true", help="time proselint over the whole corpus too")
    ap.add_argument("--no-proselint", action="store_true", help="copylint figures only")
    ap.add_argument("--by-rule", action="store_true", help="only: CPU per rule over the archive, in this process")
    ap.add_argument("--all-rules", action="store_true", help="with --by-rule: every offline rule, not the default set")
    args = ap.parse_args()
    if args.by_rule:
        by_rule(args.corpus, ("all",) if args.all_rules else None)
        return

    for needed in (args.article, args.corpus):
        if not needed.exists():
            raise SystemExit(f"{needed} is absent (the shared data folder beside the checkout, or COPYLINT_SHARED)")

    cl = copylint_cmd()
    pl = None if args.no_proselint else proselint_cmd()
    # proselint 0.16 keeps no result cache, but give both tools an empty home so neither can use one
    home = tempfile.mkdtemp(prefix="copylint-bench-")
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, ".cache"), NO_COLOR="1")
    # an installed package has its .pyc files; let the warm-up run write them for the checkout too
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cwd = home  # no project config is discovered from here: default rules

    cl_ver = copylint_version(cl)
    pl_ver = proselint_version(pl) if pl else "-"
    print(f"copylint {cl_ver} beside proselint {pl_ver}; Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}")
    print()

    # -- one article
    size = args.article.stat().st_size
    print(f"One article: {args.article.name} ({size / 1024:.1f} KB), process wall time, median of {args.runs} runs")
    cl_one, cl_proc = median_wall([*cl, str(args.article)], args.runs, env, cwd)
    cl_all, cl_all_proc = median_wall([*cl, "--select", "all", "--ignore", "grammar", str(args.article)], args.runs, env, cwd)
    print(f"  {'copylint (default rules)':<38} {cl_one * 1000:8.0f} ms   {findings_summary(cl_proc)}")
    print(f"  {'copylint (all offline rules)':<38} {cl_all * 1000:8.0f} ms   {findings_summary(cl_all_proc)}")
    if pl:
        pl_one, pl_proc = median_wall([*pl, "check", str(args.article)], args.runs, env, cwd)
        print(f"  {'proselint':<38} {pl_one * 1000:8.0f} ms   {proselint_findings(pl_proc)} findings")
    print()

    # -- start-up
    version_wall, _ = median_wall([*cl, "--version"], args.runs, env, cwd)
    print("copylint start-up")
    print(f"  {'copylint --version (wall)':<38} {version_wall * 1000:8.0f} ms")
    print(f"  {'import copylint.cli (-X importtime)':<38} {import_time(sys.executable) * 1000:8.0f} ms")
    bare, _ = median_wall([sys.executable, "-c", "pass"], args.runs, env, cwd)
    print(f"  {'python -c pass (the floor)':<38} {bare * 1000:8.0f} ms")
    print()

    # -- the archive
    files = corpus_files(args.corpus)
    total = sum(p.stat().st_size for p in files)
    mb = total / 1e6
    print(f"Archive: {args.corpus} ({len(files)} files, {mb:.2f} MB)")
    print(f"  {'':<38} {'wall':>9}       {'per CPU-second':>14}  (median of {args.corpus_runs} runs)")
    for label, extra in (("default rules", []), ("all offline rules", ["--select", "all", "--ignore", "grammar"])):
        t, best, cpu, proc = archive([*cl, "--jobs", str(args.jobs), *extra, str(args.corpus)], args.corpus_runs, env, cwd)
        print(f"  {f'copylint --jobs {args.jobs} ({label})':<38} {mb / t:8.2f} MB/s  {mb / cpu:8.2f} MB/CPU-s  "
              f"{t:6.2f} s wall (best {best:.2f} s: {mb / best:.2f} MB/s), {cpu:5.2f} s CPU   {findings_summary(proc)}")
    if pl:
        subset = files if args.proselint_all else files[::SUBSET_STEP]
        sub_mb = sum(p.stat().st_size for p in subset) / 1e6
        t, cpu, proc = timed([*pl, "check", *map(str, subset)], env, cwd)
        what = "every file" if args.proselint_all else f"every {SUBSET_STEP}th file: {len(subset)} files, {sub_mb:.2f} MB"
        print(f"  {'proselint (one process)':<38} {sub_mb / t:8.2f} MB/s  {sub_mb / cpu:8.2f} MB/CPU-s  "
              f"{t:6.2f} s wall, {cpu:5.2f} s CPU ({what})   {proselint_findings(proc)} findings")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
