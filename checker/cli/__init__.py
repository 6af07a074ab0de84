"""The command line: the only package that prints or exits (`app`), with its terminal helpers
(`output`: colour and the one-line summary; `progress`: the progress bar)."""

from checker.cli.app import app, main

__all__ = ["app", "main"]
