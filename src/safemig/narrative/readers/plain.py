"""Plain-text reader: paragraphs are separated by blank lines."""

from __future__ import annotations

from safemig.narrative.allow import allowances_from, find_directives
from safemig.narrative.document import BlockBuilder, Document

PLAIN_COMMENT_OPENERS = ("<!--", "#", "//")


def read_plain_text(path: str, source: str) -> Document:
    """Return the :class:`Document` for a plain-text ``source`` read from ``path``.

    Allow comments (``# safemig: allow ...``) are blanked out of the prose so their rule ids
    are not themselves checked.
    """
    builder = BlockBuilder()
    directives = []
    for number, line in enumerate(source.splitlines(), start=1):
        found = find_directives(number, line, PLAIN_COMMENT_OPENERS)
        directives.extend(found)
        for directive in found:
            width = directive.end - directive.start
            line = line[: directive.start] + " " * width + line[directive.end :]
        if not line.strip():
            builder.close()
            continue
        builder.add(line + "\n", number, 1)
    builder.close()
    return Document(path, tuple(builder.blocks), allowances_from(directives))
