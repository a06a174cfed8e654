"""CSS written in a manuscript: what of it names a resource.

A style attribute (raw HTML, a Markdown ``{style=…}``) and an SVG's ``<style>`` and
presentation attributes are CSS, which a browser, a reading system or WeasyPrint
reads with the tokenizer of CSS Syntax Level 3: escapes are decoded (``\\75rl(`` is
``url(``), and ``url()``, ``image-set()``, ``@import`` and the like make them fetch a
file or a URL. Matching text with a pattern misses what the tokenizer decodes, so
the CSS is parsed here with tinycss2, which implements that same tokenizer, and
every reference is found in the parsed values, at any depth.

A reference is *outside* unless it is a fragment of the same document (``url(#g)``,
an SVG gradient): the files of a project reach an edition through its images and
links only, which are checked there. ``expression()`` (script in old browsers),
``attr()`` and ``var()`` inside a resource function (a URL assembled elsewhere) and
any ``@import`` count as outside references too. This module only finds and removes
them; the caller words the warning.
"""

from __future__ import annotations

import tinycss2

# Functions whose arguments are URLs (CSS Images 3/4, CSS Values 4), after any vendor prefix.
RESOURCE_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "cross-fade", "element"})
# Functions that are always refused: script (old Internet Explorer), or a value read from elsewhere.
REFUSED_FUNCTIONS = frozenset({"expression", "attr"})
REFUSED_AT_RULES = frozenset({"import", "namespace", "document"})


def _unprefixed(name: str) -> str:
    """``-webkit-image-set`` → ``image-set``: browsers read the prefixed forms alike."""
    if name.startswith("-") and "-" in name[1:]:
        return name[1:].split("-", 1)[1]
    return name


def outside_references(nodes) -> list[str]:
    """Every outside reference in ``nodes`` (tinycss2 nodes: tokens, blocks, functions,
    declarations, rules) and what they hold, each as a short description (``url(http://…)``,
    ``@import``, ``expression()``), in order."""
    found: list[str] = []
    for node in nodes or ():
        found += _references_of(node)
    return found


def _references_of(node) -> list[str]:
    kind = getattr(node, "type", "")
    if kind == "url":
        return [] if node.value.strip().startswith("#") else [f"url({node.value})"]
    if kind == "error" and node.kind == "bad-url":
        return ["url(…)"]          # a browser drops it; it is no fragment either
    if kind == "at-rule" and node.lower_at_keyword in REFUSED_AT_RULES:
        return [f"@{node.lower_at_keyword}"]
    if kind == "at-keyword" and node.lower_value in REFUSED_AT_RULES:
        return [f"@{node.lower_value}"]
    if kind == "function":
        name = _unprefixed(node.lower_name)
        if name in REFUSED_FUNCTIONS:
            return [f"{name}()"]
        if name in RESOURCE_FUNCTIONS:
            return _resource_arguments(name, node.arguments)
    held = [getattr(node, attribute, None) for attribute in ("prelude", "content", "value", "arguments")]
    return [found for part in held if isinstance(part, list) for found in outside_references(part)]


def _resource_arguments(name: str, arguments: list) -> list[str]:
    """The outside references among a resource function's arguments: a string is a URL there
    (``url("…")``, ``image-set("…" 1x)``), and a ``var()`` may be one."""
    found = []
    for argument in arguments:
        kind = getattr(argument, "type", "")
        if kind == "string" and not argument.value.strip().startswith("#"):
            found.append(f"{name}({argument.value})")
        elif kind == "function" and _unprefixed(argument.lower_name) in {"var", "env", "attr"}:
            found.append(f"{name}({argument.lower_name}(…))")
        else:
            found += _references_of(argument)
    return found


def references(text: str) -> list[str]:
    """The outside references of CSS ``text``: a style attribute, a style sheet or one value
    (an SVG presentation attribute, ``fill="url(…)"``). Read from its tokens alone, blocks and
    functions nested, whatever rules and declarations they make: what a parser's error
    recovery would drop is looked at too."""
    return outside_references(tinycss2.parse_component_value_list(text))


def without_references(text: str, stylesheet: bool = False) -> tuple[str, list[str]]:
    """``text`` (a style attribute's declarations, or a whole style sheet when ``stylesheet``)
    without the declarations and rules that name an outside reference, and those references;
    ``text`` itself when it names none. Should what is left still name one (CSS the rules
    above do not take apart), nothing is left."""
    found = references(text)
    if not found:
        return text, []
    nodes = tinycss2.parse_stylesheet(text) if stylesheet else tinycss2.parse_blocks_contents(text)
    cleaned, removed = _kept(nodes)
    return (cleaned, removed) if removed and not references(cleaned) else ("", found)


# At-rules holding rules or declarations, cleaned inside rather than dropped whole.
GROUPING_AT_RULES = frozenset({"media", "supports", "layer", "container", "scope"})


def _kept(nodes: list) -> tuple[str, list[str]]:
    """The CSS of ``nodes`` less what names an outside reference (a rule's or grouping
    at-rule's declarations one by one), and the references removed."""
    written, removed = [], []
    for node in nodes:
        kind = getattr(node, "type", "")
        grouping = kind == "at-rule" and node.lower_at_keyword in GROUPING_AT_RULES and node.content is not None
        if (kind == "qualified-rule" or grouping) and not outside_references(node.prelude):
            inner, taken = _kept(tinycss2.parse_blocks_contents(node.content))
            head = f"@{node.at_keyword}" if grouping else ""
            written.append(f"{head}{tinycss2.serialize(node.prelude)}{{{inner}}}")
            removed += taken
            continue
        taken = _references_of(node)
        removed += taken
        if not taken and kind != "error":     # what CSS cannot parse, a browser drops too
            written.append(node.serialize() + (";" if kind == "declaration" else ""))
    return "".join(written), removed
