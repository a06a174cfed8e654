"""The catalog feeds of dist/: OPDS 1.2 (Atom) and OPDS 2.0 (JSON), valid against the
published schemas (EDITIONS_SCHEMAS: ``opds-1.2/opds.rnc``, ``opds-2.0/``,
``readium-webpub-manifest/``), one entry per locale with its EPUB and PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builds import run_build
from conftest import PUBLICATION, write_project
from lxml import etree
from report.opds import opds1_schema, opds2_validator

from editions.render import FORMATS

ATOM = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/terms/"}


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("feeds") / "tiny")
    (project / "content" / "publication.yaml").write_text(
        PUBLICATION + "cover-image: img/photo.png\nseries: {title: Tiny Tests, number: 3}\n", encoding="utf-8")
    result = run_build(project, "--locales", "en,fr")
    assert result.returncode == 0, result.stderr
    return project / "dist"


@pytest.fixture(scope="module")
def opds_rng(tmp_path_factory) -> etree.RelaxNG:
    return opds1_schema(tmp_path_factory.mktemp("rng"))


def manifest(dist: Path) -> dict:
    return {(e["locale"], e["format"]): e for e in json.loads((dist / "manifest.json").read_text())["editions"]}


def test_opds1_is_valid_against_the_opds_schema(released, opds_rng):
    document = etree.parse(str(released / "opds.xml"))
    assert opds_rng.validate(document), opds_rng.error_log


def test_opds1_has_an_entry_per_locale_with_its_editions(released):
    document = etree.parse(str(released / "opds.xml"))
    editions = manifest(released)
    entries = document.xpath("/a:feed/a:entry", namespaces=ATOM)
    assert [entry.xpath("string(dc:language)", namespaces=ATOM) for entry in entries] == ["en", "fr"]
    for entry in entries:
        tag = entry.xpath("string(dc:language)", namespaces=ATOM)
        assert entry.xpath("string(a:id)", namespaces=ATOM) == editions[tag, "epub"]["identifier"]
        assert editions[tag, "pdf"]["identifier"] in entry.xpath("dc:identifier/text()", namespaces=ATOM)
        assert entry.xpath("string(a:title)", namespaces=ATOM) == editions[tag, "epub"]["title"]
        assert entry.xpath("string(a:author/a:name)", namespaces=ATOM) == "Ann Author"
        assert entry.xpath("string(dc:issued)", namespaces=ATOM) == "2024-06-24"
        assert entry.xpath("string(a:summary)", namespaces=ATOM)
        acquisitions = {link.get("type"): link for link in entry.xpath(
            'a:link[@rel="http://opds-spec.org/acquisition/open-access"]', namespaces=ATOM)}
        assert set(acquisitions) == {FORMATS["epub"].media_type, FORMATS["pdf"].media_type}
        for fmt in ("epub", "pdf"):
            link = acquisitions[FORMATS[fmt].media_type]
            assert link.get("href") == editions[tag, fmt]["path"] and (released / link.get("href")).is_file()
            assert link.get("length") == str(editions[tag, fmt]["bytes"])
        for rel in ("http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"):
            href = entry.xpath(f'string(a:link[@rel="{rel}"]/@href)', namespaces=ATOM)
            assert (released / href).is_file()
    titles = [entry.xpath("string(a:title)", namespaces=ATOM) for entry in entries]
    assert titles == ["A Tiny Book", "Un tout petit livre"]


def test_opds2_is_valid_against_the_opds_schema(released):
    feed = json.loads((released / "opds.json").read_text(encoding="utf-8"))
    errors = sorted(opds2_validator().iter_errors(feed), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_opds2_validator_is_not_vacuous(released):
    feed = json.loads((released / "opds.json").read_text(encoding="utf-8"))
    for publication in feed["publications"]:
        publication["links"] = [link for link in publication["links"] if "acquisition" not in link["rel"]]
        publication["metadata"]["language"] = "not a tag!"
    assert len(list(opds2_validator().iter_errors(feed))) >= 2


def test_opds2_lists_each_locale_with_its_editions(released):
    feed = json.loads((released / "opds.json").read_text(encoding="utf-8"))
    editions = manifest(released)
    assert [p["metadata"]["language"] for p in feed["publications"]] == ["en", "fr"]
    for publication in feed["publications"]:
        meta, tag = publication["metadata"], publication["metadata"]["language"]
        assert meta["identifier"] == editions[tag, "epub"]["identifier"]
        assert editions[tag, "pdf"]["identifier"] in meta["altIdentifier"]
        assert meta["belongsTo"] == {"series": {"name": "Tiny Tests", "position": 3}}
        assert meta["published"] == "2024-06-24" and meta["author"] == "Ann Author" and meta["description"]
        links = {link["type"]: link for link in publication["links"]}
        for fmt in ("epub", "pdf"):
            assert links[FORMATS[fmt].media_type]["href"] == editions[tag, fmt]["path"]
            assert links[FORMATS[fmt].media_type]["size"] == editions[tag, fmt]["bytes"]
        assert all((released / image["href"]).is_file() for image in publication["images"])


def test_the_opds1_validator_is_not_vacuous(released, opds_rng):
    document = etree.parse(str(released / "opds.xml"))
    entry = document.xpath("/a:feed/a:entry", namespaces=ATOM)[0]
    entry.remove(entry.xpath("a:id", namespaces=ATOM)[0])
    assert not opds_rng.validate(document)
