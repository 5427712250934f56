"""HTML reader built on the standard library's :mod:`html.parser`.

Block-level elements end a block (a phrase never runs from one paragraph into the next);
``<blockquote>`` and ``<q>`` mark quotations; ``<script>``, ``<style>``, ``<code>`` and
``<pre>`` are not prose and are skipped. Entities keep the position of their ``&``.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

from safemig.narrative.allow import allowances_from, find_directives
from safemig.narrative.document import BlockBuilder, Document

# One string reads better than one tag per line.
_BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body br dd details div dl dt figcaption figure footer "  # noqa: SIM905
    "form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p section summary table tbody td "
    "tfoot th thead title tr ul".split()
)
_SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "pre", "template", "noscript"})
_QUOTATION_ELEMENTS = frozenset({"blockquote", "q"})


class _ProseCollector(HTMLParser):
    """Collect the prose of an HTML page into blocks with source positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = BlockBuilder()
        self.language: str | None = None
        self._skipping = 0
        self._quoting = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.language = _language_attribute(attrs) or self.language
        self._enter_or_leave(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        self._enter_or_leave(tag, -1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_ELEMENTS:
            self._close_block()

    def _enter_or_leave(self, tag: str, step: int) -> None:
        if tag in _BLOCK_ELEMENTS or tag == "q":
            self._close_block()
        if tag in _SKIPPED_ELEMENTS:
            self._skipping = max(self._skipping + step, 0)
        if tag in _QUOTATION_ELEMENTS:
            self._quoting = max(self._quoting + step, 0)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            line, offset = self.getpos()
            self.builder.add(data, line, offset + 1)

    def handle_entityref(self, name: str) -> None:
        self._add_reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._add_reference(f"&#{name};")

    def _add_reference(self, reference: str) -> None:
        if not self._skipping:
            line, offset = self.getpos()
            self.builder.add_as(unescape(reference), (line, offset + 1))

    def _close_block(self) -> None:
        self.builder.close(frozenset({"quotation"}) if self._quoting else frozenset())


def _language_attribute(attrs: list[tuple[str, str | None]]) -> str | None:
    """Return the two-letter language of a ``lang`` attribute (``fr-NE`` gives ``fr``)."""
    value = dict(attrs).get("lang")
    return value[:2].lower() if value else None


def read_html(path: str, source: str) -> Document:
    """Return the :class:`Document` for an HTML ``source`` read from ``path``."""
    collector = _ProseCollector()
    collector.feed(source)
    collector.close()
    collector._close_block()
    directives = [
        found
        for number, line in enumerate(source.splitlines(), start=1)
        for found in find_directives(number, line, ("<!--",))
    ]
    return Document(
        path, tuple(collector.builder.blocks), allowances_from(directives), collector.language
    )
