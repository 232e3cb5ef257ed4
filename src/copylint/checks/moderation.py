"""The moderation pack's Python rules (being written; YAML rules of the pack live in rules/moderation/)."""


def rules() -> list[object]:
    return []
