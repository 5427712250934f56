"""``safemig: allow`` comments: switching a rule off for one line or a whole file.

A writer who has a reason to keep a flagged word (a title they do not own, a term the person
chose for herself) says so next to it::

    <!-- safemig: allow victimhood.victim -->          Markdown, HTML
    # safemig: allow legal-status                      plain text (also // ...)
    <!-- safemig: allow-file metaphors.flood -->       the whole file

Ids are separated by commas or spaces; a theme name allows every rule of the theme. A comment
applies to its own line and, when it stands alone on its line, to the next line too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safemig.narrative.document import Allowances

_DIRECTIVE = re.compile(
    r"safemig:\s*allow(?P<scope>-file)?\s+"
    r"(?P<ids>[A-Za-z][A-Za-z0-9_.\-]*(?:[\s,]+[A-Za-z][A-Za-z0-9_.\-]*)*)"
)
_COMMENT_END = re.compile(r"\s*(?:-->|\*/)")


@dataclass(frozen=True)
class Directive:
    """One allow comment found on a source line (columns are 0-based, end exclusive)."""

    line: int
    start: int
    end: int
    ids: frozenset[str]
    whole_file: bool
    alone: bool


def find_directives(line: int, text: str, openers: Sequence[str]) -> list[Directive]:
    """Return the allow comments on one source line.

    Parameters
    ----------
    line
        The 1-based line number.
    text
        The line as written in the source.
    openers
        Comment openers that must precede ``safemig:`` (e.g. ``("<!--",)``); an empty
        sequence accepts a bare directive (used for DOCX paragraphs).
    """
    found = []
    for match in _DIRECTIVE.finditer(text):
        start = _opener_start(text, match.start(), openers)
        if start is None:
            continue
        end = match.end()
        closing = _COMMENT_END.match(text, end)
        end = closing.end() if closing else end
        ids = frozenset(part for part in re.split(r"[\s,]+", match["ids"]) if part)
        alone = not (text[:start].strip() or text[end:].strip())
        found.append(Directive(line, start, end, ids, bool(match["scope"]), alone))
    return found


def _opener_start(text: str, at: int, openers: Sequence[str]) -> int | None:
    """Return where the comment opening the directive at ``at`` starts, or None."""
    if not openers:
        return at
    before = text[:at].rstrip()
    for opener in openers:
        if before.endswith(opener):
            return len(before) - len(opener)
    return None


def allowances_from(directives: Iterable[Directive]) -> Allowances:
    """Collect directives into the :class:`Allowances` of one document."""
    whole_file: set[str] = set()
    by_line: dict[int, set[str]] = {}
    for directive in directives:
        if directive.whole_file:
            whole_file |= directive.ids
            continue
        by_line.setdefault(directive.line, set()).update(directive.ids)
        if directive.alone:
            by_line.setdefault(directive.line + 1, set()).update(directive.ids)
    return Allowances(frozenset(whole_file), {k: frozenset(v) for k, v in by_line.items()})
