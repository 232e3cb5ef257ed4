"""Python rules: what needs more than a pattern."""
