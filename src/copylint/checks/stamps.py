"""The stamps pack's Python rules (being written; YAML rules of the pack live in rules/stamps/)."""


def rules() -> list[object]:
    return []
