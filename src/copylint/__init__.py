"""copylint: a copyedit and content-moderation linter for news copy.

The Python API (docs/api.md):

    import copylint
    findings = copylint.lint_text("The the fire.", filename="story.md")
    session = copylint.Session(config={"disable": ["style"]})
    session.lint_text(...); session.fix_text(...); session.lint_paths([...])
"""

from __future__ import annotations

# not `from typing import TYPE_CHECKING`: typing costs more to import than the whole
# COPYLINT_SERVER path has to spend (mypy and pyright read this name as True all the same)
TYPE_CHECKING = False

__version__ = "0.1.0"
__all__ = ["lint_text", "Session", "Finding", "Fix", "Edit", "Position", "Severity", "FixedText", "Outcome",
           "ConfigError", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .config import ConfigError
    from .findings import Edit, Finding, Fix, Position, Severity
    from .session import FixedText, Outcome, Session, lint_text

_LAZY = {
    "lint_text": "session", "Session": "session", "FixedText": "session", "Outcome": "session",
    "Finding": "findings", "Fix": "findings", "Edit": "findings", "Position": "findings", "Severity": "findings",
    "ConfigError": "config",
}


def __getattr__(name: str) -> object:
    # imported on first use: `copylint --version` and the CLI's start-up need none of it
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'copylint' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)
