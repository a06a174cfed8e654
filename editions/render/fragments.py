"""The HTML pieces every format shares: body, table of contents, metadata.

One pandoc call renders the localized body and each metadata field to HTML;
pandoc escapes all text, so a translation can never become markup here.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

from ..model import LocalizedPublication
from ..source import pandoc
from ..source.ast import elements, stringify
from ..source.rawhtml import rewrite_resources
from .templating import ui_translations


def N_(message: str) -> str:
    """A UI string to extract into the catalogs (Babel's ``N_`` keyword), translated later."""
    return message


# The label each kind of admonition (pandoc's fenced div ``::: note``) opens with, in the
# edition's language, as Sphinx, MkDocs and Quarto label theirs.
ADMONITION_LABELS = {"note": N_("Note"), "tip": N_("Tip"), "hint": N_("Hint"), "important": N_("Important"),
                     "warning": N_("Warning"), "caution": N_("Caution"), "danger": N_("Danger")}

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
    blocks = _labelled_admonitions(publication.blocks, ui_translations(publication).gettext)
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


def metadata_fragments(publication: LocalizedPublication) -> Fragments:
    """``html_fragments`` of the metadata alone (empty ``toc`` and ``body``): what the EPUB's
    title page, colophon and cover show, for a fraction of the body's pandoc call."""
    fragments = html_fragments(dataclasses.replace(publication, blocks=[]))
    return dataclasses.replace(fragments, toc="", body="")


def _labelled_admonitions(blocks: list, gettext) -> list:
    """A copy of ``blocks`` where each admonition without a title of its own opens with its
    kind's label (``ADMONITION_LABELS``, translated by ``gettext``) in a ``div.admonition-title``;
    ``blocks`` themselves when there is no admonition (most documents: no copy made)."""
    if not any(set(div["c"][0][1]) & ADMONITION_LABELS.keys() for div in elements(blocks, {"Div"})):
        return blocks
    blocks = copy.deepcopy(blocks)
    for div in elements(blocks, {"Div"}):
        (_id, classes, _pairs), content = div["c"]
        kind = next((c for c in classes if c in ADMONITION_LABELS), None)
        if kind is None or (content and content[0]["t"] == "Div" and "title" in content[0]["c"][0][1]):
            continue
        title = {"t": "Div", "c": [["", ["admonition-title"], []],
                                   [{"t": "Para", "c": [{"t": "Str", "c": gettext(ADMONITION_LABELS[kind])}]}]]}
        div["c"][1] = [title, *content]
    return blocks


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
