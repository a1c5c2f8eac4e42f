"""Worker processes that end with the process that started them.

`jdcheck batch` checks folders in a process pool, a large folder's images are read in one, and the
HTML report's thumbnails are made in one. A pool's workers wait for work on a pipe they also hold
open themselves, so when their parent is killed rather than stopped -- a scheduled task's time
limit, `kill`, a script's `timeout` -- they never see the end of it and wait forever: every killed
nightly run would leave its workers behind. Each worker here watches its parent instead
(multiprocessing's parent sentinel: the end of a pipe on POSIX, the process handle on Windows) and
ends itself when the parent is gone.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext


def process_pool(jobs: int, context: BaseContext | None = None) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor of `jobs` workers (in `context`, else the default start method)
    whose workers end when this process ends, however it ends."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_end_with_parent)


def _end_with_parent() -> None:
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's sentinel closes: the parent has ended
        os._exit(1)  # the main thread is blocked reading the work queue: end the process itself

    threading.Thread(target=watch, name="jdcheck-parent-watch", daemon=True).start()
