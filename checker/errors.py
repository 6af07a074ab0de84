"""User-facing errors. Each carries where it happened, so the CLI prints one line and exits 2."""

from __future__ import annotations


class CheckerError(Exception):
    """An error in the user's input, config or references (exit code 2)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


class InputError(CheckerError):
    """An article that cannot be read: missing, binary, bad encoding, too large."""


class ReferenceSetError(CheckerError):
    """A reference set that is missing or does not follow the schema."""


class ConfigError(CheckerError):
    """A configuration value that is unknown or invalid."""


class ErrorList(CheckerError):
    """Several problems found in one pass (a reference file, a config): one line each."""

    def __init__(self, errors: list[CheckerError]) -> None:
        first = errors[0]
        super().__init__(first.message, path=first.path, line=first.line, column=first.column)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
