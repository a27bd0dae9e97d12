"""Work handed to a thread of its own, in order, while the caller goes on.

The site's search index and the database's full-text index are each as much work as
what the caller does beside them (pages, rows); Arrow and SQLite release Python's lock
while they work, so on two cores the two run at once. One mechanism for both: at most
two items wait (memory stays bounded), an error in the thread is raised in the caller
(at its next ``put``, or when the ``with`` block ends), and the caller is never left
blocked on a full queue by a thread that stopped.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Generic, Self, TypeVar

T = TypeVar("T")


class Worker(Generic[T]):
    """A context manager whose thread (named ``THREAD``) runs ``_run`` over the items
    ``put`` hands it, in order; subclasses define ``_run``."""

    THREAD = "threadarchive-worker"

    def __init__(self) -> None:
        self.queue: queue.Queue[T | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self._ended = False  # the end of the items was taken from the queue
        self.thread = threading.Thread(target=self._work, name=self.THREAD, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error

    def put(self, item: T) -> None:
        """Hand ``item`` to the thread; the thread's error, if it stopped on one."""
        if self.error is not None:
            raise self.error
        self.queue.put(item)

    def _run(self, items: Iterator[T]) -> None:
        raise NotImplementedError

    def _items(self) -> Iterator[T]:
        while (item := self.queue.get()) is not None:
            yield item
        self._ended = True

    def _work(self) -> None:
        try:
            self._run(self._items())
        except BaseException as exc:  # handed to the caller, which raises it
            self.error = exc
        while not self._ended and self.queue.get() is not None:  # never leave the caller blocked
            pass
