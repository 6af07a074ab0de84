"""Only what changed: which lines differ from a git revision, and whether a finding touches them.

`changed_lines("origin/main", cwd=Path.cwd())` compares the working tree (commits, staged and
unstaged edits) with the revision and returns, for every file with added or modified lines,
the set of those line numbers (1-based, in the current file). Untracked files that git does not
ignore count as changed on every line. Deleted lines leave nothing to point at and deleted files are
left out; a renamed file is listed under its new name with only the lines edited in it.

`touches_changes(finding, changed, root=...)` is true when the finding itself or any of its
evidence (the other claim, a reference fact) lies on a changed line, so an edit that contradicts
an untouched paragraph is still reported.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from checker.errors import InputError
from checker.model import Finding, Location

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def changed_lines(rev: str, *, cwd: Path) -> dict[str, set[int]]:
    """Added or modified lines of the working tree against `rev`, by path relative to `cwd`.

    Files without such lines are absent. Raises InputError when git fails (not a repository,
    unknown revision, git missing), with git's first line of error, e.g. "git: fatal: bad revision 'nope'".
    """
    if rev.startswith("-"):
        raise InputError(f"git: invalid revision '{rev}'")
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "surrogateescape").strip())
    diff = _git(["-c", "core.quotePath=true", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
                 "--find-renames", "--src-prefix=a/", "--dst-prefix=b/", rev, "--"], top)
    by_top = _parse_diff(diff)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in untracked.split(b"\0"):
        if name:
            path = os.fsdecode(name)
            lines = _count_lines(top / path)
            if lines:
                by_top[path] = set(range(1, lines + 1))
    base = os.path.realpath(cwd)
    return {os.path.relpath(top / path, base): lines for path, lines in by_top.items() if lines}


def touches_changes(finding: Finding, changed: Mapping[str, set[int]], *, root: Path) -> bool:
    """Whether the finding's location or any related evidence location lies on a changed line.

    Paths are compared relative to `root` (the `cwd` given to `changed_lines`); a path that is not a
    file (`<stdin>`, `<text>`) never matches.
    """
    locations = [finding.location, *(evidence.location for evidence in finding.related)]
    return any(_touches(location, changed, root) for location in locations)


def _touches(location: Location, changed: Mapping[str, set[int]], root: Path) -> bool:
    if location.path.startswith("<"):
        return False
    lines = changed.get(_relative(location.path, root))
    if not lines:
        return False
    last = location.end_line
    if location.end_column == 1 and last > location.line:  # ends at the very start of a line: not on it
        last -= 1
    return any(line in lines for line in range(location.line, max(last, location.line) + 1))


def _relative(path: str, root: Path) -> str:
    """`path` relative to `root`, with symbolic links in its folders (not in the file itself) resolved."""
    full = os.path.join(root, path)
    folder, name = os.path.split(os.path.normpath(full))
    return os.path.relpath(os.path.join(os.path.realpath(folder), name), os.path.realpath(root))


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git: not found; install git to compare with a revision") from None
    except OSError as exc:
        raise InputError(f"git: {(exc.strerror or str(exc)).lower()}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = lines[0].strip() if lines else f"exited with status {done.returncode}"
        raise InputError(f"git: {first}")
    return done.stdout


def _parse_diff(diff: bytes) -> dict[str, set[int]]:
    """Changed new-side lines per file from `git diff --unified=0` output (paths relative to the top level)."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    in_header = False
    for line in diff.split(b"\n"):
        if line.startswith(b"diff --git "):
            in_header, current = True, None
        elif in_header and line.startswith(b"+++ "):
            target = line[4:].rstrip(b"\r")
            if not target.startswith(b'"'):
                target = target.removesuffix(b"\t")  # git ends a name with a space in it with a tab
            if target == b"/dev/null":  # a deleted file
                current = None
            else:
                path = _unquote(target)
                current = changed.setdefault(path.removeprefix("b/"), set())
        elif line.startswith(b"@@ "):
            in_header = False
            hunk = _HUNK.match(line)
            if hunk and current is not None:
                start = int(hunk.group(1))
                count = 1 if hunk.group(2) is None else int(hunk.group(2))
                current.update(range(start, start + count))  # count 0: a pure deletion adds no line
    return changed


def _unquote(raw: bytes) -> str:
    """A path as git prints it: bare, or C-quoted with octal escapes for unusual bytes."""
    text = raw.decode("utf-8", "surrogateescape")
    if not (len(text) >= 2 and text.startswith('"') and text.endswith('"')):
        return os.fsdecode(raw)
    out = bytearray()
    body = text[1:-1]
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            following = body[i + 1]
            if following in "01234567" and re.fullmatch(r"[0-7]{3}", body[i + 1:i + 4]):
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
            else:
                out.extend(following.encode("utf-8", "surrogateescape"))
            i += 2
            continue
        out.extend(char.encode("utf-8", "surrogateescape"))
        i += 1
    return os.fsdecode(bytes(out))


def _count_lines(path: Path) -> int:
    """Number of lines of a file (a last line without a newline counts); 0 when it cannot be read."""
    count = 0
    last = b"\n"
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return count + (last != b"\n")
