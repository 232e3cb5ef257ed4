"""Declarative kinds, one module each (Vale's one file per kind): parse, compile, run.

Rule kinds (a rule file's `kind:`, one YAML file a rule, compiled into the engine):

- `existence`: report each token or pattern found;
- `substitution`: report each key of `swap` and suggest its value.

Data kinds (a pack's `data/` file that Python rules read, extendable by a newsroom's
pack folders; see `RuleContext.data_files`):

- `line` (line.py): whole standalone lines a pattern fits, the boilerplate pack's data;
- `context` (context.py): a word and the neighbouring words that show another was meant,
  the typos pack's cue data.

Each data file loads through `yamlfile` (the fast C loader first; again with lines only to
name `file:line` in an error), and every value is checked before it is used.
"""

from __future__ import annotations

from types import ModuleType

from . import existence, substitution

RULE_KINDS: dict[str, ModuleType] = {"existence": existence, "substitution": substitution}

__all__ = ["RULE_KINDS"]
