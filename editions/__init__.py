"""Editions: a multilingual publishing pipeline.

The package mirrors the stages of a build: ``source`` reads the publication,
``segment`` finds its translation units, ``memory`` and ``lookup`` find their
translations, ``localize`` makes one localized document per locale, ``render``
turns it into HTML, EPUB and PDF, and ``report`` writes the manifest.
``pipeline`` calls them in that order.
"""

__version__ = "0.1.0"
