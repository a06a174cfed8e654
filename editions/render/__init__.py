"""Rendering: a localized publication becomes an edition file.

Each format is one module with a ``render(publication, templates, target)``
function, registered in ``RENDERERS``. They share the page fragments pandoc
makes (``fragments``) and the Jinja environment with the locale's UI
catalog (``templating``); none of them inherits from another.
"""

from __future__ import annotations

from . import epub, html, pdf

RENDERERS = {"html": html.render, "epub": epub.render, "pdf": pdf.render}
FORMATS = tuple(RENDERERS)
