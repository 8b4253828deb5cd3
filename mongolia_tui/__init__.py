"""mongolia-tui: a keyboard-first terminal browser of Mongolia's foreign relations."""

__version__ = "0.1.0"
