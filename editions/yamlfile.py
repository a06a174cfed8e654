"""The project's YAML files (``publication.yaml``, ``locale.yaml``) as values, or one error.

A YAML alias (``*name``) repeats the node its anchor (``&name``) marks; nine aliases of a
node of nine aliases, seven levels deep, are 4.8 million strings once the metadata is
written out for pandoc or walked, from a file of a few hundred bytes. These files are
short settings a person writes, where repeating a value costs nothing, so an alias
(merge keys ``<<: *name`` included) is refused, naming its line, rather than expanded
up to some cap. Every YAML error is one line: the file, the line, the problem.
A Markdown chapter's metadata blocks, which pandoc reads (and expands) itself, are
scanned for aliases first (``refuse_aliases``).
"""

from __future__ import annotations

import yaml

from .errors import EditionsError

ALIAS_REFUSED = "YAML aliases (*name) are not read in this file: write the value out where it is repeated"


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only), stopping at the first alias."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, ALIAS_REFUSED, self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node):
        """A timestamp that is no real date (``2024-02-30``) stays its text, for the
        metadata checks to name, instead of raising ``ValueError``."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", _NoAliasLoader.construct_yaml_timestamp)


def load_yaml(text: str, where: str) -> object:
    """The data of YAML document ``text`` (plain data: mappings, lists, strings, numbers,
    dates); raises ``EditionsError`` naming ``where`` and the line for invalid YAML or an alias."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)   # a SafeLoader: plain data only
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise EditionsError(f"invalid YAML: {error.problem or error.context}", where,
                            mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise EditionsError(f"invalid YAML: {str(error).splitlines()[0]}", where) from None


def refuse_aliases(text: str, where: str, first_line: int = 1) -> None:
    """Raise ``EditionsError`` naming ``where`` and the line (``text`` starting on line
    ``first_line`` of the file) when YAML ``text`` holds an alias; only scanned, never
    composed, so an alias bomb costs nothing. Text that is no YAML is left to its reader."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                raise EditionsError(f"invalid YAML: {ALIAS_REFUSED}", where, first_line + token.start_mark.line)
    except yaml.YAMLError:
        return
