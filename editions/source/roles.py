"""Interpreted text (reStructuredText and MyST roles) as a reader sees it rendered.

Pandoc's reStructuredText reader keeps a role it has no element for (Sphinx's
``:class:`int```, ``:doc:`the guide <install>```) as inline code with the class
``interpreted-text`` and a ``role`` attribute. A MyST role (``{doc}`text```) is
the same construct in Markdown syntax (MyST's own definition), so the MyST
reading produces the same code, and ``elements`` turns the roles pandoc's
reST reader gives elements (``:emphasis:``, ``:sub:``, ``:math:``...) into them.

``rendered`` is what Sphinx's HTML shows for each role, the choice named here:

- cross-references to code objects (``class``, ``func``, ``py:meth``... any
  role of the ``py``, ``c``, ``cpp``, ``js`` domains) and literal roles
  (``file``, ``samp``, ``kbd``, ``command``...) are inline code of their
  display text;
- every other role (``doc``, ``ref``, ``term``, ``numref``, ``abbr``,
  ``guilabel``, ``menuselection``, unknown roles) is its display text as words;
  ``pep``/``rfc`` read "PEP 8"/"RFC 2822", ``dfn`` is emphasis.

The display text of ``title <target>`` is ``title``; ``~a.b.c`` shows ``c``;
a leading ``!`` (no link) is dropped. Sources: Sphinx's "Roles" and "Python
domain" documentation, MyST's "Roles and directives".

A ``doc`` or ``ref`` role may also become a link: ``rendered`` takes a ``link``
function, (role name, target) to a URL or None, that the caller gives (the
publication knows its chapters' anchors and ids; a memory guesses them). Without
a URL the role is its display text. A reST chapter is read through
``rendered_blocks``, the memory's messages through ``rendered``: one rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .ast import INLINE_TYPES
from .unittext import as_inlines

INTERPRETED = "interpreted-text"
CODE_DOMAINS = ("py", "c", "cpp", "js")
CODE_ROLES = {"class", "func", "meth", "mod", "attr", "exc", "data", "obj", "const", "type", "member",
              "var", "macro", "struct", "union", "enum", "enumerator", "expr", "texpr", "function",
              "file", "samp", "kbd", "command", "program", "option", "envvar", "makevar", "mimetype",
              "regexp", "token", "literal", "code", "keyword"}
WRAPPERS = {"emphasis": "Emph", "strong": "Strong", "sub": "Subscript", "subscript": "Subscript",
            "sup": "Superscript", "superscript": "Superscript", "dfn": "Emph"}
TITLED = re.compile(r"^(.*?)\s*<([^<>]*)>$", re.DOTALL)
LINKED = ("doc", "ref")
# (role name, target) -> URL of what it names, or None: the role is then its display text.
Resolver = Callable[[str, str], "str | None"]


def role_of(inline: dict) -> str | None:
    """The role of an interpreted-text code; None for any other inline."""
    if inline["t"] != "Code":
        return None
    attr = inline["c"][0]
    if INTERPRETED not in attr[1]:
        return None
    return dict(attr[2]).get("role", "")


def display(role: str, text: str) -> str:
    """The text a reader sees for a role's content."""
    titled = TITLED.match(text)
    if titled and titled.group(1):
        return titled.group(1)
    text = text.lstrip("!")
    if text.startswith("~"):
        text = re.split(r"[.:]", text[1:])[-1]
    if role == "abbr":
        return re.sub(r"\s*\(.*\)\s*$", "", text, flags=re.DOTALL)
    if role == "guilabel":
        return re.sub(r"&(.)", r"\1", text)
    if role == "menuselection":
        return re.sub(r"\s*-->\s*", " \u2023 ", text)
    if role in ("pep", "rfc"):
        return f"{role.upper()} {text}"
    return text


def target(text: str) -> str | None:
    """What a cross-reference names: ``target`` of ``title <target>``, else the text
    (without ``~``); None when a leading ``!`` says not to link."""
    titled = TITLED.match(text)
    if titled and titled.group(1):
        return titled.group(2).strip() or None
    if text.startswith("!"):
        return None
    return text.lstrip("~").strip() or None


def rendered_inline(role: str, text: str, link: Resolver | None = None) -> list:
    """One role's rendering as inlines (see the module's rules); a ``doc`` or ``ref``
    role is a link to the URL ``link`` gives for its target, when it gives one."""
    name = role.rsplit(":", 1)[-1]
    domain = role.split(":", 1)[0] if ":" in role else ""
    shown = display(name, text)
    named = target(text) if link is not None and name in LINKED and domain in ("", "std") else None
    url = link(name, named) if named else None
    if url:
        return [{"t": "Link", "c": [["", [], []], as_inlines(shown), [url, ""]]}]
    if name in CODE_ROLES or domain in CODE_DOMAINS:
        return [{"t": "Code", "c": [["", [], []], shown]}]
    if name == "math":
        return [{"t": "Math", "c": [{"t": "InlineMath"}, text]}]
    if name in WRAPPERS:
        return [{"t": WRAPPERS[name], "c": as_inlines(shown)}]
    return as_inlines(shown)


def elements(inlines: list) -> list:
    """Roles that pandoc's reST reader reads as elements, as those elements (for MyST)."""
    return merged(_map(inlines, lambda role, text: rendered_inline(role, text)
                       if role in WRAPPERS or role in ("math", "literal", "code") else None))


def rendered(inlines: list, link: Resolver | None = None) -> list:
    """Inlines with every role replaced by its rendering (``link``: see the module)."""
    return merged(_map(inlines, lambda role, text: rendered_inline(role, text, link)))


def rendered_blocks(node, link: Resolver | None = None):
    """A copy of ``node`` (blocks, or any fragment of pandoc's AST) with every role
    under it rendered, in notes, headings, tables and lists as in paragraphs; the
    inline lists without a role are left as they are."""
    if isinstance(node, dict):
        return {key: rendered_blocks(value, link) if key == "c" else value for key, value in node.items()}
    if not isinstance(node, list):
        return node
    items = [rendered_blocks(item, link) for item in node]
    inlines = items and all(isinstance(i, dict) and i.get("t") in INLINE_TYPES for i in items)
    if inlines and any(role_of(i) is not None for i in items):
        return rendered(items, link)
    return items


def merged(inlines: list) -> list:
    """Neighbouring words joined into one ``Str``, as a reader gives them (``guide.``)."""
    result: list = []
    for inline in inlines:
        if inline["t"] == "Str" and result and result[-1]["t"] == "Str":
            result[-1] = {"t": "Str", "c": result[-1]["c"] + inline["c"]}
        else:
            result.append(inline)
    return result


def has_roles(inlines: list) -> bool:
    found: list = []
    _map(inlines, lambda role, text: found.append(role))
    return bool(found)


def _map(inlines: list, replace) -> list:
    result = []
    for inline in inlines:
        role = role_of(inline)
        if role is not None:
            new = replace(role, inline["c"][1])
            result.extend([inline] if new is None else new)
        elif inline["t"] in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
                             "Underline"):
            result.append(dict(inline, c=_map(inline["c"], replace)))
        elif inline["t"] in ("Link", "Span", "Quoted", "Image"):
            content = inline["c"]
            result.append(dict(inline, c=[content[0], _map(content[1], replace), *content[2:]]))
        else:
            result.append(inline)
    return result
