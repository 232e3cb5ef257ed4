#!/usr/bin/env python3
"""Fetch LanguageTool's server from Maven Central into a cache folder and run it on loopback.

    python scripts/languagetool.py fetch              # resolve and verify the jars; print their folder
    python scripts/languagetool.py serve [--port N]   # start, print the URL when it answers, run until stopped
    python scripts/languagetool.py check              # exit 0 when Java and the jars (or Maven) are there

What it runs: `org.languagetool.server.HTTPServer` from `org.languagetool:languagetool-server`
and the English module `org.languagetool:language-en`, version `VERSION` below (LGPL 2.1 or
later, published by the LanguageTool project, languagetool.org). LanguageTool 6.8's
language detector also needs the Spanish, Catalan and Portuguese modules on the class path
(it refers to them when it loads; without them the server does not start), so those come
too; `language-all`, every other language, is left out. About 100 MB of jars.

How: a minimal pom in the cache folder and `mvn dependency:copy-dependencies` with strict
checksums (Maven checks each file against Maven Central's SHA-1 as it downloads). Then the
script checks what it got: the pinned version of the server and the English module, and
records each jar's SHA-256 in `manifest.json`. A later run checks the jars against that
manifest and does not call Maven at all (offline once fetched; it also tries Maven's
offline mode first when the folder is new but `~/.m2` already has the files).

The cache folder: `--cache-dir`, else `$COPYLINT_LANGUAGETOOL_CACHE`, else
`$XDG_CACHE_HOME/copylint/languagetool` (default `~/.cache/copylint/languagetool`).
Java: LanguageTool 6.8 is built for Java 17 (class files of version 61); the script takes
`$JAVA_HOME/bin/java`, else `java` on PATH, else the newest JDK under /usr/lib/jvm (or the
folders in `$COPYLINT_JVM_DIRS`), and refuses one older than 17.

`serve` binds 127.0.0.1 only (LanguageTool listens beyond loopback only with `--public`),
on a free port unless `--port` is given, starts Java with `-Dsun.net.httpserver.nodelay=true`
(see docs/grammar.md) and a heap of `--heap` (default 1g), waits until `/v2/languages`
answers and one short en-US and en-GB check each has loaded the English rules (the first
request otherwise takes seconds), prints the URL as its first line of standard output, and stops the server on
SIGTERM, SIGINT or when its own parent dies. Exit codes: 0 done, 1 failed, 3 a
prerequisite is missing (no Java 17+, no Maven, Maven Central unreachable): the tests
skip on 3.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

VERSION = "6.8"
GROUP = "org.languagetool"
SERVER = "languagetool-server"
# the English module, and the three the language detector of 6.8 cannot start without
MODULES = ("language-en", "language-es", "language-ca", "language-pt")
MAIN_CLASS = "org.languagetool.server.HTTPServer"
MIN_JAVA = 17
LICENCE = "LGPL-2.1-or-later (GNU Lesser General Public License), https://languagetool.org"
UNAVAILABLE = 3  # exit code: a prerequisite is missing

POM = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by copylint's scripts/languagetool.py: LanguageTool's server and the modules it needs -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>copylint.local</groupId>
  <artifactId>languagetool-runtime</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{server}</artifactId>
      <version>{version}</version>
      <exclusions>
        <exclusion><groupId>{group}</groupId><artifactId>language-all</artifactId></exclusion>
      </exclusions>
    </dependency>
{modules}
  </dependencies>
</project>
"""


class Unavailable(Exception):
    """A prerequisite is missing (Java, Maven, Maven Central): one line saying which."""


class Failed(Exception):
    """Something went wrong that should not have: one line saying what."""


# ---------------------------------------------------------------- where things are


def cache_root(option: str | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    if os.environ.get("COPYLINT_LANGUAGETOOL_CACHE"):
        return Path(os.environ["COPYLINT_LANGUAGETOOL_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "copylint" / "languagetool"


def java_major(java: str) -> int:
    """The feature version of a `java` binary (17 for "17.0.15"), or 0 when it does not run."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return 0
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return 0
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def find_java() -> tuple[str, int]:
    """A Java of at least MIN_JAVA: JAVA_HOME, then PATH, then the newest under /usr/lib/jvm."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    for folder in os.environ.get("COPYLINT_JVM_DIRS", "/usr/lib/jvm").split(os.pathsep):
        jvm = Path(folder)
        if folder and jvm.is_dir():
            candidates += sorted((str(p / "bin" / "java") for p in jvm.iterdir() if (p / "bin" / "java").exists()),
                                 reverse=True)
    seen = []
    for java in candidates:
        major = java_major(java)
        seen.append(f"{java} ({major or 'does not run'})")
        if major >= MIN_JAVA:
            return java, major
    raise Unavailable(f"LanguageTool {VERSION} needs Java {MIN_JAVA} or later; found "
                      + (", ".join(seen) if seen else "no java (set JAVA_HOME or put java on PATH)"))


# ---------------------------------------------------------------- fetching and checking


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _jar_version(jar: Path, artifact: str) -> str:
    """The version recorded inside a jar by Maven (META-INF/maven/.../pom.properties)."""
    try:
        with zipfile.ZipFile(jar) as z:
            props = z.read(f"META-INF/maven/{GROUP}/{artifact}/pom.properties").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""
    m = re.search(r"^version=(.+)$", props, re.M)
    return m.group(1).strip() if m else ""


def verify(libs: Path) -> list[str]:
    """What is wrong with a fetched folder (empty when it is whole), checked against its manifest."""
    manifest = libs / "manifest.json"
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"no readable {manifest}"]
    problems = []
    if recorded.get("version") != VERSION:
        problems.append(f"manifest is for LanguageTool {recorded.get('version')}, not {VERSION}")
    jars = recorded.get("jars") or {}
    for name, digest in sorted(jars.items()):
        path = libs / name
        if not path.is_file():
            problems.append(f"missing {name}")
        elif _sha256(path) != digest:
            problems.append(f"{name} changed since it was fetched (SHA-256 differs)")
    for artifact in (SERVER, *MODULES):
        if f"{artifact}-{VERSION}.jar" not in jars:
            problems.append(f"manifest lacks {artifact}-{VERSION}.jar")
    return problems


def _write_manifest(libs: Path) -> None:
    jars = {p.name: _sha256(p) for p in sorted(libs.glob("*.jar"))}
    for artifact in (SERVER, *MODULES):
        jar = libs / f"{artifact}-{VERSION}.jar"
        if not jar.is_file():
            raise Failed(f"Maven did not deliver {jar.name}")
        found = _jar_version(jar, artifact)
        if found != VERSION:
            raise Failed(f"{jar.name} says it is version {found or '(none)'}, not {VERSION}")
    record = {
        "what": f"{GROUP}:{SERVER} and {', '.join(MODULES)} with their runtime dependencies",
        "version": VERSION,
        "licence": LICENCE,
        "source": "Maven Central, resolved by `mvn dependency:copy-dependencies` with strict checksums",
        "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "jars": jars,
    }
    tmp = libs / "manifest.json.tmp"
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, libs / "manifest.json")


def _mvn(folder: Path, out: Path, offline: bool) -> subprocess.CompletedProcess:
    cmd = [shutil.which("mvn") or "mvn", "-B", "-q", "-C", "-f", str(folder / "pom.xml"),
           "dependency:copy-dependencies", f"-DoutputDirectory={out}", "-DincludeScope=runtime"]
    if offline:
        cmd.insert(1, "-o")
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
    except subprocess.TimeoutExpired:
        raise Unavailable("Maven did not finish within 20 minutes (is Maven Central reachable?)") from None


def _mvn_error(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "ERROR" in ln]
    text = re.sub(r"\x1b\[[0-9;]*m", "", lines[0] if lines else (proc.stderr or proc.stdout).strip()[:300])
    return " ".join(text.replace("[ERROR]", "").split())[:300]


def fetch(root: Path) -> Path:
    """The folder of verified jars, fetched with Maven when it is absent or damaged."""
    folder = root / VERSION
    libs = folder / "libs"
    if libs.is_dir() and not verify(libs):
        return libs
    if shutil.which("mvn") is None:
        raise Unavailable("Maven (mvn) is not on PATH; it fetches LanguageTool from Maven Central")
    folder.mkdir(parents=True, exist_ok=True)
    modules = "\n".join(f"    <dependency><groupId>{GROUP}</groupId><artifactId>{m}</artifactId>"
                        f"<version>{VERSION}</version></dependency>" for m in MODULES)
    (folder / "pom.xml").write_text(POM.format(version=VERSION, group=GROUP, server=SERVER, modules=modules),
                                    encoding="utf-8")
    staging = Path(tempfile.mkdtemp(prefix="libs.", dir=folder))
    try:
        proc = _mvn(folder, staging, offline=True)  # everything may be in ~/.m2 already
        if proc.returncode != 0:
            proc = _mvn(folder, staging, offline=False)
        if proc.returncode != 0:
            raise Unavailable(f"Maven could not resolve LanguageTool {VERSION}: {_mvn_error(proc)}")
        _write_manifest(staging)
        if libs.exists():
            shutil.rmtree(libs)
        os.replace(staging, libs)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    problems = verify(libs)
    if problems:
        raise Failed("; ".join(problems))
    return libs


# ---------------------------------------------------------------- running


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: Linux sends it SIGTERM when this script dies (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/v2/languages", timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read()) != []
    except (OSError, ValueError):
        return False


def warm_up(url: str, languages: tuple[str, ...] = ("en-US", "en-GB"), timeout: float = 120.0) -> None:
    """One short check per language: LanguageTool loads a language's rules on its first request
    (seconds, more on a busy machine), which would otherwise count against the first article's
    timeout."""
    for language in languages:
        data = urllib.parse.urlencode({"language": language, "text": "This is a short warm-up sentence."})
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/v2/check", data.encode(), timeout=timeout) as response:
                response.read()
        except OSError:
            pass  # the server still answers /v2/languages; a real request will say what is wrong


def start(libs: Path, java: str, port: int, heap: str, log: Path, wait: float = 180.0) -> tuple[subprocess.Popen, str]:
    """Start the server and wait until it answers and has loaded English; (process, URL)."""
    cmd = [java, f"-Xmx{heap}", "-Dsun.net.httpserver.nodelay=true", "-Dfile.encoding=UTF-8",
           "-cp", str(libs / "*"), MAIN_CLASS, "--port", str(port)]
    with open(log, "wb") as out:  # the last start's log only
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            raise Failed(f"LanguageTool exited with code {proc.returncode} at start: {' | '.join(tail)}")
        if answers(url):
            warm_up(url)
            return proc, url
        time.sleep(0.25)
    stop(proc)
    raise Failed(f"LanguageTool did not answer {url}/v2/languages within {wait:g}s (log: {log})")


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(args: argparse.Namespace) -> int:
    root = cache_root(args.cache_dir)
    java, _major = find_java()
    libs = fetch(root)
    log = Path(args.log) if args.log else root / VERSION / "server.log"
    proc, url = start(libs, java, args.port or free_port(), args.heap, log)
    stopping = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(url, flush=True)
    print(f"LanguageTool {VERSION} (pid {proc.pid}, {java}) on {url}; log {log}; stop with Ctrl-C",
          file=sys.stderr, flush=True)
    while not stopping and proc.poll() is None:
        time.sleep(0.2)
    if proc.poll() is not None and not stopping:
        print(f"LanguageTool exited by itself (code {proc.returncode}); see {log}", file=sys.stderr)
        return 1
    stop(proc)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("fetch", "serve", "check"))
    parser.add_argument("--cache-dir", help="where the jars go (see the module doc for the default)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--heap", default="1g", help="Java's maximum heap, e.g. 1g or 768m (default 1g)")
    parser.add_argument("--log", help="the server's log file (default: in the cache folder)")
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args)
        java, major = find_java()
        if args.command == "check":
            root = cache_root(args.cache_dir) / VERSION / "libs"
            if not (root.is_dir() and not verify(root)) and shutil.which("mvn") is None:
                raise Unavailable("Maven (mvn) is not on PATH and LanguageTool is not fetched yet")
            print(f"java {major}: {java}")
            return 0
        print(fetch(cache_root(args.cache_dir)))
        return 0
    except Unavailable as exc:
        print(f"languagetool: unavailable: {exc}", file=sys.stderr)
        return UNAVAILABLE
    except (Failed, OSError) as exc:
        print(f"languagetool: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
