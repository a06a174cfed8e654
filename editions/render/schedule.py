"""Rendering many editions at once: one process per edition, two at a time per core.

Editions are independent, except that a locale's EPUB takes the page map its
PDF's layout gives: when both are to be rendered, the EPUB waits for the PDF
and receives its map.

Whatever a renderer raises becomes the result's one-line error, and the other
editions go on; a renderer writes its file whole or not at all, so a failed
edition leaves the previous one in place.

The workers are forked from the build (where the platform can), so they share
its lock on ``dist/`` (``output.build_lock``) until they end, and they die
with it: each asks the kernel for SIGTERM when the build's process dies
(Linux ``PR_SET_PDEATHSIG``), and leads a process group of its own that it
ends with SIGKILL on SIGTERM, taking along the programs it started (pandoc).
A build stopped by an exception (Ctrl-C) kills its workers the same way
before going on.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import EditionsError
from ..model import LocalizedPublication
from . import FORMATS
from .pages import PageMap

PR_SET_PDEATHSIG = 1
WORKER_DIED = "not rendered: a render worker process died (killed, or out of memory), which stops the pool"


@dataclass(frozen=True)
class RenderJob:
    publication: LocalizedPublication
    format: str
    templates: Path
    target: Path
    page_map: PageMap | None = None    # the print edition's, for a format that takes one


@dataclass(frozen=True)
class Rendered:
    job: RenderJob
    seconds: float = 0.0
    page_map: PageMap | None = None    # what the renderer gave back (the PDF's)
    error: str = ""                    # the cause in one line when the edition failed; its file is untouched
    trace: str = ""                    # the traceback of an unexpected exception (a bug), for a log


def render_all(jobs: list[RenderJob], workers: int, on_done: Callable[[Rendered], None]) -> None:
    """Render every job in a process pool of ``workers`` (default: one per core);
    ``on_done`` is called in this process as each edition finishes, in finishing order."""
    if not jobs:
        return
    jobs = sorted(jobs, key=lambda job: not FORMATS[job.format].gives_page_map)   # longest first
    giving = {job.publication.locale.tag for job in jobs if FORMATS[job.format].gives_page_map}
    held = {job.publication.locale.tag: job for job in jobs
            if FORMATS[job.format].takes_page_map and job.publication.locale.tag in giving}
    forked = "fork" in multiprocessing.get_all_start_methods()
    pool = ProcessPoolExecutor(max_workers=workers or min(len(jobs), os.cpu_count() or 1),
                               mp_context=multiprocessing.get_context("fork") if forked else None,
                               initializer=_start_worker,
                               initargs=(os.getpid() if forked else 0, tempfile.gettempdir()))
    try:
        running: dict[Future, RenderJob] = {}
        for job in jobs:
            if job not in held.values():
                _submit(pool, job, running, on_done)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                rendered = _outcome(future, running.pop(future))
                waiting = held.pop(rendered.job.publication.locale.tag, None) \
                    if FORMATS[rendered.job.format].gives_page_map else None
                if waiting is not None:
                    _submit(pool, replace(waiting, page_map=rendered.page_map), running, on_done)
                on_done(rendered)
    except BaseException:
        _kill_workers(pool)
        raise
    pool.shutdown()


def render_one(job: RenderJob) -> Rendered:
    """Render one edition; any exception becomes the result's one-line error
    (with its traceback when it is not an ``EditionsError``, that is a bug)."""
    started = time.perf_counter()
    try:
        page_map = FORMATS[job.format].render(job.publication, job.templates, job.target, job.page_map)
    except EditionsError as error:
        return Rendered(job, error=one_line(str(error)))
    except Exception as error:   # noqa: BLE001 - one edition's bug must not stop the others
        return Rendered(job, error=cause(error), trace=traceback.format_exc())
    return Rendered(job, time.perf_counter() - started, page_map)


def cause(error: BaseException) -> str:
    """An unexpected exception in one line: its type and message."""
    message = one_line(str(error))
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def one_line(text: str) -> str:
    return " ".join(text.split())


def _submit(pool: ProcessPoolExecutor, job: RenderJob, running: dict, on_done) -> None:
    try:
        running[pool.submit(render_one, job)] = job
    except BrokenProcessPool:
        on_done(Rendered(job, error=WORKER_DIED))


def _outcome(future: Future, job: RenderJob) -> Rendered:
    """The worker's result for ``job``, or what went wrong around it (a result that
    could not be sent back, a worker that died) as the one-line error."""
    try:
        return replace(future.result(), job=job)
    except BrokenProcessPool:
        return Rendered(job, error=WORKER_DIED)
    except Exception as error:   # noqa: BLE001
        return Rendered(job, error=f"the worker failed: {cause(error)}", trace=traceback.format_exc())


def _start_worker(build: int, scratch: str) -> None:
    """In each worker as it starts: die with the build, and keep temporaries in its scratch folder.
    ``build``: the build's process id when the worker is its child (forked), else 0."""
    tempfile.tempdir, os.environ["TMPDIR"] = scratch, scratch
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    signal.signal(signal.SIGTERM, _end_group)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass        # not Linux: the check below and the build's own shutdown remain
    if build and os.getppid() != build:
        _end_group()     # the build died before the request took effect


def _end_group(*_signal) -> None:
    """End this worker and every program it started."""
    if os.getpgid(0) == os.getpid():
        os.killpg(0, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and what they started, without waiting for their editions."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            try:
                process.kill()
            except OSError:
                pass
    pool.shutdown(wait=True, cancel_futures=True)
