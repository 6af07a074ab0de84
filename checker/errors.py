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
            where = shown(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + shown(self.message, limit=_MESSAGE_LIMIT)


# A path or message from untrusted input is shown on one line, cut to a readable length: a
# file name may hold a newline (a forged second line, "::error ..." in a CI log) or 5,000
# characters.
_PATH_LIMIT = 200
_MESSAGE_LIMIT = 2000


def escaped(text: str) -> str:
    """`text` with control and other unprintable characters shown as escapes ("\\x1b", "\\n")."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in text)


def shown(text: str, *, limit: int = _PATH_LIMIT) -> str:
    """`text` escaped (see `escaped`), cut in the middle past `limit`."""
    safe = escaped(text)
    if len(safe) <= limit:
        return safe
    return f"{safe[:limit // 2]}...{safe[-limit // 4:]}"


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
