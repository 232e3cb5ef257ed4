"""copylint: a copyedit and content-moderation linter for news copy."""

__version__ = "0.1.0"
