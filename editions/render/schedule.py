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

With one worker (``--jobs 1``) there is no pool: the build renders each edition
in its own process, one after another, as a debugger or a profiler wants it and
where starting workers would cost more than they give (small books; the tests).
"""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
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


def render_all(batches: Iterable[list[RenderJob]], workers: int, on_done: Callable[[Rendered], None],
               planned: int = 0) -> None:
    """Render every job in a process pool of ``workers`` (default: one per core, at most
    ``planned``, the number of jobs expected); ``on_done`` is called in this process as
    each edition finishes, in finishing order.

    ``batches`` may be a generator that does work of its own before giving each batch (the
    build gives a locale's editions as soon as that locale's work is done): the pool renders
    the batches already given meanwhile, so the build's own work and the rendering overlap.
    Within a batch, a locale's EPUB waits for its PDF's page map. ``workers`` 1: every
    edition in this process, in the same order, with no pool."""
    if workers == 1:
        for jobs in batches:
            _render_here(jobs, on_done)
    else:
        _render_in_pool(batches, workers, on_done, planned)


def _render_in_pool(batches: Iterable[list[RenderJob]], workers: int, on_done: Callable[[Rendered], None],
                    planned: int) -> None:
    """``render_all`` with worker processes, forked once the first batch is given."""
    pool: ProcessPoolExecutor | None = None
    running: dict[Future, RenderJob] = {}
    held: dict[str, RenderJob] = {}
    try:
        try:
            for jobs in batches:
                if not jobs:
                    continue
                pool = pool or _pool(jobs, workers or min(max(planned, len(jobs)), os.cpu_count() or 1))
                _give(pool, jobs, running, held, on_done)
                _collect(pool, running, held, on_done, block=False)
        except Exception:
            # The build's own work failed (a later locale's): the editions already given are
            # finished and handed to ``on_done`` before the error goes on, so that what they
            # replace is recorded. Ctrl-C and a killed build stop the workers at once instead.
            while running:
                _collect(pool, running, held, on_done, block=True)
            raise
        while running:
            _collect(pool, running, held, on_done, block=True)
    except BaseException:
        if pool is not None:
            _kill_workers(pool)
        raise
    if pool is not None:
        pool.shutdown()


def _render_here(jobs: list[RenderJob], on_done: Callable[[Rendered], None]) -> None:
    """Render a batch's jobs in this process, PDFs first, each EPUB given its PDF's page map."""
    page_maps: dict[str, PageMap | None] = {}
    for job in _page_maps_first(jobs):
        tag = job.publication.locale.tag
        if FORMATS[job.format].takes_page_map and tag in page_maps:
            job = replace(job, page_map=page_maps[tag])
        rendered = render_one(job)
        if FORMATS[job.format].gives_page_map:
            page_maps[tag] = rendered.page_map
        on_done(rendered)


def _page_maps_first(jobs: list[RenderJob]) -> list[RenderJob]:
    """The jobs whose format gives a page map (the PDFs, also the longest) first."""
    return sorted(jobs, key=lambda job: not FORMATS[job.format].gives_page_map)


def _pool(jobs: list[RenderJob], workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers``, forked once the modules the renderers of ``jobs`` need are loaded."""
    for module in sorted({name for job in jobs for name in FORMATS[job.format].preload}):
        importlib.import_module(module)
    forked = "fork" in multiprocessing.get_all_start_methods()
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("fork") if forked else None,
                               initializer=_start_worker,
                               initargs=(os.getpid() if forked else 0, tempfile.gettempdir()))


def _give(pool: ProcessPoolExecutor, jobs: list[RenderJob], running: dict[Future, RenderJob],
          held: dict[str, RenderJob], on_done) -> None:
    """Submit a batch's jobs, PDFs first (the longest); hold each EPUB whose PDF is in the
    batch until that PDF's page map is back."""
    giving = {job.publication.locale.tag for job in jobs if FORMATS[job.format].gives_page_map}
    for job in _page_maps_first(jobs):
        if FORMATS[job.format].takes_page_map and job.publication.locale.tag in giving:
            held[job.publication.locale.tag] = job
        else:
            _submit(pool, job, running, on_done)


def _collect(pool: ProcessPoolExecutor, running: dict[Future, RenderJob], held: dict[str, RenderJob],
             on_done, block: bool) -> None:
    """Hand each finished edition to ``on_done`` (waiting for one when ``block``), and submit
    the EPUB a finished PDF's page map was held for."""
    finished, _ = wait(running, timeout=None if block else 0, return_when=FIRST_COMPLETED)
    for future in finished:
        rendered = _outcome(future, running.pop(future))
        waiting = held.pop(rendered.job.publication.locale.tag, None) \
            if FORMATS[rendered.job.format].gives_page_map else None
        if waiting is not None:
            _submit(pool, replace(waiting, page_map=rendered.page_map), running, on_done)
        on_done(rendered)


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
