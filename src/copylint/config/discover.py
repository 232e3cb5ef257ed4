"""The config file in force for a folder: see copylint/discovery.py (kept outside this package
so that the fast paths can use it without importing the config readers)."""

from __future__ import annotations

from ..discovery import CONFIG_NAMES, discover

__all__ = ["CONFIG_NAMES", "discover"]
