"""Markdown reader built on markdown-it-py (CommonMark, plus tables).

The parser finds the block structure (paragraphs, headings, list items, table cells, quotes,
code); each block's inline source is then mapped back to its source lines, with inline code,
link targets, HTML tags and emphasis markers masked so only the prose is checked.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from safemig.narrative.allow import allowances_from, find_directives
from safemig.narrative.document import BlockBuilder, Document

_FRONT_MATTER_LANGUAGE = re.compile(r"^(?:lang|language)\s*:\s*['\"]?([A-Za-z]{2})", re.M)
# Inline markup that is not prose. Code spans become a character that breaks phrases (a
# phrase never runs across code); the rest become spaces.
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_NOT_PROSE = re.compile(
    r"<!--.*?-->"  # HTML comment
    r"|\]\([^)]*\)"  # link or image target  [text](target)
    r"|<[A-Za-z/!][^>]*>"  # HTML tag or autolink
    r"|\\(?=[^\w\s])"  # backslash escape
    r"|[*_~]+"  # emphasis markers
    r"|!?\[|\]"  # link brackets
)


def read_markdown(path: str, source: str) -> Document:
    """Return the :class:`Document` for a Markdown ``source`` read from ``path``."""
    lines = source.splitlines()
    language, body_lines = _split_front_matter(lines)
    parser = MarkdownIt("commonmark").enable("table")
    builder = BlockBuilder()
    quote_depth = 0
    for token in parser.parse("\n".join(body_lines)):
        if token.type in ("blockquote_open", "blockquote_close"):
            quote_depth += 1 if token.type == "blockquote_open" else -1
        elif token.type == "inline" and token.map:
            _add_inline(builder, token, lines)
            builder.close(frozenset({"quotation"}) if quote_depth else frozenset())
    directives = [
        found
        for number, line in enumerate(lines, start=1)
        for found in find_directives(number, line, ("<!--",))
    ]
    return Document(path, tuple(builder.blocks), allowances_from(directives), language)


def _split_front_matter(lines: list[str]) -> tuple[str | None, list[str]]:
    """Return the language declared in YAML front matter and the lines with it blanked."""
    if not lines or lines[0].strip() != "---":
        return None, lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            header = "\n".join(lines[1:end])
            found = _FRONT_MATTER_LANGUAGE.search(header)
            blanked = [""] * (end + 1) + lines[end + 1 :]
            return (found.group(1).lower() if found else None), blanked
    return None, lines


def _add_inline(builder: BlockBuilder, token: Token, lines: list[str]) -> None:
    """Add an inline token's prose, line by line, at its source positions."""
    first_line = token.map[0] if token.map else 0
    for index, content_line in enumerate(token.content.split("\n")):
        number = first_line + index
        source_line = lines[number] if number < len(lines) else ""
        column = max(source_line.find(content_line), 0)
        builder.add(mask_inline_markup(content_line) + "\n", number + 1, column + 1)


def mask_inline_markup(text: str) -> str:
    """Return ``text`` with inline markup masked, keeping its length (so columns hold)."""
    text = _CODE_SPAN.sub(lambda m: "¦" * len(m.group(0)), text)
    return _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), text)
