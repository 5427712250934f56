"""The narrative checker: flags stigmatising language in reports, briefs and campaigns.

Rules are data (``rules/<theme>.<language>.yaml``); readers turn Markdown, HTML, plain text
and DOCX into blocks of prose with source positions; :func:`check_texts` and
:func:`check_text` are what the command line (``safemig lint-text``) and the products build
call; :mod:`safemig.narrative.report` renders findings as text, JSON or SARIF 2.1.0.
"""

from safemig.narrative.check import (
    Finding,
    GeneratedText,
    bundled_rules,
    check_document,
    check_text,
    check_texts,
)
from safemig.narrative.rules import Rule, load_rules

__all__ = [
    "Finding",
    "GeneratedText",
    "Rule",
    "bundled_rules",
    "check_document",
    "check_text",
    "check_texts",
    "load_rules",
]
