"""Only what changed: which sentences differ from a git revision, and whether a finding touches them.

`changed_text("origin/main", cwd=Path.cwd())` compares the working tree (commits, staged and
unstaged edits) with the revision and returns, for every file with added or modified text, a
`FileChanges`: the changed lines (1-based, in the current file) and, inside them, the changed
stretches of text, found by comparing the old and new lines of each hunk word by word. In prose
a line is a whole paragraph, so one changed word must not bring back every finding of it.
Untracked files that git does not ignore count as changed everywhere. Deleted files are left
out; a deletion inside a line leaves a zero-width change where the text was; a renamed file is
listed under its new name with only the text edited in it. `changed_lines` is the line view.

`touches_changes(finding, changed, root=...)` is true when a change falls in the finding's
sentence or in the sentence of any of its evidence (the other claim), or on the lines of a
reference fact it rests on, so an edit that contradicts an untouched paragraph is still reported.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import InputError
from checker.model import Finding, Location

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
MAX_HUNK_TOKENS = 20_000  # word-compare hunks up to this size (quadratic at worst); a larger one changed whole

Position = tuple[int, int]  # 1-based line, 1-based column in code points


@dataclass
class FileChanges:
    """What changed in one file: whole `lines`, and `stretches` of text (start, end), end exclusive;
    a stretch with start == end marks where text was deleted."""

    lines: set[int] = field(default_factory=set)
    stretches: list[tuple[Position, Position]] = field(default_factory=list)

    @classmethod
    def whole_lines(cls, lines: set[int]) -> FileChanges:
        return cls(set(lines), [((line, 1), (line + 1, 1)) for line in sorted(lines)])

    def touches(self, start: Position, end: Position) -> bool:
        """Whether a change falls in the text from `start` to `end` (a sentence)."""
        for first, last in self.stretches:
            if first == last:
                if start <= first <= end:
                    return True
            elif first < end and start < last:
                return True
        return False


def changed_lines(rev: str, *, cwd: Path) -> dict[str, set[int]]:
    """Added or modified lines of the working tree against `rev`, by path relative to `cwd`."""
    return {path: changes.lines for path, changes in changed_text(rev, cwd=cwd).items()}


def changed_text(rev: str, *, cwd: Path, repo: Path | None = None) -> dict[str, FileChanges]:
    """What changed in the working tree against `rev`, by path relative to `cwd`; git runs in
    `repo` (default: `cwd`), the folder of the checked files, which the process may be outside.

    Files without added or modified text are absent. Raises InputError when git fails (not a
    repository, unknown revision, git missing), with git's first line of error, e.g.
    "git: fatal: bad revision 'nope'".
    """
    if rev.startswith("-"):
        raise InputError(f"git: invalid revision '{rev}'")
    top = Path(_git(["rev-parse", "--show-toplevel"], repo or cwd).decode("utf-8", "surrogateescape").strip())
    diff = _git(["-c", "core.quotePath=true", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
                 "--find-renames", "--src-prefix=a/", "--dst-prefix=b/", rev, "--"], top)
    by_top = _parse_diff(diff)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in untracked.split(b"\0"):
        if name:
            path = os.fsdecode(name)
            lines = _count_lines(top / path)
            if lines:
                by_top[path] = FileChanges.whole_lines(set(range(1, lines + 1)))
    base = os.path.realpath(cwd)
    return {os.path.relpath(top / path, base): changes for path, changes in by_top.items() if changes.lines}


def touches_changes(finding: Finding, changed: Mapping[str, FileChanges], *, root: Path) -> bool:
    """Whether a change falls in the finding's sentence, a related sentence, or a related fact's lines.

    Paths are compared relative to `root` (the `cwd` given to `changed_text`); a path that is not a
    file (`<stdin>`, `<text>`) never matches.
    """
    own = finding.document.location(finding.sentence) if finding.sentence is not None else finding.location
    locations = [(own, finding.sentence is not None)]
    locations += [(evidence.location, evidence.span is not None) for evidence in finding.related]
    return any(_touches(location, changed, root, sentence) for location, sentence in locations)


def _touches(location: Location, changed: Mapping[str, FileChanges], root: Path, sentence: bool) -> bool:
    if location.path.startswith("<"):
        return False
    changes = changed.get(_relative(location.path, root))
    if changes is None:
        return False
    if sentence:
        return changes.touches((location.line, location.column), (location.end_line, location.end_column))
    lines = changes.lines
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


def _parse_diff(diff: bytes) -> dict[str, FileChanges]:
    """Changed new-side text per file from `git diff --unified=0` output (paths relative to the top level)."""
    changed: dict[str, FileChanges] = {}
    current: FileChanges | None = None
    in_header = False
    hunk: tuple[int, list[str], list[str]] | None = None  # first new line, old lines, new lines

    def close() -> None:
        if hunk is not None and current is not None:
            _compare_hunk(current, *hunk)

    for line in diff.split(b"\n"):
        if line.startswith(b"diff --git "):
            close()
            in_header, current, hunk = True, None, None
        elif in_header and line.startswith(b"+++ "):
            target = line[4:].rstrip(b"\r")
            if not target.startswith(b'"'):
                target = target.removesuffix(b"\t")  # git ends a name with a space in it with a tab
            if target == b"/dev/null":  # a deleted file
                current = None
            else:
                path = _unquote(target)
                current = changed.setdefault(path.removeprefix("b/"), FileChanges())
        elif line.startswith(b"@@ "):
            close()
            in_header, hunk = False, None
            match = _HUNK.match(line)
            if match and current is not None:
                start = int(match.group(1))
                count = 1 if match.group(2) is None else int(match.group(2))
                current.lines.update(range(start, start + count))  # count 0: a pure deletion adds no line
                hunk = (start if count else start + 1, [], [])
        elif hunk is not None and line[:1] in (b"-", b"+"):
            (hunk[1] if line[:1] == b"-" else hunk[2]).append(line[1:].decode("utf-8", "replace"))
    close()
    return changed


def _compare_hunk(changes: FileChanges, first_line: int, old: list[str], new: list[str]) -> None:
    """Add the stretches of `new` (lines from `first_line` on) that differ from `old`, word by word."""
    old_text, new_text = "\n".join(old), "\n".join(new)
    if not new:
        changes.stretches.append(((first_line, 1), (first_line, 1)))  # whole lines deleted here
        return
    old_tokens = [m.group() for m in _TOKEN.finditer(old_text)]
    new_matches = list(_TOKEN.finditer(new_text))
    if not old or len(old_tokens) + len(new_matches) > MAX_HUNK_TOKENS:
        changes.stretches.append(((first_line, 1), (first_line + len(new), 1)))
        return
    starts = [m.start() for m in new_matches] + [len(new_text)]

    def position(offset: int) -> Position:
        line = new_text.count("\n", 0, offset)
        return first_line + line, offset - (new_text.rfind("\n", 0, offset) + 1) + 1

    matcher = difflib.SequenceMatcher(None, old_tokens, [m.group() for m in new_matches], autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changes.stretches.append((position(starts[j1]), position(starts[j2])))


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
