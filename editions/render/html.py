"""The HTML edition: one page per locale with its stylesheet and images."""

from __future__ import annotations

from pathlib import Path

from ..model import LocalizedPublication
from ..output import write_bytes
from ..source.svg import published_bytes
from .fragments import dist_image_path, html_fragments
from .templating import context, environment, font_stack, placeholder_images


def render(publication: LocalizedPublication, templates: Path, target: Path, page_map=None,
           page_template: str = "html/page.html") -> None:
    """Write ``target`` (the page) and, beside it, ``style.css`` and the images.
    ``page_map`` is not used: the HTML edition marks no print pages."""
    fragments = html_fragments(publication, image_prefix="")
    env = environment(templates, publication)
    values = context(publication, fragments, identifier=fragments.plain.get("identifier", ""),
                     placeholder_images=placeholder_images(publication),
                     body_fonts=font_stack(publication.locale.fonts.body),
                     heading_fonts=font_stack(publication.locale.fonts.heading))
    page = env.get_template(page_template).render(values)
    write_bytes(target.parent / "style.css",
                env.get_template("html/style.css").render(values).encode("utf-8"))
    for image in publication.images:
        write_bytes(target.parent / dist_image_path(image), published_bytes(publication.root, image))
    write_bytes(target, page.encode("utf-8"))


def render_review(publication: LocalizedPublication, templates: Path, target: Path) -> Path:
    """The review proof: the same page, every unit showing its state and source."""
    render(publication, templates, target, page_template="review/page.html")
    return target
