"""The pages of ``dist/`` for the publisher: ``index.html`` lists every edition,
``status.html`` every locale's translation status. In English: they are not
editions, so they are not localized."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ..model import Edition, LocaleStatus
from ..output import write_bytes
from ..render import FORMATS
from .manifest import LEVELS


def write_site(dist: Path, templates: Path, editions: list[Edition], statuses: list[LocaleStatus]) -> None:
    """Write ``dist/index.html`` and ``dist/status.html`` from ``templates/site/``."""
    import jinja2  # here: a build with nothing to do writes no page and need not load it
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    by_locale: dict[str, dict[str, Edition]] = {}
    for edition in editions:
        by_locale.setdefault(edition.locale, {})[edition.format] = edition
    values = {"editions": by_locale, "statuses": [asdict(status) for status in statuses], "levels": LEVELS,
              "output_formats": tuple(FORMATS)}
    for name in ("index.html", "status.html"):
        page = env.get_template(f"site/{name}").render(values)
        write_bytes(dist / name, page.encode("utf-8"))
