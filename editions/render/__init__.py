"""Rendering: a localized publication becomes an edition file.

Each output format is one entry of ``FORMATS``: its renderer, where its file
goes in ``dist/`` and its media type. A renderer is
``render(publication, templates, target, page_map) -> PageMap | None``: it
writes ``target`` whole or not at all; the PDF renderer returns the print
edition's page map, which the build hands to the EPUB renderer for its
page-list (the others ignore it and return None). They share the page
fragments pandoc makes (``fragments``) and the Jinja environment with the
locale's UI catalog (``templating``); none of them inherits from another.

Adding a format is one module here and one entry below: the build, the
manifest, the site and the validators read this dict.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFormat:
    name: str
    module: str               # the renderer's module in this package, holding ``render``
    path: str                 # relative to dist/: {tag} the locale, {slug} the publication's slug
    media_type: str
    gives_page_map: bool = False    # its renderer returns the print page map
    takes_page_map: bool = False    # its renderer uses the print page map
    # Modules its renderer needs, imported by the build before it forks the render workers,
    # which then share them instead of each importing them (WeasyPrint: about 0.4 s each).
    preload: tuple[str, ...] = ()

    def path_of(self, tag: str, slug: str) -> str:
        return self.path.format(tag=tag, slug=slug)

    @property
    def render(self) -> Callable:
        """The renderer, imported when first used: a build with nothing to render loads none."""
        return importlib.import_module(f"{__name__}.{self.module}").render


FORMATS = {
    "html": OutputFormat("html", "html", "{tag}/index.html", "text/html"),
    "epub": OutputFormat("epub", "epub", "{tag}/{slug}.{tag}.epub", "application/epub+zip", takes_page_map=True,
                         preload=("weasyprint",)),
    "pdf": OutputFormat("pdf", "pdf", "{tag}/{slug}.{tag}.pdf", "application/pdf", gives_page_map=True,
                        preload=("weasyprint",)),
}
