"""The placeholders pack's Python rules (being written; YAML rules of the pack live in rules/placeholders/)."""


def rules() -> list[object]:
    return []
