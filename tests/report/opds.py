"""The OPDS schemas the feed tests validate against (``EDITIONS_SCHEMAS``, see ``conftest.schema_path``):
OPDS 1.2 as RELAX NG (the compact syntax converted by Debian's ``trang``), OPDS 2.0 as JSON Schema
with the Readium schemas it refers to, resolved locally."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import schema_path
from lxml import etree


def opds1_schema(folder: Path) -> etree.RelaxNG:
    """``opds-1.2/opds.rnc`` converted into ``folder`` and read."""
    rnc = schema_path("opds-1.2/opds.rnc")
    schema_path("opds-1.2/atom.rnc")
    if not shutil.which("trang"):
        pytest.fail("trang is missing (Debian package trang, system-packages.txt group test)", pytrace=False)
    for name in ("opds.rnc", "atom.rnc"):
        shutil.copy(rnc.parent / name, folder / name)
    subprocess.run(["trang", str(folder / "opds.rnc"), str(folder / "opds.rng")], check=True)
    return etree.RelaxNG(etree.parse(str(folder / "opds.rng")))


def opds2_validator():
    """A Draft 7 validator of ``opds-2.0/feed.schema.json``; the schemas' ECMAScript named groups
    ``(?<name>…)`` are rewritten as Python's ``(?P<name>…)``."""
    import jsonschema
    from referencing import Registry, Resource
    named_group = re.compile(r"\(\?<(?![=!])")     # ECMAScript (?<name>...) is Python's (?P<name>...)
    feed_path = schema_path("opds-2.0/feed.schema.json")
    schema_path("readium-webpub-manifest/publication.schema.json")
    resources = []
    for folder in (feed_path.parent, feed_path.parent.parent / "readium-webpub-manifest"):
        for path in sorted(folder.rglob("*.schema.json")):
            contents = json.loads(named_group.sub("(?P<", path.read_text(encoding="utf-8")))
            resources.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    feed = registry.contents("https://specs.opds.io/schema/feed.schema.json")
    return jsonschema.Draft7Validator(feed, registry=registry, format_checker=jsonschema.FormatChecker())
