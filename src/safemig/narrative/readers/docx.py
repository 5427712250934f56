"""DOCX reader built on python-docx.

Word files have no lines; a finding's "line" is the paragraph number (body paragraphs first,
then table cells in document order) and its column the character within the paragraph.
Paragraphs in a "Quote" or "Intense Quote" style are quotations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from safemig.narrative.allow import allowances_from, find_directives
from safemig.narrative.document import BlockBuilder, Document

_QUOTATION_STYLES = frozenset({"quote", "intense quote", "citation", "citation intense"})


def read_docx(path: str, source: Any) -> Document:
    """Return the :class:`Document` for a DOCX file already opened by python-docx.

    Parameters
    ----------
    path
        The file name, for findings.
    source
        A ``docx.document.Document``.
    """
    builder = BlockBuilder()
    directives = []
    for number, paragraph in enumerate(_paragraphs(source), start=1):
        text = paragraph.text
        found = find_directives(number, text, ())
        directives.extend(found)
        for directive in found:
            width = directive.end - directive.start
            text = text[: directive.start] + " " * width + text[directive.end :]
        builder.add(text, number, 1)
        builder.close(_paragraph_contexts(paragraph))
    language = source.core_properties.language or None
    return Document(
        path,
        tuple(builder.blocks),
        allowances_from(directives),
        language[:2].lower() if language else None,
    )


def _paragraphs(document: Any) -> Iterator[Any]:
    """Yield body paragraphs, then the paragraphs of every table cell."""
    yield from document.paragraphs
    seen = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:  # a merged cell is listed once per grid slot
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs


def _paragraph_contexts(paragraph: Any) -> frozenset[str]:
    """Return ``{"quotation"}`` for a paragraph in a quotation style."""
    style = paragraph.style.name.lower() if paragraph.style is not None else ""
    return frozenset({"quotation"}) if style in _QUOTATION_STYLES else frozenset()
