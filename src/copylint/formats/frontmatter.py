"""YAML front matter: metadata for the rules, and prose values linted at their own place."""

from __future__ import annotations

import datetime as dt
from .. import fastre as re  # re, with compiled patterns kept between runs
from typing import Any

from ..document import ProseBuilder
from ..yamlfile import node_problem

_OPEN_RE = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)

class _Yaml:
    """PyYAML, imported when an article has front matter (most runs read no YAML at all)."""

    def __getattr__(self, name: str) -> Any:
        import yaml as module

        return getattr(module, name)


yaml = _Yaml()


def _loader() -> Any:
    import yaml as module

    return getattr(module, "CSafeLoader", module.SafeLoader)  # the C loader is several times faster


def _plain(value: Any) -> Any:
    """Front matter as plain data; dates stay dates."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_front_matter(
    text: str, builder: ProseBuilder, prose_keys: tuple[str, ...]
) -> tuple[int, dict[str, Any], list[tuple[int, int, str]]]:
    opening = _OPEN_RE.match(text)
    if not opening:
        return 0, {}, []
    closing = _CLOSE_RE.search(text, opening.end())
    if not closing:
        return 0, {}, [(0, opening.end(), "front matter opened with '---' is never closed; linted as body text")]
    yaml_text = text[opening.end() : closing.start()]
    base = opening.end()
    try:
        node = yaml.compose(yaml_text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = base + (mark.index if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return closing.end(), {}, [(where, where + 1, f"front matter is not valid YAML: {problem}")]
    if node is None:
        return closing.end(), {}, []
    bound = node_problem(node)
    if bound is not None:  # an alias bomb or absurd nesting: read none of it
        where = base + bound[0].start_mark.index
        return closing.end(), {}, [(where, where + 1, f"front matter not read: {bound[1]}")]
    problems: list[tuple[int, int, str]] = []
    data = _construct(node, base, problems)
    if not isinstance(data, dict):
        return closing.end(), {}, [(base, base + 1, "front matter is not a mapping of keys to values")]
    _walk(node, yaml_text, base, builder, set(prose_keys))
    return closing.end(), _plain(data), problems


def _construct(node: Any, base: int, problems: list[tuple[int, int, str]]) -> Any:
    """The front matter's values; one that YAML resolves but cannot build (`date: 2024-13-45`,
    `!!int abc`) is kept as its text, with a problem at its place."""
    for _ in range(100):
        loader = _loader()("")
        try:
            return loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            bad = _unbuildable(node)
            if bad is None:
                where = base + node.start_mark.index
                problems.append((where, where + 1, f"front matter not read: {type(exc).__name__}: {exc}"))
                return {}
            kind = {"timestamp": "date", "int": "integer"}.get(bad.tag.rsplit(":", 1)[-1], bad.tag.rsplit(":", 1)[-1])
            where = base + bad.start_mark.index
            problems.append((where, base + bad.end_mark.index or where + 1,
                             f"front matter value '{bad.value[:80]}' is not a valid {kind}; read as text"))
            bad.tag = "tag:yaml.org,2002:str"
        finally:
            loader.dispose()
    return {}


def _unbuildable(node: Any) -> Any:
    """The first scalar of the document that the safe constructor refuses."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            loader = _loader()("")
            try:
                loader.construct_object(current)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                return current
            finally:
                loader.dispose()
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in reversed(current.value) for n in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return None


def _walk(node: Any, yaml_text: str, base: int, builder: ProseBuilder, keys: set[str], key: str = "") -> None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = str(k.value) if isinstance(k, yaml.ScalarNode) else ""
            _walk(v, yaml_text, base, builder, keys, name)
    elif isinstance(node, yaml.SequenceNode) and key in keys:
        for item in node.value:
            _walk(item, yaml_text, base, builder, keys, key)
    elif isinstance(node, yaml.ScalarNode) and key in keys and node.tag.endswith(":str"):
        _scalar(node, yaml_text, base, builder, key)


def _scalar(node: yaml.ScalarNode, yaml_text: str, base: int, builder: ProseBuilder, key: str) -> None:
    from . import align

    value = node.value
    if not value.strip():
        return
    start, end = node.start_mark.index, node.end_mark.index
    raw = yaml_text[start:end]
    builder.start_block("front_matter", key)
    if node.style in ("'", '"') and raw[1:-1] == value:
        builder.text(value, base + start + 1)
    elif node.style is None and raw == value:
        builder.text(value, base + start)
    elif node.style in ("'", '"') and len(raw) >= 2:
        escapes = "yaml-double" if node.style == '"' else "yaml-single"
        align(builder, value, raw[1:-1], base + start + 1, escapes)
    else:
        align(builder, value, raw, base + start)
    builder.end_block()


def metadata_date(metadata: dict[str, Any], *keys: str) -> dt.date | None:
    """The first of `keys` in the front matter that holds a date, as a date."""
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None
