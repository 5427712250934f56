"""Every generated text passes the narrative checker before it is written; a finding stops
the build and names the product, the phrase and what to say instead."""

from __future__ import annotations

from collections.abc import Iterable

from safemig.errors import ProductNarrativeError
from safemig.i18n import say
from safemig.narrative import GeneratedText, check_texts


def ensure_respectful(texts: Iterable[GeneratedText], language: str) -> None:
    """Raise :class:`ProductNarrativeError` when a text uses stigmatising language.

    Parameters
    ----------
    texts
        Named texts (HTML, Markdown or plain).
    language
        ``en`` or ``fr``: the rules of that language apply.
    """
    findings = check_texts(list(texts), language=language)
    if findings:
        listed = "; ".join(
            f'{f.path}:{f.line}: "{f.matched}" ({f.rule.id}; say {" or ".join(f.rule.suggestions)})'
            for f in findings[:10]
        )
        raise ProductNarrativeError(
            say(
                "{n} stigmatising phrase(s) in generated products: {listed}. Reword the "
                "catalogue or labels they come from; `safemig lint-text` explains each rule.",
                "{n} expression(s) stigmatisante(s) dans les produits générés : {listed}. "
                "Reformulez le catalogue ou les libellés d'où elles viennent ; "
                "`safemig lint-text` explique chaque règle.",
                n=len(findings),
                listed=listed,
            )
        )


def check_html(name: str, html: str, language: str) -> None:
    """Check one generated HTML document (the report or the brief)."""
    ensure_respectful([GeneratedText(name, html, "html")], language)


def check_plain(name: str, texts: Iterable[str], languages: Iterable[str]) -> None:
    """Check plain texts (cells of the workbook, SDMX names, card lines) in each language."""
    body = "\n\n".join(t for t in texts if t)
    for language in languages:
        ensure_respectful([GeneratedText(name, body, "text")], language)
