"""Shared fixtures: a small two-chapter publication written into a temporary folder."""

from __future__ import annotations

import os
import shutil
import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Builds made by the tests are stamped with a fixed time, so they can be compared.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1719187200")
sys.path.insert(0, str(ROOT))


def schemas_dir() -> Path:
    """The folder of the OASIS schemas: $EDITIONS_SCHEMAS, else ../shared/schemas next to the project."""
    given = os.environ.get("EDITIONS_SCHEMAS")
    return Path(given).resolve() if given else ROOT.parent / "shared" / "schemas"


def schema_path(relative: str) -> Path:
    """A schema file under schemas_dir(); when it is missing the test is skipped, or fails
    under EDITIONS_REQUIRE_SCHEMAS=1."""
    path = schemas_dir() / relative
    if not path.is_file():
        reason = f"schema {path} is missing (EDITIONS_SCHEMAS names the schemas folder)"
        if os.environ.get("EDITIONS_REQUIRE_SCHEMAS", "") not in ("", "0"):
            pytest.fail(f"{reason}; required by EDITIONS_REQUIRE_SCHEMAS", pytrace=False)
        pytest.skip(reason)
    return path


CHAPTER_ONE = """---
title: The First Chapter
---

An opening paragraph with *emphasis*, `code` and a [link](https://example.org/).[^n]

[^n]: A footnote that explains.

## A section {#section-one}

- first item
- second item with **strong** text

![A caption of the figure.](img/photo.png){#fig-photo alt="Alternative text." credit="Jane Doe"}

| Name | Value |
|------|-------|
| apples | many |

```
code is not translated
```

See [the second chapter](two.md#next-steps).
"""

CHAPTER_TWO = """---
title: The Second Chapter
---

## Next steps {#next-steps}

A closing paragraph that links back to [the section](one.md#section-one).
"""

PUBLICATION = """title: A Tiny Book
author: Ann Author
date: 2024-06-24
lang: en
publisher: Tiny Press
rights: All rights reserved.
identifier: urn:uuid:00000000-0000-4000-8000-000000000001
description: A book for tests.
chapters:
  - one.md
  - two.md
"""


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A small valid grey PNG."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def tmx(pairs: list[tuple[str, str]], lang: str) -> str:
    from xml.sax.saxutils import escape
    units = "".join(f'<tu><tuv xml:lang="en"><seg>{escape(s)}</seg></tuv>'
                    f'<tuv xml:lang="{lang}"><seg>{escape(t)}</seg></tuv></tu>\n' for s, t in pairs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
            f'segtype="paragraph" datatype="markdown" adminlang="en" o-tmf="test" creationtool="test" '
            f'creationtoolversion="1"/><body>\n{units}</body></tmx>\n')


FRENCH = [
    ("A Tiny Book", "Un tout petit livre"),
    ("The First Chapter", "Le premier chapitre"),
    ("An opening paragraph with *emphasis*, `code` and a [link](https://example.org/).[^1]",
     "Un paragraphe d’ouverture avec *emphase*, `code` et un [lien](https://example.org/).[^1]"),
    ("A footnote that explains.", "Une note qui explique."),
    ("A caption of the figure.", "Une légende de la figure."),
    ("Alternative text.", "Texte de remplacement."),
]


def write_project(root: Path, french: list[tuple[str, str]] = FRENCH) -> Path:
    (root / "content" / "img").mkdir(parents=True)
    (root / "content" / "publication.yaml").write_text(PUBLICATION, encoding="utf-8")
    (root / "content" / "one.md").write_text(CHAPTER_ONE, encoding="utf-8")
    (root / "content" / "two.md").write_text(CHAPTER_TWO, encoding="utf-8")
    (root / "content" / "img" / "photo.png").write_bytes(png_bytes())
    for tag in ("en", "fr", "ar"):
        folder = root / "locales" / tag / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "locales" / tag / "LC_MESSAGES" / "messages.po", folder / "messages.po")
        shutil.copy(ROOT / "locales" / tag / "locale.yaml", root / "locales" / tag / "locale.yaml")
    (root / "locales" / "fr" / "memory.tmx").write_text(tmx(french, "fr"), encoding="utf-8")
    (root / "locales" / "ar" / "memory.tmx").write_text(tmx([("A Tiny Book", "كتاب صغير جدا")], "ar"),
                                                        encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "tiny")


# The longest modules, longest first: `make test` gives whole modules to its workers in the
# order of this list (pytest-xdist's loadscope, --no-loadscope-reorder), then the others, most
# tests first. A long module of few tests given last (as ordering by count does) kept one
# worker busy for 20 s after the other had finished.
LONGEST_FIRST = ("build/test_survival.py", "validate/test_validate.py", "validate/test_long_edition.py",
                 "build/test_periodical.py", "exchange/test_omegat.py", "build/test_sample_editions.py",
                 "build/test_build.py", "report/test_site.py", "source/test_roundtrip.py",
                 "render/test_accessibility.py", "build/test_shards.py", "memory/test_leverage.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    modules = [Path(str(item.path)).relative_to(ROOT / "tests").as_posix() for item in items]
    counts = Counter(modules)
    order = {item: (LONGEST_FIRST.index(module), 0, "") if module in LONGEST_FIRST
             else (len(LONGEST_FIRST), -counts[module], module) for item, module in zip(items, modules)}
    items.sort(key=order.__getitem__)
