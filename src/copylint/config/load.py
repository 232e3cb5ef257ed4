"""Reading a config: YAML or `[tool.copylint]` in TOML, with lines, `extends` and presets.

Config is data only: YAML is loaded with the safe loader, TOML with tomllib, and
nothing in a config file can name code to run (plugins come from installed packages).
"""

from __future__ import annotations

import os
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..findings import Severity
from ..formats import TEXT_EXTENSIONS as DEFAULT_EXTENSIONS  # noqa: F401  exported: the built-in text readers'
from ..markup import IgnoreSettings, check_pattern
from ..yamlfile import FileError, LDict, LList, load, load_file

PRESETS = ("default", "strict", "minimal")
_TOP_KEYS = {
    "extends", "select", "enable", "disable", "ignore", "rules", "overrides", "packs",
    "fail-on", "min-level", "exclude", "extensions", "front-matter-keys", "require", "cache-dir",
}
_RULE_KEYS = {"severity", "enabled"}
_OVERRIDE_KEYS = {"files", "enable", "disable", "ignore", "rules"}


class ConfigError(FileError):
    """A config file that cannot be used; always names the file (and line where known)."""


@dataclass(frozen=True)
class RuleSetting:
    prefix: str
    severity: Severity | None = None
    enabled: bool | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0
    path: str = ""  # the config file that says it (a base named by `extends` may)


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    rules: tuple[RuleSetting, ...] = ()


@dataclass(frozen=True)
class Config:
    path: str | None = None
    root: str = "."
    select: tuple[str, ...] | None = None
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    rules: tuple[RuleSetting, ...] = ()
    overrides: tuple[Override, ...] = ()
    packs: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    min_level: Severity = Severity.SUGGESTION  # findings below it are not reported
    ignore_patterns: IgnoreSettings = IgnoreSettings()  # `ignore: {blocks: [...], tokens: [...]}`
    exclude: tuple[str, ...] = ()
    extensions: tuple[str, ...] | None = None  # None: every extension a reader in force reads
    front_matter_keys: tuple[str, ...] | None = None
    require: tuple[str, ...] = ()
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    section_lines: Mapping[str, int] = field(default_factory=dict)
    # every rule or pack named by select/enable/disable/ignore/require: (key, name, path, line)
    refs: tuple[tuple[str, str, str, int | None], ...] = ()
    # the files this config was read from (itself and its `extends` bases): its cache key
    sources: tuple[str, ...] = ()
    cache_dir: str | None = None  # `cache-dir`: the result cache's folder, relative to the config file


# ---------------------------------------------------------------- parsing


def _ignore_rules(path: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    """`ignore: [rule, ...]` leaves rules out; `ignore: {blocks, tokens}` is markup (below)."""
    return () if isinstance(data.get("ignore"), dict) else _prefix_list(path, data, "ignore")


def _ignore_patterns(path: str, data: Mapping[str, Any], base: IgnoreSettings) -> IgnoreSettings:
    value = data.get("ignore")
    if not isinstance(value, dict):
        return base
    unknown = [k for k in value if k not in ("blocks", "tokens")]
    if unknown:
        raise ConfigError(path, _line(value, unknown[0]),
                          f"ignore: unknown key '{unknown[0]}' (expected blocks and tokens, lists of regexes)")
    found = {}
    for key in ("blocks", "tokens"):
        patterns = _prefix_list(path, value, key, "regexes")
        for i, pattern in enumerate(patterns):
            why = check_pattern(pattern)
            if why:
                items = value.get(key)
                line = items.line_of(i) if isinstance(items, LList) else _line(value, key)
                raise ConfigError(path, line, f"ignore.{key}: bad regex {pattern!r}: {why}")
        found[key] = patterns
    return IgnoreSettings(base.blocks + found["blocks"], base.tokens + found["tokens"])


def _prefix_list(path: str, data: Mapping[str, Any], key: str, what: str = "rule ids or pack names") -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:  # `exclude:` with every entry commented out: nothing
        if key == "select":  # ...but an empty select would silently check nothing at all
            raise ConfigError(path, _line(data, key), "'select' is empty: name rules or packs, or leave it out")
        value = []
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, _line(data, key), f"'{key}' must be a list of {what}")
    return tuple(value)


def _empty(value: Any, default: Any) -> Any:
    """A key given with no value (`rules:` with every entry commented out) means none."""
    return default if value is None else value


def _refs(path: str, data: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[tuple[str, str, str, int | None], ...]:
    """Each rule or pack name under `keys`, with the line it is on, for validation messages."""
    out = []
    for key in keys:
        value = data.get(key)
        for i, name in enumerate(_prefix_list(path, data, key)):
            line = value.line_of(i) if isinstance(value, LList) else _line(data, key)
            out.append((key, name, path, line))
    return tuple(out)


def _with_lines(values: dict[str, Any], source: Any, line: int | None) -> LDict:
    """`values` as an LDict that still knows the line of each key taken from `source`."""
    out = LDict(values)
    out.line = line or 0
    out.key_lines = {k: ln for k in values if (ln := _line(source, k))}
    return out


def _line(data: Any, key: Any) -> int | None:
    if isinstance(data, LList) and not isinstance(key, int):
        return data.line
    return data.line_of(key) if isinstance(data, (LDict, LList)) else None


def _rule_settings(path: str, data: Any, line: int | None = None) -> tuple[RuleSetting, ...]:
    if not isinstance(data, dict):
        raise ConfigError(path, line or _line(data, None), "'rules' must map rule ids or packs to settings")
    out = []
    for prefix, value in data.items():
        line = _line(data, prefix) or 0
        if not isinstance(prefix, str):
            raise ConfigError(path, line, "rule names must be text")
        if isinstance(value, str) or value is False:
            word = "off" if value is False else value.strip().lower()
            if word == "off":
                out.append(RuleSetting(prefix, enabled=False, line=line, path=path))
                continue
            if word == "on":
                out.append(RuleSetting(prefix, enabled=True, line=line, path=path))
                continue
            try:
                out.append(RuleSetting(prefix, severity=Severity.parse(word), enabled=True, line=line, path=path))
            except ValueError as exc:
                raise ConfigError(path, line, f"rules.{prefix}: {exc}") from None
            continue
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ConfigError(path, line, f"rules.{prefix} must be a severity, 'off', or a mapping")
        severity = None
        if "severity" in value:
            try:
                severity = Severity.parse(str(value["severity"]))
            except ValueError as exc:
                raise ConfigError(path, _line(value, "severity"), f"rules.{prefix}.severity: {exc}") from None
        enabled = value.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise ConfigError(path, _line(value, "enabled"), f"rules.{prefix}.enabled must be true or false")
        options = _with_lines({k: v for k, v in value.items() if k not in _RULE_KEYS}, value, line)
        out.append(RuleSetting(prefix, severity, enabled, options, line, path))
    return tuple(out)


def _overrides(path: str, data: Any, line: int | None = None) -> tuple[Override, ...]:
    if not isinstance(data, list):
        raise ConfigError(path, line or _line(data, None), "'overrides' must be a list of {files: [...], ...}")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ConfigError(path, _line(data, i), "each override is a mapping with 'files'")
        unknown = [k for k in item if k not in _OVERRIDE_KEYS]
        if unknown:
            raise ConfigError(path, _line(item, unknown[0]), f"unknown key '{unknown[0]}' in override")
        files = item.get("files")
        if isinstance(files, str):
            files = [files]
        if not files or not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ConfigError(path, _line(item, "files") or _line(data, i), "an override needs 'files': a list of globs")
        out.append(
            Override(
                files=tuple(files),
                enable=_prefix_list(path, item, "enable"),
                disable=_prefix_list(path, item, "disable") + _prefix_list(path, item, "ignore"),
                rules=_rule_settings(path, _empty(item.get("rules"), {}), _line(item, "rules")),
            )
        )
    return tuple(out)


def _preset_path(name: str) -> str:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(package, "presets", f"{name}.yaml")


def parse(data: Any, path: str, root: str, seen: tuple[str, ...] = ()) -> Config:
    """Turn loaded config data into a Config, following `extends`."""
    if data is None:
        data = LDict()
    if not isinstance(data, dict):
        raise ConfigError(path, None, "the config must be a mapping of settings")
    base = Config(path=path, root=root)
    if "extends" in data:
        ref = data["extends"]
        if not isinstance(ref, str):
            raise ConfigError(path, _line(data, "extends"), "'extends' names a preset or a config file")
        if ref in PRESETS:
            target = _preset_path(ref)
        else:
            target = os.path.normpath(os.path.join(root, ref))
        if target in seen:
            raise ConfigError(path, _line(data, "extends"), f"'extends' goes round in a circle through {target}")
        if not os.path.isfile(target):
            raise ConfigError(path, _line(data, "extends"),
                              f"'extends: {ref}' is neither a preset ({', '.join(PRESETS)}) nor a file")
        parent_data = load_file(target)
        base = parse(parent_data, target, os.path.dirname(target), seen + (target,))
    sections: dict[str, Mapping[str, Any]] = dict(base.sections)
    section_lines: dict[str, int] = dict(base.section_lines)
    for key in data:
        if key not in _TOP_KEYS:
            if not isinstance(data[key], dict):
                raise ConfigError(path, _line(data, key), f"unknown setting '{key}'")
            # a pack's own section, e.g. `grammar: {server: ...}`; checked against the rules later
            merged = dict(sections.get(key, {}))
            merged.update(data[key])
            sections[key] = _with_lines(merged, data[key], _line(data, key))
            section_lines[key] = _line(data, key) or 0
    fail_on = base.fail_on
    if "fail-on" in data:
        try:
            fail_on = Severity.parse(str(data["fail-on"]))
        except ValueError as exc:
            raise ConfigError(path, _line(data, "fail-on"), f"fail-on: {exc}") from None
    min_level = base.min_level
    if "min-level" in data:
        try:
            min_level = Severity.parse(str(data["min-level"]))
        except ValueError as exc:
            raise ConfigError(path, _line(data, "min-level"), f"min-level: {exc}") from None
    cache_dir = base.cache_dir
    if "cache-dir" in data:
        value = data["cache-dir"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(path, _line(data, "cache-dir"), "'cache-dir' names a folder (relative to this file)")
        cache_dir = os.path.normpath(os.path.join(root, os.path.expanduser(value)))
    packs = tuple(os.path.normpath(os.path.join(root, p)) for p in _prefix_list(path, data, "packs", "folders"))
    for p, raw in zip(packs, _prefix_list(path, data, "packs", "folders")):
        if not os.path.isdir(p):
            raise ConfigError(path, _line(data, "packs"), f"rule pack folder '{raw}' not found")
    extensions = base.extensions
    if "extensions" in data:
        extensions = tuple(
            e if e.startswith(".") else "." + e for e in _prefix_list(path, data, "extensions", "file extensions")
        )
    fm_keys = base.front_matter_keys
    if "front-matter-keys" in data:
        fm_keys = _prefix_list(path, data, "front-matter-keys", "front-matter keys")
    select = base.select
    if "select" in data:
        select = _prefix_list(path, data, "select")
    overrides = _overrides(path, _empty(data.get("overrides"), []), _line(data, "overrides"))
    refs = _refs(path, data, ("select", "enable", "disable", "require")) + (
        () if isinstance(data.get("ignore"), dict) else _refs(path, data, ("ignore",)))
    for i, item in enumerate(_empty(data.get("overrides"), [])):
        refs += tuple((f"overrides[{i + 1}].{k}", n, p, ln) for k, n, p, ln in _refs(path, item, ("enable", "disable", "ignore")))
    return Config(
        path=path,
        root=root,
        select=select,
        enable=base.enable + _prefix_list(path, data, "enable"),
        disable=base.disable + _prefix_list(path, data, "disable") + _ignore_rules(path, data),
        rules=base.rules + _rule_settings(path, _empty(data.get("rules"), {}), _line(data, "rules")),
        overrides=base.overrides + overrides,
        packs=base.packs + packs,
        fail_on=fail_on,
        min_level=min_level,
        ignore_patterns=_ignore_patterns(path, data, base.ignore_patterns),
        exclude=base.exclude + _prefix_list(path, data, "exclude", "globs"),
        extensions=extensions,
        front_matter_keys=fm_keys,
        require=base.require + _prefix_list(path, data, "require"),
        sections=sections,
        section_lines=section_lines,
        refs=base.refs + refs,
        sources=base.sources + (path,),
        cache_dir=cache_dir,
    )


def load_config_file(path: str) -> Config:
    path = os.path.abspath(path)
    root = os.path.dirname(path)
    if path.endswith(".toml"):
        return _load_pyproject(path) or Config(path=path, root=root)
    return parse(load_file(path), path, root, (path,))


def _load_pyproject(path: str) -> Config | None:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, int(m.group(1)) if m else None, f"invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("copylint")
    if section is None:
        return None
    return parse(_with_toml_lines(section, raw.decode("utf-8")), path, os.path.dirname(path), (path,))


def _with_toml_lines(data: Any, text: str) -> Any:
    """Give TOML data the line numbers tomllib does not keep (found by key, best effort)."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if re.match(r"\s*\[tool\.copylint", l)), 0)

    def find(key: str) -> int:
        pat = re.compile(r"\s*[\"']?" + re.escape(str(key)) + r"[\"']?\s*=|\s*\[tool\.copylint\." + re.escape(str(key)))
        for i in range(start, len(lines)):
            if pat.match(lines[i]):
                return i + 1
        return start + 1

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            out = LDict((k, convert(v)) for k, v in value.items())
            out.line = start + 1
            out.key_lines = {k: find(k) for k in value}
            return out
        if isinstance(value, list):
            items = LList(convert(v) for v in value)
            items.line = start + 1
            items.item_lines = []
            return items
        return value

    return convert(data)


def config_signature(config: Config) -> tuple[tuple[str, int, int], ...]:
    """The modification time and size of every file a config was read from: its cache key."""
    out = []
    for path in config.sources:
        try:
            st = os.stat(path)
        except OSError:
            out.append((path, -1, -1))
            continue
        out.append((path, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_text(text: str, path: str) -> Config:
    """Config from YAML text (tests and `--config` given inline)."""
    return parse(load(text, path), path, os.path.dirname(os.path.abspath(path)))
