"""Progress display for long commands: a bar on the terminal, silence elsewhere."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_steps(
    enabled: bool = True, total: int | None = None
) -> Iterator[Callable[[str], None]]:
    """Yield a ``step(label)`` callback that advances a progress bar on standard error.

    The bar shows only when standard error is a terminal, so logs and pipes stay clean.
    """
    if not enabled or not sys.stderr.isatty():
        yield lambda _label: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("Starting", total=total or 6)

        def step(label: str) -> None:
            bar.update(task, description=label, advance=1)

        yield step


@contextmanager
def progress_rows(label: str, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """Yield an ``advance(rows)`` callback counting rows on standard error (terminal only)."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _rows: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}: {task.completed:,.0f} rows / lignes"),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda rows: bar.update(task, advance=rows)


@contextmanager
def progress_stage(label: str, enabled: bool = True) -> Iterator[None]:
    """Show one stage of a pipeline as a bar that fills when the stage ends (terminal only).

    The bar stays on screen, so the stages of a run read as a list of what was done.
    """
    if not enabled or not sys.stderr.isatty():
        yield
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(finished_text="✓"),
        TextColumn("{task.description:<44}"),
        BarColumn(),
        TimeElapsedColumn(),
    ) as bar:
        task = bar.add_task(label, total=1)
        yield
        bar.update(task, completed=1)
