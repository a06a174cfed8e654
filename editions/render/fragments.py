"""The HTML pieces every format shares: body, table of contents, metadata.

One pandoc call renders the localized body and each metadata field to HTML;
pandoc escapes all text, so a translation can never become markup here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..model import LocalizedPublication
from ..source import pandoc
from ..source.ast import elements, stringify
from ..source.rawhtml import rewrite_resources

FIELDS = ("title", "subtitle", "author", "publisher", "source", "rights", "description")
MARK = "<!--editions-fragment-->"
TEMPLATE = MARK.join(["$table-of-contents$", "$body$"] +
                     [f"$for({f})$$it$$sep$, $endfor$" for f in FIELDS])


@dataclass(frozen=True)
class Fragments:
    toc: str
    body: str
    meta: dict[str, str]        # field -> HTML
    plain: dict[str, str]       # field -> plain text (for <title>, PDF metadata)


def html_fragments(publication: LocalizedPublication, image_prefix: str | None = None,
                   toc_depth: int = 2) -> Fragments:
    """Render body and metadata; ``image_prefix`` rewrites project image paths."""
    blocks = publication.blocks
    if image_prefix is not None:
        blocks = _relocate_images(blocks, image_prefix)
    doc = pandoc.document(blocks, publication.meta)
    with pandoc.template_file(TEMPLATE) as template:
        out = pandoc.write(doc, "html5", ["--section-divs", "--toc", f"--toc-depth={toc_depth}",
                                          f"--template={template}", "--wrap=none",
                                          "--id-prefix=", "--html-q-tags"],
                           what=f"HTML of {publication.locale.tag}")
    parts = out.split(MARK)
    meta = {field: parts[2 + i].strip() for i, field in enumerate(FIELDS)}
    plain = {field: _plain(publication.meta.get(field)) for field in FIELDS}
    return Fragments(toc=parts[0].strip(), body=parts[1], meta=meta, plain=plain)


def _plain(value) -> str:
    if value is None:
        return ""
    if value["t"] == "MetaList":
        return ", ".join(_plain(item) for item in value["c"])
    if value["t"] == "MetaString":
        return value["c"]
    return stringify(value["c"])


def dist_image_path(path: str) -> str:
    """Where a project image goes inside an HTML edition's folder."""
    return path.removeprefix("content/")


def _relocate_images(blocks: list, prefix: str) -> list:
    return relocate_images(blocks, lambda path: prefix + dist_image_path(path))


def relocate_images(blocks: list, relocate) -> list:
    """A copy of ``blocks`` whose images (Markdown images and the resources raw HTML names,
    all project paths) are where ``relocate`` says."""
    blocks = copy.deepcopy(blocks)
    for image in elements(blocks, {"Image"}):
        image["c"][2][0] = relocate(image["c"][2][0])
    rewrite_resources(blocks, relocate)
    return blocks
