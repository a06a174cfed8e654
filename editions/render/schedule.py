"""Rendering many editions at once: one process per edition, two at a time per core.

Editions are independent, except that a locale's EPUB takes the page map its
PDF's layout gives: when both are to be rendered, the EPUB waits for the PDF
and receives its map. A renderer that fails with an expected error
(``EditionsError``) gives back one line, and the other editions go on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import EditionsError
from ..model import LocalizedPublication
from . import FORMATS
from .pages import PageMap


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
    error: str = ""                    # one line when the edition failed; nothing was written


def render_all(jobs: list[RenderJob], workers: int, on_done: Callable[[Rendered], None]) -> None:
    """Render every job in a process pool of ``workers`` (default: one per core);
    ``on_done`` is called in this process as each edition finishes, in finishing order."""
    if not jobs:
        return
    jobs = sorted(jobs, key=lambda job: not FORMATS[job.format].gives_page_map)   # longest first
    giving = {job.publication.locale.tag for job in jobs if FORMATS[job.format].gives_page_map}
    held = {job.publication.locale.tag: job for job in jobs
            if FORMATS[job.format].takes_page_map and job.publication.locale.tag in giving}
    with ProcessPoolExecutor(max_workers=workers or min(len(jobs), os.cpu_count() or 1)) as pool:
        running = {pool.submit(render_one, job): job for job in jobs if job not in held.values()}
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                rendered = future.result()
                running.pop(future)
                waiting = held.pop(rendered.job.publication.locale.tag, None) \
                    if FORMATS[rendered.job.format].gives_page_map else None
                if waiting is not None:
                    running[pool.submit(render_one, replace(waiting, page_map=rendered.page_map))] = waiting
                on_done(rendered)


def render_one(job: RenderJob) -> Rendered:
    """Render one edition; an ``EditionsError`` becomes the result's one-line error."""
    started = time.perf_counter()
    try:
        page_map = FORMATS[job.format].render(job.publication, job.templates, job.target, job.page_map)
    except EditionsError as error:
        return Rendered(job, error=str(error))
    return Rendered(job, time.perf_counter() - started, page_map)
