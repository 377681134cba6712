"""The progress display of ``rasd ingest``: a live line on stderr (silent when not a terminal)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from rasd.model import Article, EventMention


class IngestProgress:
    """Counts documents, events and errors as they stream past."""

    def __init__(self, enabled: bool = True, verb: str = "ingesting") -> None:
        console = Console(stderr=True)
        self.enabled = enabled and console.is_terminal
        self.documents = self.mentions = self.errors = 0
        self._progress = Progress(
            SpinnerColumn(), TextColumn(f"[bold]{verb}"), BarColumn(), TextColumn("{task.description}"),
            TimeElapsedColumn(), console=console, transient=True, disable=not self.enabled,
        )
        self._task = self._progress.add_task(self._label(), total=None)

    def _label(self) -> str:
        return f"{self.documents} documents, {self.mentions} mentions, {self.errors} errors"

    def __enter__(self) -> "IngestProgress":
        self._progress.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.__exit__(kind, exc, tb)

    def document(self, _article: Article, mentions: list[EventMention]) -> None:
        self.documents += 1
        self.mentions += len(mentions)
        self._progress.update(self._task, description=self._label())

    def error(self) -> None:
        self.errors += 1
        self._progress.update(self._task, description=self._label())
