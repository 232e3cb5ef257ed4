"""`copylint config --show PATH`: the config in force for a file, with where each value came from.

Like ruff's `--show-settings`: the config file that was found (or `--config`), the files it
extends, each top-level setting with the file and line that set it (or "default"), and every
rule in force for that file with its level, its options and the line that decided them.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

from .config import Config, FileConfig, relative_to_config
from .registry import matches

# top-level settings shown, with the Config attribute that holds each
_SETTINGS = (
    ("fail-on", "fail_on"),
    ("min-level", "min_level"),
    ("extensions", "extensions"),
    ("exclude", "exclude"),
    ("front-matter-keys", "front_matter_keys"),
    ("require", "require"),
    ("packs", "packs"),
    ("ignore", "ignore_patterns"),
)


def _key_lines(path: str) -> dict[str, int]:
    """Top-level keys of one config file and their lines (a TOML file's `[tool.copylint]`)."""
    from .yamlfile import load_file

    if path.endswith(".toml"):
        return _toml_key_lines(path)
    try:
        data = load_file(path)
    except Exception:  # the file parsed once already; a race with an editor is not our concern
        return {}
    if not isinstance(data, dict):
        return {}
    lines = getattr(data, "key_lines", {}) or {}
    return {str(k): int(lines.get(k) or getattr(data, "line", 0) or 0) for k in data}


def _toml_key_lines(path: str) -> dict[str, int]:
    import re

    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return {}
    out: dict[str, int] = {}
    inside = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("["):
            inside = line.strip().startswith("[tool.copylint")
            m = re.match(r"\s*\[tool\.copylint\.([\w-]+)", line)
            if m:
                out.setdefault(m.group(1), n)
            continue
        m = re.match(r"\s*[\"']?([\w-]+)[\"']?\s*=", line)
        if inside and m:
            out.setdefault(m.group(1), n)
    return out


def _origin(config: Config, key: str) -> str:
    """The last file of the `extends` chain that sets `key`, as path:line; else "default"."""
    for source in reversed(config.sources):
        lines = _key_lines(source)
        if key in lines:
            return f"{_short(source)}:{lines[key]}"
    return "default"


def _short(path: str) -> str:
    if "/presets/" in path.replace(os.sep, "/"):
        return "preset " + os.path.splitext(os.path.basename(path))[0]
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path


def _value(value: Any) -> str:
    label = getattr(value, "label", None)
    if label:
        return label
    if hasattr(value, "blocks"):
        return f"blocks {list(value.blocks)}, tokens {list(value.tokens)}"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) if value else "(none)"
    return "(all)" if value is None else str(value)


def _rule_origin(config: Config, rule_id: str, rel: str) -> str:
    """Where a rule's level or options were set: the last matching `rules:` entry (an override
    for this file wins), else the rule's own default."""
    from .config import glob_match

    found = ""
    for setting in config.rules:
        if matches(setting.prefix, rule_id) and (setting.severity is not None or setting.options):
            found = f"{_short(setting.path or config.path or '')}:{setting.line}"
    for i, override in enumerate(config.overrides):
        if glob_match(override.files, rel):
            for setting in override.rules:
                if matches(setting.prefix, rule_id):
                    found = f"{_short(setting.path or config.path or '')}:{setting.line} (overrides[{i + 1}])"
    return found or "rule default"


def _switch_origin(config: Config, rule_id: str) -> str:
    """The select/enable line that turned a rule on, if any."""
    found = ""
    for key, name, path, line in config.refs:
        if key in ("select", "enable") and matches(name, rule_id):
            found = f"{key} at {_short(path)}:{line}"
    return found


def show(fc: FileConfig, path: str) -> Iterator[str]:
    """Lines describing the resolved config for `path`."""
    config = fc.config
    yield f"# copylint config for {path}"
    if config.path:
        yield f"config file: {_short(config.path)}"
    else:
        yield "config file: none found (the default preset)"
    chain = [_short(s) for s in config.sources[:-1]] if config.path else []
    if chain:
        yield "extends: " + " <- ".join(reversed(chain))
    yield ""
    for key, attr in _SETTINGS:
        yield f"{key}: {_value(getattr(config, attr))}    # {_origin(config, key) if config.path else 'default'}"
    for pack, values in sorted(config.sections.items()):
        for name, value in values.items():
            where = f"{_short(config.path)}:{config.section_lines.get(pack, 0)}" if config.path else "command line"
            yield f"{pack}.{name}: {value}    # {where}"
    rel = relative_to_config(path, config)
    selected = fc.selection(rel, None, ())
    yield ""
    yield f"rules in force ({len(selected)}):"
    width = max((len(s.rule.meta.id) for s in selected), default=10)
    for sel in sorted(selected, key=lambda s: s.rule.meta.id):
        rid = sel.rule.meta.id
        where = _rule_origin(config, rid, rel) if config.path else "rule default"
        switch = _switch_origin(config, rid) if config.path else ""
        defaults = {o.name: o.default for o in sel.rule.meta.options}
        options = ", ".join(f"{k}={v!r}" for k, v in sorted(sel.options.items()) if defaults.get(k, object()) != v)
        extra = f" [{options}]" if options else ""
        also = f"; on by {switch}" if switch else ""
        yield f"  {rid:<{width}}  {sel.severity.label:<10}{extra}    # {where}{also}"
