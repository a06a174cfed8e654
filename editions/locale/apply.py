"""Localization: one locale's translations applied to a copy of the publication.

Walks the same slots as segmentation, so each unit's translation lands where
its source was read. A translation identical to the unit's text is the
source itself. Any other is untrusted: parsed as one paragraph of inline
Markdown, then validated against its source unit before it is used: it must
carry the unit's footnotes, point at exactly the links and images the source
points at, and carry exactly the source's raw HTML and TeX codes, attributes,
math and citations (anything else is refused, ``translation-markup-refused``,
naming the unit). A unit without a usable translation keeps its source text,
marked with the source language so that readers and hyphenation treat it right.
"""

from __future__ import annotations

import copy
import gettext
import io
import re
from collections import Counter
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from ..errors import Issue
from ..model import Locale, LocalizedPublication, Match, Publication, Unit
from ..source.ast import elements, span, stringify, walk_inlines
from ..source.segment import CREDIT_ATTRIBUTE, slots
from ..source.unittext import (
    as_inlines,
    as_plain_text,
    from_markdown,
    markup_signature,
    notes_of,
    restore_notes,
)
from .settings import cldr_locale
from .typography import typeset


def localize(publication: Publication, units: list[Unit], matches: list[Match], locale: Locale,
             catalog: bytes, source_tag: str,
             other_locales: tuple[tuple[str, str], ...] = (),
             review: dict[str, tuple[str, str]] | None = None,
             readings: dict[str, list | None] | None = None) -> LocalizedPublication:
    """The publication in ``locale``. With ``review`` (unit id -> state and its
    label), every unit is also wrapped in a span that shows its state and its
    source: the review proof, made from the same document as the edition.
    ``readings``: translations already read (``assess``'s), taken over, not read again."""
    meta = copy.deepcopy(publication.meta)
    chapters = [(c.path, copy.deepcopy(c.blocks)) for c in publication.chapters]
    places = slots(meta, chapters)
    issues: list[Issue] = []
    translated = _translations(places, units, matches, locale, issues, readings)
    fallbacks = []
    for place, unit, value in zip(places, units, translated):
        if value is not None:
            place.set(value)
        elif not locale.is_source:
            fallbacks.append(unit.id)
            _mark_source_language(place, source_tag, locale)
    unit_texts = tuple((unit.id, _plain(place.get())) for place, unit in zip(places, units))
    if review is not None:
        for place, unit in zip(places, units):
            _mark_for_review(place, unit, *review.get(unit.id, ("source", "source")))
    blocks = [block for _path, chapter in chapters for block in chapter]
    ui = gettext.GNUTranslations(io.BytesIO(catalog))
    cldr = cldr_locale(locale.tag)
    _label_figures(blocks, ui, cldr, source_tag, set(fallbacks), places, units)
    meta["lang"] = {"t": "MetaString", "c": locale.tag}
    meta["dir"] = {"t": "MetaString", "c": locale.direction}
    _close_void_elements(blocks)
    total = len(units)
    done = total if locale.is_source else total - len(fallbacks)
    return typeset(LocalizedPublication(
        locale=locale, source_locale=source_tag, slug=publication.slug, meta=meta, blocks=blocks,
        date_text=_date_text(publication.meta, cldr), catalog=catalog, images=publication.images,
        cover=publication.cover, root=publication.root,
        coverage=(done / total) if total else 1.0, units=total, fallbacks=tuple(fallbacks),
        issues=tuple(issues), other_locales=other_locales, unit_texts=unit_texts))


def _translations(places, units, matches, locale: Locale, issues: list[Issue],
                  readings: dict[str, list | None] | None = None) -> list:
    """The validated value for each slot, or None where the source stays."""
    values: list = [None] * len(units)
    if locale.is_source:
        return values
    wanted = [i for i, m in enumerate(matches) if m.published and m.target is not None]
    same = [i for i in wanted if matches[i].target == units[i].source]
    for index in same:
        # The unit's own text: the source itself, whatever spelling carries it.
        values[index] = copy.deepcopy(places[index].get())
    marked = [i for i in wanted if matches[i].target != units[i].source]
    parsed = from_markdown([matches[i].target for i in marked], f"memory of {locale.tag}", readings)
    placed: set[int] = set()
    for index, inlines in zip(marked, parsed):
        if id(inlines) in placed:
            inlines = copy.deepcopy(inlines)     # the same translation of two units: each its own copy
        placed.add(id(inlines))
        place, unit = places[index], units[index]
        source = as_inlines(place.get())
        code, problem = _problem(source, inlines, place.is_text)
        if problem:
            issues.append(Issue(code, "warning", f"{problem}; source text kept",
                                unit.location, locale.tag, unit=unit.id))
        elif place.is_text:
            values[index] = as_plain_text(inlines)
        else:
            values[index] = restore_notes(inlines, notes_of(source))
    return values


def _problem(source: list, inlines: list | None, plain: bool = False) -> tuple[str, str]:
    """(issue code, message) of what makes a translation unusable; ("", "") if nothing."""
    if inlines is None:
        return "translation-rejected", ("translation is not a single paragraph of text (or holds markup pandoc "
                                        "reads only very slowly, such as brackets nested deep)")
    if plain and as_plain_text(inlines) is None:
        return "translation-markup-refused", "translation of a plain-text unit carries markup"
    if restore_notes(inlines, notes_of(source)) is None:
        return "translation-rejected", "translation does not carry each footnote mark [^n] exactly once"
    if _targets(inlines) - _targets(source):
        return "translation-markup-refused", "translation links or images the source does not"
    extra = markup_signature(inlines) - markup_signature(source)
    if extra:
        return "translation-markup-refused", ("translation carries markup its source does not have: "
                                              + ", ".join(_describe(key) for key in sorted(extra)))
    # Markup the translation leaves out (a link, an attribute) is safe: QA reports it
    # (qa-markup-differs) and the translation is published, as CAT tools' tag QA does.
    return "", ""


def _describe(key: tuple) -> str:
    return " ".join(str(part) for part in key if part)[:120]


def _targets(inlines: list) -> Counter:
    found: Counter = Counter()
    for key, count in markup_signature(inlines).items():
        if key[0] in ("Link", "Image"):
            found[key[:2]] += count
    return found


VOID_ELEMENT = re.compile(r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b([^<>]*?)\s*/?>",
                          re.IGNORECASE)


def _close_void_elements(node) -> None:
    """Raw HTML void elements written as XML (``<br>`` becomes ``<br />``): the
    same in HTML, and the EPUB's XHTML stays well-formed."""
    if isinstance(node, list):
        for item in node:
            _close_void_elements(item)
    elif isinstance(node, dict):
        if node.get("t") in ("RawInline", "RawBlock") and node["c"][0] == "html":
            node["c"][1] = VOID_ELEMENT.sub(r"<\1\2 />", node["c"][1])
        else:
            _close_void_elements(node.get("c"))


def _plain(value) -> str:
    return value if isinstance(value, str) else stringify(value)


def _mark_source_language(place, source_tag: str, locale: Locale) -> None:
    attributes = [["lang", source_tag]]
    if locale.direction != cldr_locale(source_tag).text_direction:
        attributes.append(["dir", cldr_locale(source_tag).text_direction])
    if place.is_text:
        return  # plain-text places (credits) are marked where they are shown
    if place.kind == "alt":
        image_attr = place.holder[0]
        image_attr[2].extend(attributes)
        return
    place.set([span(list(place.get()), attributes)])


def _mark_for_review(place, unit: Unit, state: str, label: str) -> None:
    attributes = [["unit", unit.id], ["state", label], ["source", unit.source], ["title", f"{label}: {unit.source}"]]
    if place.is_text:
        return  # credits show their state through the figure's alt text and caption
    if place.kind == "alt":
        place.holder[0][2].extend([["state", label], ["title", f"{label}: {unit.source}"]])
        place.holder[0][1].extend(["unit", f"state-{state}"])
        return
    place.set([span(list(place.get()), attributes, ["unit", f"state-{state}"])])


def _label_figures(blocks, ui, cldr, source_tag: str, fallbacks: set[str], places, units) -> None:
    """Number figures and show their photo credit in the caption, in the locale's words."""
    untranslated_credits = {id(p.holder) for p, u in zip(places, units)
                            if p.kind == "credit" and u.id in fallbacks}
    number = 0
    for figure in elements(blocks, {"Figure"}):
        number += 1
        caption = figure["c"][1][1]
        label = ui.gettext("Figure %(number)s") % {"number": format_decimal(number, locale=cldr)}
        label_span = span([{"t": "Str", "c": label}], [], ["figure-label"])
        if caption and caption[0]["t"] in ("Plain", "Para"):
            caption[0]["c"][:0] = [label_span, {"t": "Space"}]
        else:
            caption.insert(0, {"t": "Plain", "c": [label_span]})
        for pair in _credits(figure):
            credit = [{"t": "Str", "c": pair[1]}]
            if id(pair) in untranslated_credits:
                credit = [span(credit, [["lang", source_tag]])]
            text = ui.gettext("Photo: %(credit)s")
            before, _, after = text.partition("%(credit)s")
            inlines = ([{"t": "Str", "c": before}] if before else []) + credit + (
                [{"t": "Str", "c": after}] if after else [])
            caption.append({"t": "Plain", "c": [span(inlines, [], ["credit"])]})


def _credits(figure: dict) -> list[list]:
    return [pair for image in walk_inlines(figure["c"][2]) if image["t"] == "Image"
            for pair in image["c"][0][2] if pair[0] == CREDIT_ATTRIBUTE]


def _date_text(meta: dict, cldr) -> str:
    """The publication date in the locale's long format; as written if not ISO 8601."""
    value = meta.get("date")
    if not value:
        return ""
    text = stringify(value["c"]) if value["t"] == "MetaInlines" else str(value["c"])
    try:
        return format_date(date.fromisoformat(text.strip()), "long", locale=cldr)
    except ValueError:
        return text
