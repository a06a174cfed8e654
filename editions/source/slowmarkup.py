"""Markdown that pandoc reads slowly, found before pandoc is asked to read it.

pandoc's Markdown reader takes exponential time on some short texts: square brackets
nested or left open within one paragraph (pandoc issue #1735, open since 2014: measured
here with pandoc 3.9, ``[[[[[[[[x]]]]]]]]`` 0.7 s, nine deep 1.9 s, ten 4.7 s, eleven 15 s,
fifteen groups eight deep 4.3 s; twelve ``[0, 1),`` in a row 0.85 s), and it slows with
about the cube of a list's depth (300 levels 0.9 s, 600 levels 6 s, 2,000 levels 281 s).
``slow_brackets`` and ``deep_indent`` find those in a text; a text that is slow for another
reason meets the time bound of every pandoc run (``pandoc.run_bytes``).

Lines are split as pandoc splits them (at ``\\n`` and ``\\r\\n``; a lone ``\\r`` it drops),
not at the other breaks ``str.splitlines`` knows (form feed, U+2028), so line numbers are
pandoc's. A fence is code only where pandoc makes it so: a closing fence follows it.
"""

from __future__ import annotations

import re

# Lists nest by indentation, two columns a level at least, and block quotes by ``>``. A
# chapter may nest 64 elements (formats.MAX_NESTING): no text a build keeps needs a line
# indented this far outside fenced code.
MAX_INDENT = 256
# A group of brackets nested this deep costs pandoc about 0.7 s, each level more about three
# times that; the groups of one text may cost as much as BRACKET_BUDGET such groups. Brackets
# left open in one paragraph cost less (twelve: 0.85 s with words between them).
MAX_BRACKETS, BRACKET_BUDGET, MAX_OPEN = 8, 1.5, 12

_INDENT = re.compile(r"[ \t>]*")
# (a tab counts 4 columns; a carriage return pandoc drops may stand among them)
_DEEP_ENOUGH = re.compile(r"^[ \t>\r]{%d,}" % (MAX_INDENT // 4), re.MULTILINE)
# A fence: after block quote markers, at most three spaces and maybe a list item's marker
# (``1. ```python``); four spaces make an indented code block of it.
_FENCE = re.compile(r"(?:[ \t]*>)*[ ]{0,3}(?:(?:[-+*]|\d+[.)])[ \t]+)?(`{3,}|~{3,})")
_LONGEST_FENCE = 16           # longer fences are taken as this long: closing is all that counts
_ESCAPED = re.compile(r"\\[^\n]")
# What pandoc's reader takes whole before it looks at a bracket inside: a code span (its
# closing run of backticks as long as the opening one) and TeX math between dollars, each
# within one paragraph.
_IN_PARAGRAPH = r"(?:(?!\n[ \t]*\n)[\s\S])"
_CODE_OR_MATH = re.compile(rf"(`+){_IN_PARAGRAPH}*?[^`]\1(?!`)|\$\${_IN_PARAGRAPH}+?\$\$"
                           r"|\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)")


def pandoc_lines(text: str) -> list[str]:
    """``text``'s lines as pandoc splits them, each line of a fenced code block (its fences
    included) left empty: code is never read as lists or brackets. A fence no later fence
    closes is text, as pandoc reads it."""
    lines = text.replace("\r\n", "\n").replace("\r", "").split("\n")
    fences = [_fence(line) for line in lines]
    closer = _next_closers(fences)
    number = 0
    while number < len(lines):
        if fences[number] and (end := closer[number]) is not None:
            lines[number:end + 1] = [""] * (end + 1 - number)
            number = end
        number += 1
    return lines


def _fence(line: str) -> tuple[str, int, bool] | None:
    """(character, length, whether it may close a block) of a fence line, or None."""
    found = _FENCE.match(line)
    if not found:
        return None
    rest = line[found.end():]
    if found.group(1)[0] == "`" and "`" in rest:
        return None                    # a backtick fence's info string holds no backtick: ```x``` is code inline
    return found.group(1)[0], min(len(found.group(1)), _LONGEST_FENCE), not rest.strip()


def _next_closers(fences: list[tuple[str, int, bool] | None]) -> list[int | None]:
    """For each fence line, the first later line that closes it (same character, as long or
    longer, nothing after it), or None; in one pass from the end."""
    nearest = {"`": [None] * (_LONGEST_FENCE + 1), "~": [None] * (_LONGEST_FENCE + 1)}
    closer: list[int | None] = [None] * len(fences)
    for number in range(len(fences) - 1, -1, -1):
        fence = fences[number]
        if fence is None:
            continue
        char, length, closes = fence
        found = [index for index in nearest[char][length:] if index is not None]
        closer[number] = min(found) if found else None
        if closes:
            nearest[char][length] = number
    return closer


def deep_indent(text: str) -> int | None:
    """The number (from 1) of the first line of ``text`` outside fenced code whose indentation
    (spaces, tabs to the next multiple of 4, and block quote markers) passes ``MAX_INDENT``
    columns before some text, or None."""
    if not _DEEP_ENOUGH.search(text):
        return None
    for number, line in enumerate(pandoc_lines(text), 1):
        indent = _INDENT.match(line).group(0)
        if len(indent) < len(line.rstrip()) and len(indent.expandtabs(4)) > MAX_INDENT:
            return number
    return None


def slow_brackets(text: str) -> tuple[str, int] | None:
    """Why pandoc would read ``text``'s square brackets slowly, and the line (from 1) where
    a worst group opens, or None. Counted per paragraph, outside fenced code, code spans and
    math; an escaped character is no bracket and opens no code. Each group of brackets closed
    one inside another costs ``3 ** (height - MAX_BRACKETS)`` (so a group ``MAX_BRACKETS``
    high costs 1); a text may cost ``BRACKET_BUDGET`` in all, and leave ``MAX_OPEN``
    brackets open in a paragraph."""
    if "[" not in text:
        return None
    outside = _ESCAPED.sub("  ", "\n".join(pandoc_lines(text)))
    outside = _CODE_OR_MATH.sub(lambda found: "\n" * found.group(0).count("\n"), outside)
    cost, stack = 0.0, []      # stack: [line it opened on, height of the groups inside, their cost]
    for number, line in enumerate([*outside.split("\n"), ""], 1):
        if not line.strip():       # a paragraph ends: what stays open is done
            if len(stack) > MAX_OPEN:
                return f"{len(stack)} brackets left open in one paragraph", stack[0][0]
            for opened, inside, inside_cost in stack:
                cost += inside_cost
                if cost > BRACKET_BUDGET:
                    return f"brackets nested {inside} deep, with others", opened
            stack.clear()
        for bracket in re.findall(r"[][]", line):
            if bracket == "[":
                stack.append([number, 0, 0.0])
            elif stack:
                opened, inside, _ = stack.pop()
                height = inside + 1
                if height > MAX_BRACKETS:
                    return f"brackets nested more than {MAX_BRACKETS} deep", opened
                group_cost = 3.0 ** (height - MAX_BRACKETS)
                if stack:
                    stack[-1][1] = max(stack[-1][1], height)
                    stack[-1][2] += group_cost
                    continue
                cost += group_cost
                if cost > BRACKET_BUDGET:
                    return f"groups of brackets nested up to {height} deep, too many of them", opened
    return None
