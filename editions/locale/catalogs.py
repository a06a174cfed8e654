"""UI catalogs: the words the templates and stages add, in every locale.

Messages are extracted with Babel from the templates and the package (the
same as ``pybabel extract -F babel.cfg``), kept in ``locales/messages.pot``,
and merged into each locale's ``LC_MESSAGES/messages.po`` (as ``pybabel
update`` does), so a translator works in an ordinary gettext catalog; each is
compiled to ``messages.mo`` beside it (as ``pybabel compile`` does).

At build time a translation whose placeholders do not fit its msgid is left out
of the compiled catalog (the msgid is shown instead) with a warning naming the
PO file and line: a catalog never stops a build (``read_catalog``).
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.checkers import PYTHON_FORMAT
from babel.messages.extract import DEFAULT_KEYWORDS, check_and_call_extract_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from .. import TOOL_ROOT
from ..errors import EditionsError, Issue, hint_command
from ..memory.po import check_po_lines
from ..model import Locale
from ..output import write_bytes
from .settings import CATALOG, LOCALES_DIR, cldr_locale, locale_tags

TEMPLATE = f"{LOCALES_DIR}/messages.pot"
MARKUP = re.compile(r"[<>]")


@functools.lru_cache(maxsize=None)
def extract(tool_dir: Path = TOOL_ROOT) -> Catalog:
    """Every UI message of the templates and the package.

    Only the folders that ``babel.cfg`` names are walked (``editions/``,
    ``templates/``): never ``node_modules/`` or a virtual environment."""
    catalog = Catalog(project="Editions", version="1", charset="utf-8")
    with (tool_dir / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    roots = {pattern.split("/", 1)[0] for pattern, _method in method_map}
    for path, line, message, comments, context in _extracted(tool_dir, method_map, options_map, roots):
        catalog.add(message, None, [(path, line)], auto_comments=comments, context=context)
    return catalog


# A Python file can hold a message only where one of Babel's keywords is called: the others
# are not tokenized at all (most of the package; tokenizing it was most of a full build's
# extraction time). What is extracted, and its order, are ``extract_from_dir``'s.
MAY_HOLD_MESSAGE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, DEFAULT_KEYWORDS)) + r")\s*\(")


def _extracted(tool_dir: Path, method_map, options_map, roots: set[str]):
    """Babel's ``extract_from_dir`` over the mapped roots, in its order (folders and files
    sorted), skipping the Python files that call no keyword."""
    for folder, folders, files in os.walk(tool_dir):
        folders[:] = sorted(name for name in folders if _within(tool_dir, Path(folder, name), roots))
        for name in sorted(files):
            path = Path(folder, name)
            if name.endswith(".py") and not MAY_HOLD_MESSAGE.search(path.read_text(encoding="utf-8")):
                continue
            yield from check_and_call_extract_file(path.as_posix(), method_map, options_map, None,
                                                   DEFAULT_KEYWORDS, (), True, dirpath=str(tool_dir))


def _within(tool_dir: Path, folder: Path, roots: set[str]) -> bool:
    """Whether Babel should walk ``folder``: one of the mapped roots or inside one."""
    relative = folder.relative_to(tool_dir).parts
    return bool(relative) and relative[0] in roots and "__pycache__" not in relative


def update_catalogs(root: Path, tags: list[str] | None = None) -> dict[str, list[str]]:
    """Bring the template and each locale's catalog in step; return untranslated ids."""
    template = extract()
    write_bytes(root / TEMPLATE, _po_bytes(template))
    untranslated = {}
    for tag in tags or locale_tags(root):
        path = root / LOCALES_DIR / tag / CATALOG
        shipped = TOOL_ROOT / LOCALES_DIR / tag / CATALOG     # the tool's own translation of its UI words
        if path.is_file() or shipped.is_file():
            with (path if path.is_file() else shipped).open("rb") as handle:
                catalog = read_po(handle, locale=cldr_locale(tag))
        else:
            catalog = Catalog(locale=cldr_locale(tag), project="Editions", charset="utf-8",
                              header_comment=f"# UI strings of the Editions templates: {tag}.",
                              last_translator="", language_team="")
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        write_bytes(path, _po_bytes(catalog))
        mo = io.BytesIO()
        write_mo(mo, catalog, use_fuzzy=False)
        write_bytes(path.with_suffix(".mo"), mo.getvalue())   # for other gettext tools; the build compiles its own
        untranslated[tag] = [m.id for m in catalog if m.id and not m.string]
    return untranslated


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class CompiledCatalog:
    """A locale's UI catalog as the build uses it: the MO bytes, and the warnings
    about the translations left out of them."""

    mo: bytes
    issues: tuple[Issue, ...]


def compile_catalog(root: Path, locale: Locale) -> bytes:
    """The locale's UI catalog compiled to MO (see ``read_catalog``)."""
    return read_catalog(root, locale).mo


def read_catalog(root: Path, locale: Locale) -> CompiledCatalog:
    """The locale's UI catalog compiled to MO; fuzzy entries are left out, and so is
    each translation whose placeholders do not fit its msgid (``placeholder_problem``),
    each with a ``ui-placeholder`` warning at ``locales/TAG/LC_MESSAGES/messages.po:LINE``.
    Raises ``EditionsError`` for a missing or unreadable catalog and for markup."""
    path = locale.folder / CATALOG
    where = f"{LOCALES_DIR}/{locale.tag}/{CATALOG}"
    if not path.is_file():
        raise EditionsError(f"UI catalog not found (run: {hint_command(root, 'catalogs')})", where)
    check_po_lines(path.read_bytes(), where)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=None, abort_invalid=True)
    except PoFileError as error:
        raise EditionsError(f"malformed PO: {error}", where, getattr(error, "lineno", None)) from None
    except (UnicodeDecodeError, LookupError) as error:
        raise EditionsError(f"unreadable PO: {error}", where) from None
    for message in catalog:
        if message.id and any(MARKUP.search(text or "") for text in _strings(message)):
            raise EditionsError("markup in a UI string is refused: UI strings are plain text",
                                where, message.lineno)
    issues = _drop_misfits(catalog, where)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    try:
        gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))     # as every renderer will read it
    except ValueError as error:      # its Plural-Forms header is no expression gettext reads
        raise EditionsError(f"the Plural-Forms header cannot be read: {error}", where,
                            _header_line(path, "Plural-Forms")) from None
    return CompiledCatalog(mo=buffer.getvalue(), issues=tuple(issues))


def _header_line(path: Path, name: str) -> int | None:
    """The line of a PO file where header field ``name`` is written, if any."""
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.lstrip('"').startswith(f"{name}:"):
            return number
    return None


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def _drop_misfits(catalog: Catalog, where: str) -> list[Issue]:
    """Empty every translation of ``catalog`` with a placeholder problem, so the msgid is
    published in its place; the warnings that say which and why."""
    issues = []
    for message in catalog:
        problem = placeholder_problem(catalog, message)
        if problem:
            message.string = ("",) * len(_strings(message)) if message.pluralizable else ""
            issues.append(Issue("ui-placeholder", "warning",
                                f"translation of UI string {_ids(message)[0]!r} left out, the original is "
                                f"shown: {problem}", f"{where}:{message.lineno}"))
    return issues


def placeholder_problem(catalog: Catalog, message: Message) -> str:
    """Why ``message``'s translation cannot stand in for its msgid, or "".

    Babel's ``python_format`` checker (``Catalog.check``) judges a placeholder the msgid
    lacks and one of another type (``%(nombre)s``, ``%(number)d`` for ``%(number)s``).
    Two more rules, as the templates fill UI strings (Jinja's new-style gettext applies
    ``%`` to every string, with the call's names): a translation must use every name of
    its msgid (one that drops ``%(translator)s`` would publish no name), and must take
    ``%`` formatting with those names (a lone ``%`` is written ``%%``)."""
    if not message.id or not any(_strings(message)):
        return ""
    errors = message.check(catalog)
    if errors:
        return str(errors[0])
    ids = _ids(message)
    for number, text in enumerate(_strings(message)):
        if not text:
            continue
        msgid = ids[min(number, len(ids) - 1)]
        problem = _format_problem(msgid, text, plural=message.pluralizable)
        if problem:
            return problem
    return ""


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]


def _format_problem(msgid: str, text: str, plural: bool) -> str:
    names = {match.group(1) for match in PYTHON_FORMAT.finditer(msgid) if match.group(1)}
    missing = names - {match.group(1) for match in PYTHON_FORMAT.finditer(text) if match.group(1)}
    if missing and not plural:    # a plural form may leave its count out ("one page")
        return "it leaves out " + ", ".join(f"%({name})s" for name in sorted(missing))
    try:
        text % {name: "" for name in names}
    except (ValueError, TypeError, KeyError) as error:
        return f"it cannot be filled in ({error}; write %% for a literal %)"
    return ""
