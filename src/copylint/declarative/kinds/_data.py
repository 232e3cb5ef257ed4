"""Loading a data kind's YAML file: fast, and with `file:line` when something is wrong."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

T = TypeVar("T")


class _Problem(Exception):
    """A value a data file cannot hold; `where` finds its line in the line-keeping load."""

    def __init__(self, message: str, where: Callable[[Any], int | None]) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def load_checked(path: str, build: Callable[[Any], T]) -> T:
    """`build(data)` for the YAML file at `path`.

    The file is read with the C loader (a few milliseconds less than keeping every key's
    line); only when it or `build` finds a problem is it loaded again through
    `yamlfile.load_file`, so that the FileError names the line.
    """
    import yaml

    from ...yamlfile import FileError, load_file

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return build(data)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        load_file(path)  # raises the FileError with the line
        raise FileError(path, None, "cannot be read") from None
    except _Problem as problem:
        lined = load_file(path)
        try:
            line = problem.where(lined)
        except Exception:  # the path to the value is not there in the lined copy: the file's top
            line = None
        raise FileError(path, line, problem.message) from None


def problem(message: str, *keys: Any) -> _Problem:
    """A problem at the value reached by `keys` (mapping keys and list indexes) from the top."""

    def where(data: Any) -> int | None:
        from ...yamlfile import LDict, LList

        line = getattr(data, "line", None)
        node = data
        for key in keys:
            if isinstance(node, (LDict, LList)):
                line = node.line_of(key)
            node = node[key]
        return line

    return _Problem(message, where)
