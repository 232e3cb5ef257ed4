"""The spelling pack's Python rules (being written; YAML rules of the pack live in rules/spelling/)."""


def rules() -> list[object]:
    return []
