"""Rendered reading pages, kept per results version, language and role.

A reading page (indicators, one indicator, a comparison, the methods) shows published
aggregates only; what differs between two people of the same role is their name and their
session's CSRF token, both in the page header. A page is therefore rendered once with two
random placeholders (:data:`NAME_SLOT`, :data:`CSRF_SLOT`) in place of them, kept as a
:class:`Template`, and filled in for each request with the viewer's own, escaped.

The cache lives in the app's :class:`safemig.web.app.Settings` and is emptied whenever the
results folder changes (a new ``safemig run``), so a page never outlives its figures. Its key
holds the role: one role's page is never served to another. It is bounded in bytes; the least
recently used pages go first.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from markupsafe import escape

#: Placeholders for the viewer's name and CSRF token: random for each process, letters and
#: digits only (autoescaping leaves them as they are), so no published text can hold them.
NAME_SLOT = "nameslot" + secrets.token_hex(16)
CSRF_SLOT = "csrfslot" + secrets.token_hex(16)
#: Memory given to rendered pages (each about 20-60 kB with its chart), per worker process.
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Template:
    """A rendered page cut at its placeholders: ``pieces[0] slot pieces[1] slot ...``."""

    pieces: tuple[bytes, ...]
    slots: tuple[str, ...]

    @classmethod
    def of(cls, html: str) -> Template:
        """Cut ``html`` at every :data:`NAME_SLOT` and :data:`CSRF_SLOT`."""
        pieces: list[bytes] = []
        slots: list[str] = []
        rest = html
        while True:
            found = [(rest.find(s), s) for s in (NAME_SLOT, CSRF_SLOT) if s in rest]
            if not found:
                break
            at, slot = min(found)
            pieces.append(rest[:at].encode())
            slots.append(slot)
            rest = rest[at + len(slot) :]
        pieces.append(rest.encode())
        return cls(tuple(pieces), tuple(slots))

    @property
    def size(self) -> int:
        """Bytes held."""
        return sum(len(p) for p in self.pieces)

    def fill(self, name: str, csrf: str) -> bytes:
        """The page of one viewer (both values HTML-escaped)."""
        values = {
            NAME_SLOT: str(escape(name)).encode(),
            CSRF_SLOT: str(escape(csrf)).encode(),
        }
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return b"".join(out)


class PageCache:
    """Rendered pages of one results version, least recently used dropped past ``max_bytes``."""

    def __init__(self, version: Hashable, max_bytes: int = MAX_BYTES) -> None:
        self.version = version
        self.max_bytes = max_bytes
        self._pages: OrderedDict[Hashable, Template] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: Hashable) -> Template | None:
        """The page kept under ``key``, if any."""
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: Hashable, page: Template) -> None:
        """Keep ``page`` (a page larger than the whole budget is not kept)."""
        if page.size > self.max_bytes:
            return
        old = self._pages.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._pages[key] = page
        self._bytes += page.size
        while self._bytes > self.max_bytes:
            _, dropped = self._pages.popitem(last=False)
            self._bytes -= dropped.size
