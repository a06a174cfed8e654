"""Writing into ``dist/`` and ``build/``: every file is written whole or not at all, by one build at a time.

``dist/`` holds only what is published; the work files (the build state and lock,
exported translation files, review proofs, validator reports) go to ``build/``
(``work_folder``), beside it.

A file is written to a temporary name in its final folder and renamed over
the old one, so an interrupted build leaves the previous edition intact. A
file whose bytes would not change is not touched.

A build holds ``build/editions.lock`` (``build_lock``) from start to end; a
second build of the same project waits for it. Holding it, a build removes
what an interrupted one left: ``.NAME.XXXX.part`` files under ``dist/`` and
the scratch folder ``.editions-cache/tmp/`` where the build's temporaries go
(``scratch_folder``).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

WORK = "build"               # the project's work files, beside dist/
LOCK_FILE = "editions.lock"
SCRATCH = ".editions-cache/tmp"
WAITING = "waiting for another build of this project to finish…"


@contextmanager
def replacing(path: Path):
    """Yield a temporary path; on success it replaces ``path`` in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    with replacing(path) as temporary:
        temporary.write_bytes(data)
    return True


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_HELD: set[Path] = set()     # the work folders whose lock this process holds


def work_folder(root: Path) -> Path:
    """The project's ``build/``: what a build keeps for itself and for the people making the
    editions, never published."""
    return root / WORK


@contextmanager
def build_lock(work: Path, on_wait: Callable[[str], None]):
    """Hold the project's build lock for the block; when another build holds it, say so
    once through ``on_wait`` and wait. Processes forked inside the block share the lock,
    so it is free again only when the build and all its workers are gone. A process
    that holds it already (``build.py check``: a build, then the validators) goes on."""
    work.mkdir(parents=True, exist_ok=True)
    held = work.resolve()
    if held in _HELD:
        yield
        return
    handle = os.open(work / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(WAITING)
            fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD.add(held)
        try:
            yield
        finally:
            _HELD.discard(held)
    finally:
        os.close(handle)


def remove_leftovers(dist: Path) -> list[Path]:
    """Remove the temporary files an interrupted build left in ``dist``; call it holding
    the build lock. The paths removed."""
    removed = []
    for path in dist.rglob(".*.part"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def scratch_folder(root: Path):
    """An empty ``.editions-cache/tmp/`` that is, for the block, where temporary files go
    (``tempfile`` and ``TMPDIR``, which worker processes and the programs they start
    inherit); emptied again after it. Call it holding the build lock: what a killed
    build left there is removed."""
    folder = root / SCRATCH
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir, os.environ["TMPDIR"] = str(folder), str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved[0]
        if saved[1] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[1]
        shutil.rmtree(folder, ignore_errors=True)
