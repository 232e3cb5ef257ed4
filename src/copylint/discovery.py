"""Finding the config file in force for a folder: the nearest one upward.

Standard library only, outside the config package: the fast paths (rerun.py, remote.py) find
the config without importing the YAML and TOML readers that package loads."""

from __future__ import annotations

import os

CONFIG_NAMES = (".copylint.yaml", ".copylint.yml", "copylint.yaml")


def discover(directory: str) -> str | None:
    """The config file in force for files in `directory`: the nearest one upward."""
    current = os.path.abspath(directory)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(current, "pyproject.toml")
        if os.path.isfile(pyproject) and _has_tool_section(pyproject):
            return pyproject
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _has_tool_section(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return "[tool.copylint" in fh.read()
    except OSError:
        return False
