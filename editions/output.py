"""Writing into ``dist/``: every file is written whole or not at all.

A file is written to a temporary name in its final folder and renamed over
the old one, so an interrupted build leaves the previous edition intact. A
file whose bytes would not change is not touched.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


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
