"""What the batch commands (`check`, `overview`) share: the progress bar on standard error and the
one-line messages for a batch that could not run at all."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from vbassist.batch import ProgressCallback

EXIT_USAGE = 2

# the options both batch commands take, worded once
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Antal parallella processer (standard: antal kärnor)."),
]
CorpusOption = Annotated[
    bool,
    typer.Option(
        "--corpus/--no-corpus",
        help="Använd verksamhetsplaner och fjolårets rapporter i korpusen (VBASSIST_CORPUS_DIR) som jämförelse.",
    ),
]


def err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def report_files(paths: list[Path], none_found: str) -> list[Path]:
    """The report files in `paths` (folders walked); none: "fel: <none_found> (formats) i <paths>" and
    exit 2. An empty folder gives no file."""
    from vbassist.parsing.files import FORMATS_TEXT, expand_paths

    files = [p for p in expand_paths(paths) if not p.is_dir()]
    if not files:
        err(f"fel: {none_found} ({FORMATS_TEXT}) i " + ", ".join(str(p) for p in paths))
        raise typer.Exit(EXIT_USAGE)
    return files


@contextmanager
def batch_progress(labels: dict[str, str]) -> Iterator[ProgressCallback]:
    """A progress bar per stage of the batch (`labels`: stage -> Swedish text) on a terminal, nothing
    when standard error is redirected; a batch that cannot run (a configuration error, a worker that
    died) ends the command with one line and exit code 2."""
    from concurrent.futures.process import BrokenProcessPool

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from vbassist.errors import VbassistError

    stderr = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
        # no refresh thread: the worker processes are forked, and a thread holding the terminal's lock
        # at that moment would leave the lock held in every child
        auto_refresh=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)
            bar.refresh()

        try:
            yield on_progress
        except VbassistError as exc:  # configuration, not one file: nothing was read
            err(f"fel: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenProcessPool:
            err("fel: en arbetsprocess avslutades oväntat (minnesbrist?); försök igen med --jobs 1")
            raise typer.Exit(EXIT_USAGE) from None
