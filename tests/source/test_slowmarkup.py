"""What pandoc reads slowly, found before it reads: lines indented as lists hundreds deep,
and brackets nested or left open within a paragraph, outside code and math. The inputs come
from new users' trials: each way past the guards, and each sentence they wrongly refused."""

from __future__ import annotations

import pytest

from editions.source.slowmarkup import deep_indent, slow_brackets

FAR = " " * 300


@pytest.mark.parametrize("text, deep", [
    (" " * 256 + "x", None),                                   # at the limit
    (" " * 257 + "x", 1),
    ("\t" * 64 + "x\n" + "\t" * 64 + " x", 2),                 # a tab counts 4 columns
    ("> " + "  " * 200 + "- x", 1),                            # a list in a block quote
    (">" * 300 + " deep", 1),                                  # block quotes nest too
    ("```python\n" + FAR + "x\n```\n" + FAR + "y", 4),          # code, then a line after it
    ("````\n```\n" + FAR + "x\n````", None),                   # a shorter fence does not close it
    ("~~~\n```\n" + FAR + "x\n~~~", None),                    # nor one of the other character
    ("  ```\n" + FAR + "x\n  ``` \n", None),                    # fences may be indented, closed with spaces
    ("1. ```\n" + FAR + "x\n   ```", None),                    # a fence on a list item's line
    ("> ```\n> " + FAR + "x\n> ```", None),                    # and in a block quote
    ("```x```\n" + FAR + "- y", 2),                            # inline code, not a fence
    ("Intro.\f```\n" + FAR + "- y", 2),                        # a form feed breaks no line for pandoc
    ("One\u2028two\u2028three\n" + FAR + "- y", 2),             # nor U+2028
    ("a\r\n" + FAR + "- y", 2),
    ("Text\n" + FAR + "\nmore", None),                        # a line of spaces alone is a blank line
    ("```\n\n" + FAR + "- y", 3),                               # a fence nothing closes is text
    ("    ```\n" + FAR + "- y\n    ```", 2),                     # indented code, not a fence
    ("a\n" + "\r" + FAR + "- y", 2),                             # pandoc drops a lone carriage return
    ("a\n" + " " * 100 + "\r" + " " * 200 + "- y", 2),
    ("```` x\n" * 3 + "````\n" + FAR + "y", 5),                  # openers with info strings close nothing
])
def test_deep_indent_finds_the_first_line_indented_too_far_outside_fenced_code(text, deep):
    assert deep_indent(text) == deep


NESTED = "[" * 9 + "x" + "]" * 9


@pytest.mark.parametrize("text", [
    "no brackets",
    "a [link](x) and [b [c]] and [[[[[[[[eight]]]]]]]]",
    "[[[[[[[[x]]]]]]]] and [[[[[[[y]]]]]]]",                  # one group eight high and one seven: 1.33
    "[a] `" + NESTED + "` and ``[[[`[[[`` $" + NESTED + "$\n$$" + NESTED + "$$",   # code, math
    "```\n" + NESTED + "\n```\n[y]",                          # fenced code
    "\\[" * 20 + "x",                                         # escaped
    "Les intervalles " + "[0, 1), " * 6 + "couvrent [0, 6).",
    "Les intervalles [0, 1[, [1, 2[, [2, 3[, [3, 4[ et [4, 5[ forment une partition de [0, 5[.",
    "[a [b\n\n" * 10,                                         # open ones end with their paragraph
    "He said ``hello''.\n\n[a]\n\nShe said ``bye''.",
])
def test_brackets_pandoc_reads_at_once_pass(text):
    assert slow_brackets(text) is None


@pytest.mark.parametrize("text, found", [
    ("one\n\nsee " + NESTED, ("brackets nested more than 8 deep", 3)),
    ("[a " + NESTED + " b", ("brackets nested more than 8 deep", 1)),    # inside one left open
    ("[ [[[[[[[[x]]]]]]]] [[[[[[[[y]]]]]]]]", ("brackets nested 8 deep, with others", 1)),
    ("[[[[[[[[x]]]]]]]] " * 2, ("groups of brackets nested up to 8 deep, too many of them", 1)),
    ("[[[[[[[[x]]]]]]]]\n" * 15, ("groups of brackets nested up to 8 deep, too many of them", 2)),
    ("[a, " * 13, ("13 brackets left open in one paragraph", 1)),
    ("```\n" + NESTED, ("brackets nested more than 8 deep", 2)),          # an unclosed fence is text
    ("\\`" + NESTED + "\\`", ("brackets nested more than 8 deep", 1)),  # escaped backticks open no code
    ("\\$" + NESTED + "\\$", ("brackets nested more than 8 deep", 1)),
    ("He said ``hello''.\n\n" + NESTED + "\n\nShe said ``bye''.", ("brackets nested more than 8 deep", 3)),
])
def test_brackets_pandoc_reads_slowly_are_found_at_their_line(text, found):
    assert slow_brackets(text) == found
