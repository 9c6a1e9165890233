"""Analysis in worker processes: a large import or refresh uses every core, and the process
that asked (the dashboard, too) keeps its own threads free of the analyser's CPU work.

The analyser is pure, so a document's analysis is the same in a worker as in-process. Small
batches stay in-process (starting a worker costs a few hundred milliseconds), and a pool that
breaks (a worker killed, no way to start processes) falls back to in-process analysis.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from raceview.analysis.pipeline import analyse
from raceview.gc_tuning import batch_collections, tune_for_batches
from raceview.models import DocumentAnalysis, RawDocument

#: Fewer documents than this are analysed in-process.
MIN_BATCH = 16
#: More workers than this rarely pay: the store writes in one process anyway.
MAX_WORKERS = 8
#: `RACEVIEW_WORKERS=1` keeps all analysis in-process.
WORKERS_ENV = "RACEVIEW_WORKERS"
#: How often a worker checks that the process that started it is still there.
PARENT_CHECK_SECONDS = 0.5


def default_workers() -> int:
    """Worker processes to use: RACEVIEW_WORKERS, else the CPUs this process may run on."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), MAX_WORKERS)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


class Analyser:
    """Analyses batches of documents, in a pool of processes started at the first large batch.

    Use as a context manager (or call `close`): the pool lives as long as the import or the
    refresh that uses it. Safe to share between threads.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()

    def analyse(self, raws: Sequence[RawDocument]) -> list[DocumentAnalysis]:
        """The analysis of each document, in order."""
        pool = self._pool_for(len(raws))
        if pool is None:
            with batch_collections():
                return [analyse(raw) for raw in raws]
        chunk = max(1, min(32, len(raws) // (self.workers * 4)))
        try:
            return list(pool.map(analyse, raws, chunksize=chunk))
        except (BrokenProcessPool, OSError):
            self._broken = True  # from now on in-process; the broken pool is let go
            with self._lock:
                broken, self._pool = self._pool, None
            if broken is not None:
                broken.shutdown(wait=False, cancel_futures=True)
            return [analyse(raw) for raw in raws]

    def _pool_for(self, batch: int) -> ProcessPoolExecutor | None:
        if self.workers < 2 or batch < MIN_BATCH or self._broken:
            return None
        with self._lock:
            if self._pool is None:
                try:  # "spawn": safe from a process with threads (the dashboard's workers)
                    context = multiprocessing.get_context("spawn")
                    self._pool = ProcessPoolExecutor(
                        self.workers,
                        mp_context=context,
                        initializer=_quiet_worker,
                        initargs=(os.getpid(),),
                    )
                except (OSError, ValueError):
                    self._broken = True
                    return None
            return self._pool

    @property
    def pool_started(self) -> bool:
        """Whether worker processes are running."""
        return self._pool is not None

    def close(self) -> None:
        """Stop the worker processes."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def __enter__(self) -> Analyser:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _quiet_worker(parent: int) -> None:
    """A worker writes nothing to the terminal (the dashboard owns it), leaves Ctrl+C to the
    process that started it (which stops the pool), and ends when that process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_for_batches()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="parent").start()


def _end_with(parent: int) -> None:
    """Exit once `parent` has died (its pid comes from the parent, which may die before this
    worker starts). A worker left by a SIGKILLed parent would otherwise wait for work forever:
    it holds both ends of its own task pipe, so it never sees the end of it."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)
