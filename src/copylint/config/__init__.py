"""Configuration: which rules, levels and options apply to each file.

- `load.py`: reading a config file (YAML, or `[tool.copylint]` in pyproject.toml) into
  a frozen `Config`, following `extends` and presets, with file:line errors;
- `discover.py`: the config file in force for a folder (the nearest one upward);
- `select.py`: validation against the rules that exist, and the per-file selection
  (`FileConfig`, the resolved config the linter gets, and `select_rules`).

Nothing here caches across calls: the Session (session.py) keeps loaded configs, keyed
by the files they were read from and their modification times.
"""

from __future__ import annotations

from .discover import CONFIG_NAMES, discover
from .load import (
    DEFAULT_EXTENSIONS, PRESETS, Config, ConfigError, Override, RuleSetting, config_signature, load_config_file,
    load_text, parse,
)

_SELECT = ("FileConfig", "Selected", "file_signatures", "glob_match", "relative_to_config", "select_rules",
           "sub_id_setting", "validate", "validate_data")


def __getattr__(name: str) -> object:
    # select.py imports the rule registry: loaded on first use, so that reading a config (the
    # result cache's key, walking folders) imports no rule
    if name in _SELECT:
        from . import select

        return getattr(select, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "CONFIG_NAMES", "DEFAULT_EXTENSIONS", "PRESETS", "Config", "ConfigError", "FileConfig", "Override",
    "RuleSetting", "Selected", "config_signature", "discover", "glob_match", "load_config_file", "load_text",
    "parse", "relative_to_config", "select_rules", "sub_id_setting", "validate", "validate_data",
    "file_signatures",
]
