"""The PDF edition's identity in its XMP metadata, as the EPUB states it in its package.

WeasyPrint writes an XMP stream only for PDF/A, PDF/UA and PDF/X; here the PDF gets
one always, with what WeasyPrint puts there (title, author, description, producer)
and, from ``editions.identifiers``: the edition's own identifier (``dc:identifier``),
for a translation the source-language PDF's identifier (``dc:source``), and the series
with the publication's place in it (``calibre:series`` with ``calibreSI:series_index``,
the form Calibre reads; ``dcterms:isPartOf`` as text).
"""

from __future__ import annotations

from xml.etree.ElementTree import (
    Element,
    SubElement,
    fromstring,
    register_namespace,
    tostring,
)

from .. import identifiers
from ..model import LocalizedPublication

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "dcterms": "http://purl.org/dc/terms/", "calibre": "http://calibre-ebook.com/xmp-namespace",
      "calibreSI": "http://calibre-ebook.com/xmp-namespace-series-index"}


def identity(publication: LocalizedPublication) -> Element:
    """An ``rdf:Description`` with the PDF edition's identifier, source and series."""
    config = identifiers.publication_config(publication.root, publication.slug)
    own = identifiers.edition_identifier(publication.root, publication.slug, publication.locale.tag, "pdf", config)
    description = Element(f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})
    SubElement(description, f"{{{NS['dc']}}}identifier").text = own
    if not publication.locale.is_source:
        SubElement(description, f"{{{NS['dc']}}}source").text = identifiers.edition_identifier(
            publication.root, publication.slug, publication.source_locale, "pdf", config)
    series = identifiers.series_of(config)
    if series:
        SubElement(description, f"{{{NS['dcterms']}}}isPartOf").text = f"{series.title} {series.number}".strip()
        entry = SubElement(description, f"{{{NS['calibre']}}}series", {f"{{{NS['rdf']}}}parseType": "Resource"})
        SubElement(entry, f"{{{NS['rdf']}}}value").text = series.title
        if series.number:
            SubElement(entry, f"{{{NS['calibreSI']}}}series_index").text = series.number
    return description


def with_identity(publication: LocalizedPublication, finisher):
    """A WeasyPrint finisher: ``finisher``, then the catalog's XMP metadata stream: WeasyPrint's
    own description of the document and the edition's identity, in one ``rdf:RDF``."""
    import pydyf
    for prefix, uri in NS.items():
        register_namespace(prefix, uri)
    description = identity(publication)

    def finish(document, pdf) -> None:
        finisher(document, pdf)
        rdf = fromstring(document.metadata.generate_rdf_metadata(None, None, None))
        rdf.append(description)
        packet = b"\n".join((b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>',
                              b'<x:xmpmeta xmlns:x="adobe:ns:meta/">', tostring(rdf), b"</x:xmpmeta>",
                              b'<?xpacket end="r"?>'))
        stream = pydyf.Stream([packet], {"Type": "/Metadata", "Subtype": "/XML"})
        pdf.add_object(stream)
        pdf.catalog["Metadata"] = stream.reference
    return finish
