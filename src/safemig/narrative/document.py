"""The value every reader hands the checker: a document cut into blocks of text.

A *block* is a run of prose that a phrase may span (a paragraph, a heading, a list item, a
table cell). Every character of a block remembers where it came from in the source file, so a
finding can name the exact line and column even after markup, entities and code were removed.
For DOCX files the "line" is the paragraph number and the column the character in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Position = tuple[int, int]  # (line, column), both 1-based


@dataclass(frozen=True)
class Block:
    """A run of prose with the source position of each of its characters.

    Parameters
    ----------
    text
        The prose, markup removed.
    origins
        ``origins[i]`` is the (line, column) in the source of ``text[i]``.
    contexts
        Names of contexts the whole block sits in, e.g. ``{"quotation"}`` for a blockquote.
    """

    text: str
    origins: tuple[Position, ...]
    contexts: frozenset[str] = frozenset()

    def position(self, offset: int) -> Position:
        """Return the source (line, column) of the character at ``offset``."""
        return self.origins[min(offset, len(self.origins) - 1)]


@dataclass(frozen=True)
class Allowances:
    """Rules switched off by ``safemig: allow`` comments in a document.

    ``whole_file`` holds rule ids (or theme names) allowed everywhere; ``by_line`` maps a
    source line to the ids allowed on it.
    """

    whole_file: frozenset[str] = frozenset()
    by_line: dict[int, frozenset[str]] = field(default_factory=dict)

    def allows(self, rule_id: str, theme: str, line: int) -> bool:
        """Return True when ``rule_id`` (or its whole theme) is allowed on ``line``."""
        names = self.whole_file | self.by_line.get(line, frozenset())
        return rule_id in names or theme in names


@dataclass(frozen=True)
class Document:
    """A readable text: its blocks, its allowances and the language it declares (if any)."""

    path: str
    blocks: tuple[Block, ...]
    allowances: Allowances = Allowances()
    declared_language: str | None = None


class BlockBuilder:
    """Accumulate text pieces with their source positions into :class:`Block` values."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._chars: list[str] = []
        self._origins: list[Position] = []

    def add(self, text: str, line: int, column: int) -> None:
        """Append ``text`` whose first character sits at (line, column) in the source."""
        for char in text:
            self._chars.append(char)
            self._origins.append((line, column))
            if char == "\n":
                line, column = line + 1, 1
            else:
                column += 1

    def add_as(self, text: str, position: Position) -> None:
        """Append ``text`` with every character pointing at one source position.

        Used for an entity such as ``&eacute;`` or a span of markup replaced by a space.
        """
        for char in text:
            self._chars.append(char)
            self._origins.append(position)

    def close(self, contexts: frozenset[str] = frozenset()) -> None:
        """End the current block (if it holds any non-blank text)."""
        text = "".join(self._chars)
        if text.strip():
            self.blocks.append(Block(text, tuple(self._origins), contexts))
        self._chars, self._origins = [], []
