"""Check documents against the narrative rules; the entry points the products build calls.

>>> from safemig.narrative import check_text
>>> [f.rule.id for f in check_text("The report counts illegal migrants.", "en")]
['legal-status.illegal-migrant']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from safemig.errors import RequestError
from safemig.narrative.contexts import (
    covers,
    legal_citation_spans,
    quotation_spans,
    sentence_spans,
)
from safemig.narrative.document import Block, Document
from safemig.narrative.language import detect_language
from safemig.narrative.matching import TextWord, find_matches, words_of
from safemig.narrative.readers import read_document, read_string
from safemig.narrative.rules import LANGUAGES, Rule, load_rules


@dataclass(frozen=True)
class Finding:
    """A flagged phrase: where it is (1-based line and column, end exclusive) and its rule.

    ``matched`` is the flagged prose with markup removed and spaces collapsed.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    matched: str
    rule: Rule
    text_language: str


@dataclass(frozen=True)
class GeneratedText:
    """A text held in memory (e.g. a generated report) with the name findings will carry."""

    name: str
    text: str
    text_format: str = "markdown"


@cache
def bundled_rules() -> tuple[Rule, ...]:
    """Return the rules shipped with safemig (loaded once)."""
    return load_rules()


def check_document(
    document: Document, language: str | None = None, rules: tuple[Rule, ...] | None = None
) -> list[Finding]:
    """Return the findings in a document read by :mod:`safemig.narrative.readers`.

    Parameters
    ----------
    document
        The document.
    language
        ``"en"`` or ``"fr"``; by default the language the document declares, else the one
        detected from its words.
    rules
        The rules to apply (the bundled ones by default); only those of the language apply.

    Raises
    ------
    RequestError
        If ``language`` is not ``"en"`` or ``"fr"``.
    """
    language = language or text_language(document)
    if language not in LANGUAGES:
        raise RequestError(f"text language {language!r} is not supported; use en or fr")
    active = tuple(r for r in rules or bundled_rules() if r.language == language)
    findings: list[Finding] = []
    for block in document.blocks:
        findings.extend(_block_findings(document, block, language, active))
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule.id))


def text_language(document: Document) -> str:
    """Return the document's declared language if supported, else the detected one."""
    if document.declared_language in LANGUAGES:
        return document.declared_language
    return detect_language(" ".join(block.text for block in document.blocks))


def _block_findings(
    document: Document, block: Block, language: str, rules: tuple[Rule, ...]
) -> Iterator[Finding]:
    words = words_of(block.text, language)
    quotations = quotation_spans(block.text)
    citations = legal_citation_spans(block.text, language)
    for match in find_matches(block.text, words, rules):
        rule = match.rule
        if "quotation" in rule.allowed_inside and (
            "quotation" in block.contexts or covers(quotations, match.start, match.end)
        ):
            continue
        if "legal_citation" in rule.allowed_inside and covers(citations, match.start, match.end):
            continue
        if rule.lifted_by and _sentence_lifts(block.text, words, match.start, rule, language):
            continue
        line, column = block.position(match.start)
        if document.allowances.allows(rule.id, rule.theme, line):
            continue
        end_line, end_column = block.position(match.end - 1)
        yield Finding(
            document.path,
            line,
            column,
            end_line,
            end_column + 1,
            " ".join(block.text[match.start : match.end].split()),
            rule,
            language,
        )


def _sentence_lifts(
    text: str, words: list[TextWord], offset: int, rule: Rule, language: str
) -> bool:
    """Return True when the sentence holding ``offset`` mentions a word lifting ``rule``."""
    keys = rule.lifting_keys
    for start, end in sentence_spans(text, language):
        if start <= offset < end:
            return any(start <= w.start < end and w.stem_key in keys for w in words)
    return False


def check_text(
    text: str,
    language: str | None = None,
    *,
    text_format: str = "text",
    name: str = "<text>",
    rules: tuple[Rule, ...] | None = None,
) -> list[Finding]:
    """Return the findings in one text held in memory.

    Parameters
    ----------
    text
        The text.
    language
        ``"en"`` or ``"fr"``; detected from the text when None.
    text_format
        ``"text"`` (default), ``"markdown"`` or ``"html"``.
    name
        The name findings carry in place of a file path.
    rules
        Rules to apply instead of the bundled ones.
    """
    return check_document(read_string(text, text_format, name), language, rules)


def check_texts(
    sources: Iterable[str | Path | GeneratedText],
    language: str | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> list[Finding]:
    """Return the findings in several files and texts, in the order given.

    Parameters
    ----------
    sources
        Each is a :class:`pathlib.Path` (a file: .md, .html, .txt or .docx), a
        :class:`GeneratedText`, or a ``str`` holding plain text (named ``<text N>``).
    language
        Force one language for all; by default each source's own.

    Raises
    ------
    TextFileError
        If a file is missing, unreadable or of an unknown format (the message names it).
    """
    findings: list[Finding] = []
    for number, source in enumerate(sources, start=1):
        findings.extend(check_document(_document_of(source, number), language, rules))
    return findings


def _document_of(source: str | Path | GeneratedText, number: int) -> Document:
    if isinstance(source, Path):
        return read_document(source)
    if isinstance(source, GeneratedText):
        return read_string(source.text, source.text_format, source.name)
    return read_string(source, "text", f"<text {number}>")
