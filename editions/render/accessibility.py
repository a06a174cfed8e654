"""What an edition may truthfully declare about its accessibility.

Owns the facts read from one locale's localized document (images and the
language of their alt text, figure captions, the heading outline, passages
left in the source language) and the EPUB accessibility metadata that
follows from them, in the edition's own words. It states nothing it has not
read: ``alternativeText`` only when every image has alt text in the
edition's language (a fallback in the source language does not count), and
a conformance claim only when the content facts hold *and* the publication
names who evaluated it (``accessibility-evaluator`` in publication.yaml),
since no automated check proves WCAG conformance alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..locale.typography import typeset_text
from ..model import LocalizedPublication
from ..source.ast import elements, stringify, walk_inlines
from ..source.rawhtml import tokens_of

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
EVALUATOR_FIELD = "accessibility-evaluator"


@dataclass(frozen=True)
class AccessFacts:
    """What the edition's content shows, counted."""

    images: int
    alt_missing: int          # images with no alt text at all
    alt_other_language: int   # images whose alt text is a fallback in another language
    figures: int
    figures_uncaptioned: int
    outline_ok: bool          # headings start at level 1 and never skip a level going down
    fallbacks: bool           # some passages are shown in the source language
    evaluator: str            # who evaluated the publication, as the publication says
    print_pages: bool = False  # the print edition's page numbers are marked and listed

    @property
    def alt_in_language(self) -> bool:
        return self.alt_missing == 0 and self.alt_other_language == 0

    @property
    def conforms(self) -> bool:
        return bool(self.evaluator) and self.alt_in_language and self.figures_uncaptioned == 0 \
            and self.outline_ok


def facts_of(publication: LocalizedPublication) -> AccessFacts:
    images = [i for i in walk_inlines(publication.blocks) if i["t"] == "Image"]
    raw_alts = _raw_image_alts(publication.blocks)
    figures = [b for b in _blocks_of(publication.blocks) if b["t"] == "Figure"]
    evaluator = publication.meta.get(EVALUATOR_FIELD)
    return AccessFacts(
        images=len(images) + len(raw_alts),
        alt_missing=sum(not stringify(i["c"][1]).strip() for i in images) + sum(not a.strip() for a in raw_alts),
        alt_other_language=sum(bool(stringify(i["c"][1]).strip()) and
                               _language(i["c"][0]) not in ("", publication.locale.tag) for i in images)
        # raw HTML is never translated: its alt text is in the source language
        + sum(bool(a.strip()) for a in raw_alts) * (publication.locale.tag != publication.source_locale),
        figures=len(figures),
        figures_uncaptioned=sum(not _caption_text(f) for f in figures),
        outline_ok=heading_outline_ok([b["c"][0] for b in _blocks_of(publication.blocks)
                                       if b["t"] == "Header"]),
        fallbacks=bool(publication.fallbacks),
        evaluator=stringify(evaluator["c"]) if evaluator and evaluator["t"] == "MetaInlines"
        else str((evaluator or {}).get("c", "")))


def metadata(facts: AccessFacts, ui, tag: str) -> dict:
    """Pandoc's EPUB accessibility fields, stated as far as ``facts`` make them true."""
    modes = ["textual", "visual"] if facts.images else ["textual"]
    sufficient = ["textual"] if facts.alt_in_language else []
    if facts.images:
        sufficient.append("textual,visual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if facts.images and facts.alt_in_language:
        features.append("alternativeText")
    return {"accessModes": _strings(modes), "accessModeSufficient": _strings(sufficient),
            "accessibilityFeatures": _strings(features), "accessibilityHazards": _strings(["none"]),
            "accessibilitySummary": {"t": "MetaString", "c": summary(facts, ui, tag)}}


def package_metadata(facts: AccessFacts) -> list[tuple[str, str]]:
    """Package metadata pandoc cannot be told: the conformance claim and its evaluator."""
    if not facts.conforms:
        return []
    return [("dcterms:conformsTo", CONFORMANCE), ("a11y:certifiedBy", facts.evaluator)]


def page_navigation_metadata(source: str) -> list[tuple[str, str]]:
    """What an EPUB may declare once it has page-break markers and a page-list taken from
    the print edition ``source``: both features, and where its page numbers come from
    (``pageBreakSource``, a property of the package's default vocabulary: EPUBCheck 5
    refuses it with the ``a11y:`` prefix)."""
    return [("schema:accessibilityFeature", "pageBreakMarkers"),
            ("schema:accessibilityFeature", "pageNavigation"), ("pageBreakSource", source)]


def summary(facts: AccessFacts, ui, tag: str) -> str:
    """The accessibility summary in the edition's language, sentence by sentence from the facts."""
    sentences = [ui.gettext("Text with headings, a table of contents and a logical reading order; "
                            "it can be resized and restyled.")]
    if facts.images and facts.alt_in_language:
        sentences.append(ui.gettext("Every image has a text alternative in the language of this edition."))
    elif facts.alt_missing:
        sentences.append(ui.gettext("Some images have no text alternative."))
    elif facts.alt_other_language:
        sentences.append(ui.gettext("Some images have a text alternative only in the original language."))
    if facts.figures and not facts.figures_uncaptioned:
        sentences.append(ui.gettext("Every figure has a caption."))
    if facts.print_pages:
        sentences.append(ui.gettext("The page numbers of the print edition are marked and listed."))
    if facts.fallbacks:
        sentences.append(ui.gettext("Passages not yet translated appear in the original language "
                                    "and are marked with their language."))
    sentences.append(ui.gettext("No flashing, motion or sound hazards."))
    return typeset_text(" ".join(sentences), tag)


def _strings(items: list[str]) -> dict:
    return {"t": "MetaList", "c": [{"t": "MetaString", "c": item} for item in items]}


def _language(attr: list) -> str:
    return next((value for key, value in attr[2] if key == "lang"), "")


def _caption_text(figure: dict) -> str:
    """The caption's own words, without the figure label and photo credit the build adds."""
    def words(node) -> str:
        if isinstance(node, list):
            return "".join(words(item) for item in node)
        if isinstance(node, dict):
            if node.get("t") == "Span" and {"figure-label", "credit"} & set(node["c"][0][1]):
                return ""
            return stringify([node]) if node.get("t") in ("Str", "Space") else words(node.get("c"))
        return ""
    return words(figure["c"][1][1]).strip()


def heading_outline_ok(levels: list[int]) -> bool:
    previous = 0
    for level in levels:
        if level > previous + 1:
            return False
        previous = level
    return True


def _raw_image_alts(blocks: list) -> list[str]:
    """The alt text of every image written in raw HTML ("" when it has none)."""
    alts = []
    for node in elements(blocks, {"RawBlock", "RawInline"}):
        if node["c"][0] == "html":
            alts += [dict(token.attrs).get("alt") or "" for token in tokens_of(node["c"][1])
                     if token.kind == "start" and token.name == "img"]
    return alts


def _blocks_of(node):
    """Every block, nested ones included, in document order."""
    return elements(node, BLOCK_TYPES)


BLOCK_TYPES = frozenset({"Para", "Plain", "Header", "Div", "BlockQuote", "BulletList", "OrderedList",
                         "DefinitionList", "LineBlock", "Figure", "Table", "CodeBlock", "RawBlock",
                         "HorizontalRule"})
