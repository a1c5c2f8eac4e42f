"""Worker processes that end with the process that started them, and leave Ctrl-C to it.

`jdcheck batch` checks folders in a process pool, a large folder's images are read in one, and the
HTML report's thumbnails are made in one. A pool's workers wait for work on a pipe they also hold
open themselves, so when their parent is killed rather than stopped -- a scheduled task's time
limit, `kill`, a script's `timeout` -- they never see the end of it and wait forever: every killed
nightly run would leave its workers behind. Each worker here watches its parent instead
(multiprocessing's parent sentinel: the end of a pipe on POSIX, the process handle on Windows) and
ends itself when the parent is gone.

Ctrl-C reaches every process of the terminal (its process group; on Windows every process of the
console). A worker interrupted there died holding its pool's queue lock, or half-way through
sending an answer: the other workers then waited on the lock forever, and the parent waited for
them at exit (a batch stopped with Ctrl-C hung in one try out of three). Workers ignore it: the
parent, interrupted, ends at once (cli.run), and its workers with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext


@contextmanager
def process_pool(jobs: int, context: BaseContext | None = None) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor of `jobs` workers (in `context`, else the default start method) for
    the block; work still queued when it ends is cancelled. Ended by an exception (Ctrl-C, a
    generator closed early), the block does not wait for the workers: each ends after the task in
    hand, or with this process."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker)
    with _ctrl_c_held():
        pool.submit(_started)  # forks the workers (all at once with fork) while Ctrl-C is held
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back from this thread for the block, and delivered after it (POSIX). A process
    forked in the block starts with it held, so that a Ctrl-C between its birth and its ignoring
    Ctrl-C (_start_worker) interrupts nothing there; here it is only late by the block."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _started() -> None:
    """The first task: it makes the pool start its workers."""


def _start_worker() -> None:
    import multiprocessing
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides (module docstring)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held while forked: ignored now
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's sentinel closes: the parent has ended
        os._exit(1)  # the main thread is blocked reading the work queue: end the process itself

    threading.Thread(target=watch, name="jdcheck-parent-watch", daemon=True).start()
