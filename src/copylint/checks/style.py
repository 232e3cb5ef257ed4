"""The style pack's Python rules (being written; YAML rules of the pack live in rules/style/)."""


def rules() -> list[object]:
    return []
