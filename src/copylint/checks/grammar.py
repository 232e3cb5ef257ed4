"""The grammar pack's Python rules (being written; YAML rules of the pack live in rules/grammar/)."""


def rules() -> list[object]:
    return []
