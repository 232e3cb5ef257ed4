"""The typos pack's Python rules (being written; YAML rules of the pack live in rules/typos/)."""


def rules() -> list[object]:
    return []
