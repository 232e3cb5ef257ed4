"""Speed of copylint beside its peers, in one run: codespell, typos-cli and proselint.

Run it with the project's virtual environment:

    .venv/bin/python bench/speed.py                 # the usual run (a few minutes: it lints 60 MB of big files)
    .venv/bin/python bench/speed.py --no-big        # without the 10 MB and 50 MB files
    .venv/bin/python bench/speed.py --proselint-all # proselint over every corpus file too

It prints, side by side:

- one article: process wall and CPU time from start to exit (median of several runs) of copylint
  on its very first run (nothing prepared in its cache folder yet), cold (`--no-cache`: no
  result cache, but the rule data prepared by an earlier run), warm from the result cache (a
  fresh environment each run, so that the run's record does not answer) and warm from the
  record of the same command (rerun.py), beside codespell, typos and proselint on the seed
  article (../shared/examples);
- the archive: MB/s and CPU-seconds per MB over ../shared/corpus/bbc-news: copylint with every
  offline rule and with its default rules (`--no-cache`, `--jobs` = CPU count), copylint's
  unchanged re-run (from the run's record, and from the result cache alone), codespell and typos
  over the same files, proselint
  over a fixed subset unless --proselint-all (it is single-threaded and slow);
- big files: one 10 MB and one 50 MB file made of the corpus's articles, every offline rule with
  `--jobs` workers (a big file's rules run in the workers) and the 10 MB file in one process too,
  beside codespell and typos on the same files;
- copylint's start-up: `copylint --version` wall time and `python -X importtime` of the CLI;
- with --by-rule instead: the CPU time of each rule per article over the archive, in-process.

CPU-seconds (user + system of the process and its workers) are the steadier figure on a shared
machine; wall times move with other jobs. The peers are installed on first use, each into its
own venv under bench/ (gitignored) with pip: proselint 0.16.0, codespell 2.4.x and typos (PyPI's
`typos` wheel carries the typos-cli binary). Nothing here asserts anything: it prints figures.
See bench/README.md.
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
PEERS = {  # name: (venv folder, pip spec, console script)
    "codespell": (ROOT / "bench" / ".venv-codespell", "codespell==2.4.*", "codespell"),
    "typos": (ROOT / "bench" / ".venv-typos", "typos==1.*", "typos"),
}
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


def peer_cmd(name: str) -> list[str] | None:
    """A peer's console script in its own venv, created and filled on first use (None if pip fails)."""
    venv, spec, script = PEERS[name]
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not python.exists():
        print(f"creating {venv.relative_to(ROOT)} and installing {spec} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    try:
        return [str(_bin(str(python), script))]
    except SystemExit:
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", spec])
        if done.returncode != 0:
            return None
        return [str(_bin(str(python), script))]


def peer_version(cmd: list[str]) -> str:
    out = subprocess.run([*cmd, "--version"], capture_output=True, text=True).stdout.strip()
    return out.split()[-1] if out else "?"


def big_file(corpus: Path, megabytes: int, folder: str) -> Path:
    """One file of `megabytes` MB made of the corpus's articles in sorted order, repeated."""
    path = Path(folder) / f"big-{megabytes}mb.txt"
    if not path.exists():
        texts = [p.read_bytes().decode("utf-8", "replace") for p in corpus_files(corpus)]
        whole = "\n\n".join(texts)
        want = megabytes * 1_000_000
        path.write_text((whole * (want // len(whole) + 1))[:want], encoding="utf-8")
    return path


def lines_out(proc: subprocess.CompletedProcess) -> int:
    return sum(1 for line in proc.stdout.decode("utf-8", "replace").splitlines() if line.strip())


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


def median_wall(cmd: list[str], runs: int, env: dict[str, str] | None = None, cwd: str | None = None,
                fresh_env: bool = False) -> tuple[float, subprocess.CompletedProcess]:
    t, _cpu, proc = median_timed(cmd, runs, env, cwd, fresh_env)
    return t, proc


def median_timed(cmd: list[str], runs: int, env: dict[str, str] | None = None, cwd: str | None = None,
                 fresh_env: bool = False) -> tuple[float, float, subprocess.CompletedProcess]:
    """Median wall and median CPU seconds of `runs` runs, after one to warm the page cache and
    .pyc files. `fresh_env`: each run has another environment, so that copylint's record of a
    whole run (which keys on the environment) never answers it and the result cache does."""
    def once(n: int) -> tuple[float, float, subprocess.CompletedProcess]:
        run_env = dict(env or os.environ, COPYLINT_BENCH_RUN=str(n)) if fresh_env else env
        return timed(cmd, run_env, cwd)

    once(-1)
    walls, cpus, proc = [], [], None
    for n in range(runs):
        t, cpu, proc = once(n)
        walls.append(t)
        cpus.append(cpu)
    assert proc is not None
    return statistics.median(walls), statistics.median(cpus), proc


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
    from copylint.services import Services
    from copylint.textio import ReadError, read_path

    files = corpus_files(corpus)
    options = linter.RunOptions(cwd=tempfile.gettempdir(), select=select, ignore=("grammar",))
    fc = linter.config_for(str(files[0]), options)
    selected = fc.selection("article.txt", select, ("grammar",))
    known = frozenset(fc.catalog.rules)
    notices = linter.Notices()
    services = Services()  # one for the run, as a Session holds it: data files load once
    services.begin_call()  # one lint call, as a Session's: each data file is looked at (stat) once, not per article
    engine = compile_engine(tuple(s.rule for s in selected if isinstance(s.rule, DeclarativeRule)))
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
        clock("(YAML rules: declarative engine)", lambda: engine.run(doc))
        for sel in selected:
            if isinstance(sel.rule, DeclarativeRule):
                continue
            ctx = RuleContext(options=sel.options, as_of=dt.date.today(), config_dir=fc.config.root,
                              notices=notices, known_rules=known, path=str(path), services=services,
                              packs=fc.config.packs)
            clock(sel.rule.meta.id, lambda: sel.rule.check(doc, ctx))
    total = sum(cost.values())
    print(f"CPU by rule over {docs} articles, one process ({'default rules' if select is None else 'all offline rules'}; "
          f"first call, which loads data, apart): {total:.2f} s, {total / docs * 1000:.2f} ms an article")
    for name, spent in cost.most_common(40):
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
    ap.add_argument("--no-proselint", action="store_true", help="leave proselint out")
    ap.add_argument("--no-big", action="store_true", help="leave out the 10 MB and 50 MB files")
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
    peers = {name: peer_cmd(name) for name in PEERS}
    home = tempfile.mkdtemp(prefix="copylint-bench-")
    cache = os.path.join(home, "result-cache")
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, ".cache"), NO_COLOR="1",
               COPYLINT_CACHE_DIR=cache)
    env.pop("COPYLINT_SERVER", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run writes .pyc files for the checkout too
    cwd = home  # no project config is discovered from here: default rules
    all_rules = ["--select", "all", "--ignore", "grammar"]

    versions = [f"copylint {copylint_version(cl)}"] + [f"{n} {peer_version(c)}" for n, c in peers.items() if c]
    if pl:
        versions.append(f"proselint {proselint_version(pl)}")
    print(f"{', '.join(versions)}; Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.machine()}; load average {os.getloadavg()[0]:.1f} at the start")
    print("(a shared machine: prefer the CPU-second figures; wall times move with other jobs)")
    print()

    # -- one article
    size = args.article.stat().st_size
    print(f"One article: {args.article.name} ({size / 1024:.1f} KB), process wall and CPU time, "
          f"median of {args.runs} runs")
    first_home = tempfile.mkdtemp(prefix="copylint-first-", dir=home)  # nothing prepared in it yet
    first_env = dict(env, COPYLINT_CACHE_DIR=os.path.join(first_home, "cache"))
    t, cpu, proc = timed([*cl, "--no-cache", str(args.article)], first_env, cwd)
    print(f"  {'copylint first run (nothing prepared yet)':<48} {t * 1000:8.0f} ms {cpu * 1000:6.0f} ms CPU   "
          f"{findings_summary(proc)}")
    rows = [  # (label, command, a fresh environment each run)
        ("copylint cold (--no-cache, every offline rule)", [*cl, "--no-cache", *all_rules, str(args.article)], False),
        ("copylint cold (--no-cache, default rules)", [*cl, "--no-cache", str(args.article)], False),
        ("copylint warm (result cache hit, no record)", [*cl, str(args.article)], True),
        ("copylint warm (the same command: its record)", [*cl, str(args.article)], False),
    ]
    rows += [(name, [*cmd, str(args.article)], False) for name, cmd in peers.items() if cmd]
    if pl:
        rows.append(("proselint", [*pl, "check", str(args.article)], False))
    for label, cmd, fresh in rows:
        t, cpu, proc = median_timed(cmd, args.runs, env, cwd, fresh_env=fresh)
        what = findings_summary(proc) if label.startswith("copylint") else f"{lines_out(proc)} lines of output"
        print(f"  {label:<48} {t * 1000:8.0f} ms {cpu * 1000:6.0f} ms CPU   {what}")
    print()

    # -- start-up
    version_wall, _ = median_wall([*cl, "--version"], args.runs, env, cwd)
    print("copylint start-up")
    print(f"  {'copylint --version (wall)':<48} {version_wall * 1000:8.0f} ms")
    print(f"  {'import copylint.cli (-X importtime)':<48} {import_time(sys.executable) * 1000:8.0f} ms")
    bare, _ = median_wall([sys.executable, "-c", "pass"], args.runs, env, cwd)
    print(f"  {'python -c pass (the floor)':<48} {bare * 1000:8.0f} ms")
    print()

    # -- the archive
    files = corpus_files(args.corpus)
    total = sum(p.stat().st_size for p in files)
    mb = total / 1e6
    print(f"Archive: {args.corpus} ({len(files)} files, {mb:.2f} MB); median of {args.corpus_runs} runs")
    print(f"  {'':<48} {'wall':>9}      {'CPU-s per MB':>12}")

    def line(label: str, t: float, cpu: float, size_mb: float, note: str) -> None:
        print(f"  {label:<48} {size_mb / t:8.2f} MB/s  {cpu / size_mb:8.3f} CPU-s/MB  "
              f"{t:6.2f} s wall, {cpu:6.2f} s CPU   {note}")

    jobs = ["--jobs", str(args.jobs)]
    for label, extra in (("every offline rule", all_rules), ("default rules", [])):
        t, _best, cpu, proc = archive([*cl, "--no-cache", *jobs, *extra, str(args.corpus)], args.corpus_runs, env, cwd)
        line(f"copylint --jobs {args.jobs} ({label})", t, cpu, mb, findings_summary(proc))
    timed([*cl, *jobs, *all_rules, str(args.corpus)], env, cwd)  # fill the result cache and the run's record
    t, _best, cpu, proc = archive([*cl, *jobs, *all_rules, str(args.corpus)], args.corpus_runs, env, cwd)
    line("copylint unchanged re-run (its record)", t, cpu, mb, findings_summary(proc))
    reruns = [timed([*cl, *jobs, *all_rules, str(args.corpus)], dict(env, COPYLINT_BENCH_RUN=str(n)), cwd)
              for n in range(max(1, args.corpus_runs))]  # another environment: no record, the result cache
    t, cpu = statistics.median(r[0] for r in reruns), statistics.median(r[1] for r in reruns)
    line("copylint unchanged re-run (result cache, no record)", t, cpu, mb, findings_summary(reruns[-1][2]))
    for name, cmd in peers.items():
        if cmd:
            t, _best, cpu, proc = archive([*cmd, str(args.corpus)], args.corpus_runs, env, cwd)
            line(name, t, cpu, mb, f"{lines_out(proc)} lines of output")
    if pl:
        subset = files if args.proselint_all else files[::SUBSET_STEP]
        sub_mb = sum(p.stat().st_size for p in subset) / 1e6
        t, cpu, proc = timed([*pl, "check", *map(str, subset)], env, cwd)
        what = "every file" if args.proselint_all else f"every {SUBSET_STEP}th file: {len(subset)} files"
        line(f"proselint (one process; {what})", t, cpu, sub_mb, f"{proselint_findings(proc)} findings")
    print()

    # -- big files
    if not args.no_big:
        print("Big files (one file each, made of the corpus's articles; one run each; a file's rules are spread")
        print("over the --jobs workers, so beside the archive's rate above compare the 10 MB file in one process)")
        for size_mb in (10, 50):
            path = big_file(args.corpus, size_mb, home)
            for n in ([args.jobs, 1] if size_mb == 10 and args.jobs > 1 else [args.jobs]):
                t, cpu, proc = timed([*cl, "--no-cache", "--jobs", str(n), *all_rules, str(path)], env, cwd)
                line(f"copylint {size_mb} MB --jobs {n} (every offline rule)", t, cpu, size_mb, findings_summary(proc))
            for name, cmd in peers.items():
                if cmd:
                    t, cpu, proc = timed([*cmd, str(path)], env, cwd)
                    line(f"{name} {size_mb} MB", t, cpu, size_mb, f"{lines_out(proc)} lines of output")
        print()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
