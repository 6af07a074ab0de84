"""A progress bar on standard error for long runs of the command line (the library never draws one).

`ProgressBar` is a callback for `checker.api.check_paths(progress=...)`. It draws nothing until
a run turns out to read at least `MIN_FILES` documents, and only when `progress_wanted()`:
standard error is a terminal and the `CI` environment variable is not `true`. The bar is
transient, so it leaves nothing behind in the terminal once the run is over.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from types import TracebackType
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # imported when a bar is drawn: a run without one should not pay for rich
    from rich.console import Console
    from rich.progress import Progress, TaskID

MIN_FILES = 5
_LABELS = {"reading": "Reading documents", "analysing": "Analysing claims"}


def progress_wanted(stream: IO[str] | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Whether a progress bar may be drawn: `stream` (standard error) is a terminal and CI is not true."""
    stream = stream if stream is not None else sys.stderr
    env = env if env is not None else os.environ
    return stream.isatty() and env.get("CI", "").strip().lower() != "true"


class ProgressBar:
    """Draws check_paths' progress as a rich progress bar, from MIN_FILES documents on.

    Use it as a context manager so the bar is removed before anything else is printed.
    """

    def __init__(self, *, enabled: bool, console: Console | None = None) -> None:
        self.enabled = enabled
        self.console = console
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.progress is None:
            if not (self.enabled and stage == "reading" and total >= MIN_FILES):
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(),
                                     console=self.console or Console(stderr=True), transient=True)
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(_LABELS.get(stage, stage.capitalize()), total=None)
        # A stage reported as one step (0 of 1, then 1 of 1) pulses until it is done; others count.
        if total > 1 or done >= total:
            self.progress.update(self.tasks[stage], total=total, completed=done)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    @property
    def shown(self) -> bool:
        """Whether a bar was started (and not yet closed)."""
        return self.progress is not None
