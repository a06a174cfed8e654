"""Quality checks on every translation that is published.

Each check is a small function over (source, target, locale tag) that returns
messages; ``CHECKS`` gives each its stable code and severity. Errors fail a
strict build, warnings are reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

import icu

from ..errors import Issue
from ..memory.languages import script_of
from ..model import Match, Unit
from ..source.ast import walk_inlines
from ..source.unittext import NOTE_MARK, from_markdown, markup_signature

DIGITS = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009' ]\d{3})*(?:[.,]\d+)?")
HAN_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百千万]+")
HAN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
HAN_COUNTERS = set("号次届期")
HAN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# Scripts whose writing ends sentences with no mark (Thai and Lao leave a space).
NO_SENTENCE_MARK = frozenset({"Thai", "Laoo"})
LENGTH_RANGE = {"Hans": (0.12, 0.9), "Hant": (0.12, 0.9), "Jpan": (0.15, 1.0), "Kore": (0.2, 1.2)}
DEFAULT_RANGE = (0.45, 2.6)


def ascii_digits(text: str) -> str:
    """``text`` with the digits of every numbering system (Unicode decimal digits: ४, ٣, ２)
    and full-width forms (U+FF01-FF5E: ，．) written as ASCII."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii()
                   else chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in text)


def numbers(text: str) -> list[int | str]:
    """The numbers a text states, written with digits of any numbering system or Han
    numerals, normalized."""
    found: list[int | str] = []
    text = ascii_digits(text)
    for raw in DIGITS.findall(text):
        found.append(re.sub(r"[.,\u00a0\u202f\u2009' ](?=\d{3}\b)", "", raw).replace(",", "."))
    for numeral in HAN_NUMERAL.finditer(text):
        counter = text[numeral.end():numeral.end() + 1]
        value = han_number(numeral.group(0), counted=counter in HAN_COUNTERS)
        if value is not None:
            found.append(str(value))
    return sorted(found, key=str)


def han_number(text: str, counted: bool = False) -> int | None:
    """十八 → 18, 二十一 → 21, 一万 → 10000; a lone 一 is the word "one" unless a
    counter follows it (一号, "No. 1")."""
    if text in ("一", "两") and not counted:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in HAN_DIGIT:
            current = current * 10 + HAN_DIGIT[ch] if current and text[0] not in HAN_UNIT else HAN_DIGIT[ch]
        else:
            total += (current or 1) * HAN_UNIT[ch]
            current = 0
    return total + current


def check_numbers(source: str, target: str, tag: str) -> str:
    missing = set(map(str, numbers(source))) - set(map(str, numbers(target)))
    return f"numbers of the source missing from the translation: {', '.join(sorted(missing))}" if missing else ""


MARKUP_KINDS = ("Emph", "Strong", "Code", "Link", "Strikeout", "Superscript", "Subscript", "Underline", "SmallCaps",
                "Span", "Image", "RawInline", "Math")


def check_markup(source: list | None, target: list | None) -> list[tuple[str, str, str]]:
    """(code, severity, message) for the inline markup of parsed source and translation.

    As CAT tools' tag QA does, markup that differs is a warning (``qa-markup-differs``): a
    translation that drops or adds an emphasis or a link of its source is published and
    reported. What is unsafe is an error (``qa-markup``): markup the source does not have
    (attributes, link targets, raw codes), or a translation that is not one paragraph."""
    if target is None:
        return [("qa-markup", "error", "translation is not a single paragraph (or holds markup pandoc reads only "
                                        "very slowly, such as brackets nested deep)")]
    found = []
    count = [sorted(i["t"] for i in walk_inlines(p or []) if i["t"] in MARKUP_KINDS) for p in (source, target)]
    if count[0] != count[1]:
        found.append(("qa-markup-differs", "warning", f"inline markup differs: {', '.join(count[0]) or 'none'} "
                      f"in the source, {', '.join(count[1]) or 'none'} in the translation"))
    unsafe = _unsafe_markup(source, target)
    changed = check_code(source, target)
    return found + ([("qa-markup", "error", unsafe)] if unsafe else []) + (
        [("qa-code", "error", changed)] if changed else [])


def check_code(source: list | None, target: list) -> str:
    """Inline code (```make```) is not translated: a code span of the translation whose
    content is not one of its source's, character for character, is an error (``qa-code``),
    since a reader copies and runs it (``make`` turned into ``rm -rf /``). A code span the
    translation leaves out is markup that differs (a warning, above)."""
    spans = [Counter(i["c"][1] for i in walk_inlines(p or []) if i["t"] == "Code") for p in (source, target)]
    changed = spans[1] - spans[0]
    if not changed:
        return ""
    return ("inline code changed by the translation (code is not translated): " + ", ".join(
        f"`{text[:60]}`" for text in changed) + "; the source has " + (
        ", ".join(f"`{text[:60]}`" for text in spans[0]) or "no code"))


def _unsafe_markup(source: list | None, target: list) -> str:
    extra = markup_signature(target) - markup_signature(source or [])
    if extra:
        return "markup the source does not have (attributes, targets, raw codes): " + ", ".join(
            " ".join(str(part) for part in key if part)[:80] for key in sorted(extra))
    return ""


def check_placeholders(source: str, target: str, tag: str) -> str:
    marks = sorted(NOTE_MARK.findall(source)), sorted(NOTE_MARK.findall(target))
    return "" if marks[0] == marks[1] else "footnote marks differ"


def check_raw_markup(source: str, target: str, tag: str) -> str:
    """HTML in a translation that its source does not have: it would only ever show as text."""
    tags = set(re.findall(r"</?[A-Za-z][\w-]*", target)) - set(re.findall(r"</?[A-Za-z][\w-]*", source))
    return f"markup in the translation that the source does not have: {', '.join(sorted(tags))}" if tags else ""


def check_empty(source: str, target: str, tag: str) -> str:
    return "translation is empty" if not target.strip() else ""


def check_identical(source: str, target: str, tag: str) -> str:
    return "translation is identical to the source" if (
        source.strip() == target.strip() and len(source.split()) >= 4) else ""


def check_latin_left(source: str, target: str, tag: str) -> str:
    if script_of(tag) == "Latn":
        return ""
    runs = re.findall(r"(?:\b[A-Za-z]+\b[\s,]+){3,}\b[A-Za-z]+\b", target)
    return f"untranslated Latin text left: '{runs[0].strip()[:40]}'" if runs else ""


def check_whitespace(source: str, target: str, tag: str) -> str:
    same = (source[:1].isspace() == target[:1].isspace()) and (source[-1:].isspace() == target[-1:].isspace())
    return "" if same else "leading or trailing whitespace differs"


def ending(text: str) -> str:
    """How a text ends: ``sentence`` (a Unicode Sentence_Terminal: . ! ? 。 । ؟ ።),
    ``clause`` (other Terminal_Punctuation: , ; : 、 ، ؛) or ``none``; closing quotes,
    brackets and emphasis marks are looked through."""
    stripped = text.rstrip(" *_`\"'”’“‘»«›‹)]）」』》〉\u00a0")
    if re.search(r"\d\s\w{1,3}\.$", stripped):
        stripped = stripped[:-1]   # a unit's abbreviation point ("2025 г."), not a full stop
    last = stripped[-1:]
    if last and icu.Char.hasBinaryProperty(last, icu.UProperty.S_TERM):
        return "sentence"
    if last and icu.Char.hasBinaryProperty(last, icu.UProperty.TERMINAL_PUNCTUATION):
        return "clause"
    return "none"


def check_end_punctuation(source: str, target: str, tag: str) -> str:
    a, b = ending(source), ending(target)
    if b == "none" and a == "sentence" and script_of(tag) in NO_SENTENCE_MARK:
        return ""
    return "" if a == b or {a, b} == {"sentence", "clause"} else f"end punctuation differs ({a} in the source, {b} in the translation)"


def check_length(source: str, target: str, tag: str) -> str:
    if len(source) < 40:
        return ""
    low, high = LENGTH_RANGE.get(script_of(tag), DEFAULT_RANGE)
    ratio = len(target) / len(source)
    return "" if low <= ratio <= high else f"length ratio {ratio:.2f} outside {low}–{high}"




# Unicode's explicit directional formatting characters (UAX #9 2.1-2.2): embeddings and
# overrides, U+202A-202E, and isolates, U+2066-2069. The marks U+200E, U+200F, U+061C
# embed nothing and are not among them.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
BIDI_OVERRIDES = frozenset({"\u202d", "\u202e"})     # LEFT-TO-RIGHT and RIGHT-TO-LEFT OVERRIDE


def _added_bidi(source: str, target: str) -> Counter:
    return Counter(ch for ch in target if ch in BIDI_CONTROLS) - Counter(ch for ch in source if ch in BIDI_CONTROLS)


def _bidi_names(added: Counter) -> str:
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch)}" for ch in sorted(added))


def check_bidi_override(source: str, target: str, tag: str) -> str:
    """A directional override the source does not have: it draws the characters after it in
    the order it forces, so the text a reader sees is not the text of the memory (the
    "Trojan Source" spoof, Unicode Technical Standard #55). No ordinary translation needs
    one, in any direction; an error: the translation is withheld."""
    added = Counter({ch: n for ch, n in _added_bidi(source, target).items() if ch in BIDI_OVERRIDES})
    return f"directional override added by the translation: {_bidi_names(added)}" if added else ""


def check_bidi_controls(source: str, target: str, tag: str) -> str:
    """An embedding or isolate the source does not have (U+202A-202C, U+2066-2069): a
    right-to-left translator, or the CAT tool, may put one around a left-to-right name to
    order it, so it is published, kept as written (removing it could reorder a correct
    translation's words); a warning names each one for a reviewer, and fails a strict build."""
    added = Counter({ch: n for ch, n in _added_bidi(source, target).items() if ch not in BIDI_OVERRIDES})
    return f"directional formatting characters added by the translation: {_bidi_names(added)}" if added else ""


CHECKS = (
    ("qa-empty", "error", check_empty),
    ("qa-raw-markup", "error", check_raw_markup),
    ("qa-placeholders", "error", check_placeholders),
    ("qa-bidi-override", "error", check_bidi_override),
    ("qa-bidi-controls", "warning", check_bidi_controls),
    ("qa-numbers", "warning", check_numbers),
    ("qa-identical", "warning", check_identical),
    ("qa-latin-left", "warning", check_latin_left),
    ("qa-whitespace", "warning", check_whitespace),
    ("qa-end-punctuation", "warning", check_end_punctuation),
    ("qa-length-ratio", "warning", check_length),
)


def check_translations(units: list[Unit], matches: list[Match], tag: str,
                       readings: dict[str, list | None] | None = None) -> list[Issue]:
    """Every check on every published translation; markup is compared on the
    parsed texts, all parsed in one call (``readings``: as ``from_markdown``'s ``known``)."""
    pairs = [(u, m) for u, m in zip(units, matches)
             if m.published and m.target is not None]
    parsed = from_markdown([text for u, m in pairs for text in (u.source, m.target)], "qa", readings)
    issues = []
    for number, (unit, match) in enumerate(pairs):
        source, target = unicodedata.normalize("NFC", unit.source), unicodedata.normalize("NFC", match.target)
        for code, severity, message in check_markup(parsed[2 * number], parsed[2 * number + 1]):
            issues.append(Issue(code, severity, message, unit.location, tag, unit=unit.id))
        for code, severity, check in CHECKS:
            message = check(source, target, tag)
            if message:
                issues.append(Issue(code, severity, message, unit.location, tag, unit=unit.id))
    return issues


def withhold(matches: list[Match], issues: list[Issue]) -> list[Match]:
    """Matches whose translation has a QA error are not published: the source stays."""
    failed = {i.unit for i in issues
              if i.severity == "error" and i.code.startswith("qa-")}
    return [replace(m, published=False, suggestion=m.suggestion or (m.target or ""))
            if m.unit_id in failed and m.published else m for m in matches]
