"""Safe YAML loading that remembers the line of every key, for messages that name it.

PyYAML is imported on first load, not with this module: a run whose rules come prepared
(prepared.py) and that has no config file reads no YAML at all.
"""

from __future__ import annotations

from typing import Any


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader where PyYAML was built with it


class FileError(Exception):
    """A problem in a config or rule file, located at `path:line`."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class LDict(dict):
    """A mapping that knows the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# Bounds on what a YAML document may ask of the loader (docs/limits.md): an alias is cheap
# to write and its value is built once per use, so "billion laughs" (aliases of aliases)
# would build billions of values; nesting deeper than this is no config anyone writes.
MAX_ALIAS_VALUES = 10_000
MAX_DEPTH = 100


def node_problem(node: Any) -> tuple[Any, str] | None:
    """The node and a message where a composed document exceeds the bounds, else None.

    Counts, without building anything, how many values the aliases add when expanded
    (each node's expanded size is computed once) and how deep the nesting goes. For an
    alias bomb the node named is the first value whose aliases alone pass the limit.
    """
    sizes: dict[int, int] = {}
    uses: dict[int, int] = {}
    nodes: dict[int, Any] = {}
    stack: list[tuple[Any, int, bool]] = [(node, 1, False)]
    on_path: set[int] = set()
    import yaml

    while stack:
        current, depth, done = stack.pop()
        key = id(current)
        children = current.value if isinstance(current, (yaml.MappingNode, yaml.SequenceNode)) else ()
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in children for n in pair]
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in sizes:
            continue
        if key in on_path:  # a recursive alias (&a [*a]): infinite when expanded
            return current, "a YAML alias refers to itself: its value would never end"
        if depth > MAX_DEPTH:
            return current, f"YAML nested more than {MAX_DEPTH} levels deep"
        nodes[key] = current
        on_path.add(key)
        stack.append((current, depth, True))
        stack.extend((c, depth + 1, False) for c in reversed(children))
    extra = sizes[id(node)] - len(nodes)
    if extra <= MAX_ALIAS_VALUES:
        return None
    culprits = [n for k, n in nodes.items() if (uses[k] - 1) * sizes[k] > MAX_ALIAS_VALUES]
    where = min(culprits, key=lambda n: n.start_mark.index) if culprits else node
    return where, f"YAML aliases expand to {extra:,} more values (the limit is {MAX_ALIAS_VALUES:,}): an alias bomb?"


def load(text: str, path: str) -> Any:
    """Parse one YAML document safely; LDict/LList carry line numbers."""
    import yaml

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problem = node_problem(node)
        if problem is not None:
            raise FileError(path, problem[0].start_mark.line + 1, problem[1])
        return _build(loader, node, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise FileError(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise FileError(path, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _build(loader: Any, node: Any, path: str) -> Any:
    import yaml

    line = node.start_mark.line + 1
    tag = node.tag or ""
    if not isinstance(node, yaml.ScalarNode) and tag not in _PLAIN_TAGS or (
        tag.startswith("tag:yaml.org,2002:python/") or not tag.startswith("tag:yaml.org,2002:")
    ):
        # the safe loader refuses scalars it cannot build, but a tag on a mapping or a list
        # would be dropped silently here: refuse every tag that is not plain data
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise FileError(path, line, f"the tag '{shown}' is not allowed: config and rule files hold plain data only")
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = LDict()
        out.line = line
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node, path)
            if isinstance(key, (dict, list)):
                raise FileError(path, key_node.start_mark.line + 1, "a key must be a plain value")
            if key in out:
                raise FileError(path, key_node.start_mark.line + 1, f"duplicate key '{key}'")
            out[key] = _build(loader, value_node, path)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LList(_build(loader, child, path) for child in node.value)
        items.line = line
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    return loader.construct_object(node, deep=True)


def load_file(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise FileError(path, None, "file not found") from None
    except UnicodeDecodeError:
        raise FileError(path, None, "not valid UTF-8") from None
    except OSError as exc:
        raise FileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    return load(text, path)
