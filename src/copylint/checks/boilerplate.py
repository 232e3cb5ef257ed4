"""The boilerplate pack's Python rules (being written; YAML rules of the pack live in rules/boilerplate/)."""


def rules() -> list[object]:
    return []
