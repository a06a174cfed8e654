"""Editions: a multilingual publishing pipeline.

One folder per stage of a build, each importing only the stages below it:
``source`` reads the publication and cuts it into translation units,
``memory`` reads translation memories and looks units up, ``locale`` does
one locale's work (assess, QA, apply the translations, typography,
preflight), ``render`` turns a localized publication into HTML, EPUB and
PDF, ``report`` writes the manifest, site, status and build state,
``exchange`` sends units to translators and merges what comes back, and
``validate`` runs the readers' validators on built editions.
``pipeline.build`` calls them in that order.
"""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE = Path(__file__).resolve().parent     # the code, part of every edition's key
TOOL_ROOT = PACKAGE.parent                    # the tool's folder: templates, babel.cfg, node_modules
TOOL_TEMPLATES = TOOL_ROOT / "templates"      # used when a project has no templates/ of its own


def tools_can_open(path: Path) -> bool:
    """Whether pandoc, Java and Node can be given ``path``: they read paths as UTF-8, and a
    name holding other bytes (which Python keeps as surrogate escapes) reaches them with
    U+FFFD in their place, another path."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
