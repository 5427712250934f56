"""Contexts in which a flagged word is not the writer's own framing.

Two are recognised inside a block of prose (a block may also sit wholly in a quotation, e.g.
a Markdown ``>`` quote or an HTML ``<blockquote>``):

``quotation``
    Text between paired quotation marks: “…”, «…», „…“, "…" and ‘…’ (the last only when
    the opening mark follows a space, so apostrophes in *l’immigrée* are not quotes).
``legal_citation``
    The name of a legal instrument, recognised with the word lists of
    ``contexts/<language>.yaml`` (see that file for the two patterns).

Sentences are found too, for rules that are lifted when their sentence mentions a word
(e.g. "victim" in a sentence about court proceedings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from safemig.errors import RuleFileError

Span = tuple[int, int]

_QUOTE_PAIRS = re.compile(
    r"“[^”]*”|«[^»]*»|„[^“”]*[“”]|\"[^\"\n]*\"|(?:(?<=\s)|(?<=^)|(?<=\())‘[^’]*’(?!\w)"
)
_NAME_TOKEN = re.compile(r"[^\W_]+(?:[/.\-°º][^\W_]+)*[°º]?")
_NAME_GAP = re.compile(r"[\s,'’]*")
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n\s*\n")


@dataclass(frozen=True)
class CitationWords:
    """Word lists that recognise legal citations (and the language) of one language."""

    instrument_words: frozenset[str]
    connectors: frozenset[str]
    clause_openers: frozenset[str]
    identifier_words: frozenset[str]
    abbreviations: frozenset[str]
    case_sensitive: bool
    common_words: frozenset[str]


@cache
def citation_words(language: str) -> CitationWords:
    """Load the citation word lists of ``language`` from the package data."""
    name = f"{language}.yaml"
    try:
        text = resources.files("safemig.narrative").joinpath("contexts", name).read_text("utf-8")
        data = yaml.safe_load(text)
        return CitationWords(
            frozenset(data["instrument_words"]),
            frozenset(data["connectors"]),
            frozenset(data["clause_openers"]),
            frozenset(data["identifier_words"]),
            frozenset(data["abbreviations"]),
            case_sensitive=language == "en",
            common_words=frozenset(data["common_words"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RuleFileError(f"contexts/{name}: cannot be loaded ({exc})") from exc


def common_words(language: str) -> frozenset[str]:
    """Return the function words that mark a text as written in ``language``."""
    return citation_words(language).common_words


def quotation_spans(text: str) -> list[Span]:
    """Return the (start, end) offsets of quoted passages in ``text``."""
    return [match.span() for match in _QUOTE_PAIRS.finditer(text)]


def sentence_spans(text: str, language: str) -> list[Span]:
    """Return the (start, end) offsets of the sentences of ``text``.

    A full stop after an abbreviation of the language (``No.``, ``art.``) does not end one.
    """
    abbreviations = citation_words(language).abbreviations
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)$", text[start : match.start()])
        if match.group(0) == "." and word and word.group(1).lower() in abbreviations:
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def legal_citation_spans(text: str, language: str) -> list[Span]:
    """Return the (start, end) offsets of legal-instrument names in ``text``."""
    words = citation_words(language)
    tokens = list(_NAME_TOKEN.finditer(text))
    spans = _capitalised_names(text, tokens, words)
    spans += _identified_instruments(text, tokens, words, language)
    return spans


def _is_instrument(word: str, words: CitationWords) -> bool:
    if words.case_sensitive:
        return word in words.instrument_words
    return word.lower() in words.instrument_words


def _capitalised_names(text: str, tokens: list[re.Match[str]], words: CitationWords) -> list[Span]:
    """Runs of Capitalised Words and connectors that contain an instrument word."""
    spans: list[Span] = []
    run: list[re.Match[str]] = []
    for token in [*tokens, None]:
        if token is not None and _continues_name(text, run, token, words):
            run.append(token)
            continue
        while run and run[-1].group(0).lower() in words.connectors:
            run.pop()
        name = [t for t in run if t.group(0)[0].isupper() or t.group(0)[0].isdigit()]
        if len(name) >= 2 and any(
            t.group(0)[0].isupper() and _is_instrument(t.group(0), words) for t in name
        ):
            spans.append((run[0].start(), run[-1].end()))
        run = [token] if token is not None and _starts_name(token) else []
    return spans


def _starts_name(token: re.Match[str]) -> bool:
    return token.group(0)[0].isupper()


def _continues_name(
    text: str, run: list[re.Match[str]], token: re.Match[str], words: CitationWords
) -> bool:
    if not run or not _NAME_GAP.fullmatch(text, run[-1].end(), token.start()):
        return False
    word = token.group(0)
    return word[0].isupper() or word[0].isdigit() or word.lower() in words.connectors


def _identified_instruments(
    text: str, tokens: list[re.Match[str]], words: CitationWords, language: str
) -> list[Span]:
    """An instrument word followed by an identifier or a clause opener, to sentence end."""
    spans = []
    for this, following in zip(tokens, tokens[1:], strict=False):
        if not _is_instrument(this.group(0), words):
            continue
        if words.case_sensitive and not this.group(0)[0].isupper():
            continue
        nxt = following.group(0).lower().rstrip("°º")
        if nxt[0].isdigit() or nxt in words.identifier_words or nxt in words.clause_openers:
            spans.append((this.start(), _sentence_end(text, this.start(), language)))
    return spans


def _sentence_end(text: str, offset: int, language: str) -> int:
    for start, end in sentence_spans(text, language):
        if start <= offset < end:
            return end
    return len(text)


def covers(spans: list[Span], start: int, end: int) -> bool:
    """Return True when one of ``spans`` contains the range [start, end)."""
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)
