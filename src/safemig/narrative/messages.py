"""Every sentence the checker shows a reader, in English and French."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "suggestion": "Suggestion",
        "why": "Why",
        "source": "Source",
        "or": "or",
        "finding": "{quoted}: write {suggestions} instead. {rationale}",
        "summary_found": "{count} finding(s) in {flagged} of {total} file(s).",
        "summary_clean": "No stigmatising language found in {total} file(s).",
        "paragraph": "paragraph",
        "tool_description": "Narrative checker: flags stigmatising language about migrants.",
    },
    "fr": {
        "suggestion": "Suggestion",
        "why": "Pourquoi",
        "source": "Source",
        "or": "ou",
        "finding": "{quoted} : écrire plutôt {suggestions}. {rationale}",
        "summary_found": "{count} signalement(s) dans {flagged} fichier(s) sur {total}.",
        "summary_clean": "Aucun terme stigmatisant trouvé dans {total} fichier(s).",
        "paragraph": "paragraphe",
        "tool_description": "Vérificateur de récits : signale les termes stigmatisants "
        "sur les personnes migrantes.",
    },
}


def quote(text: str, language: str) -> str:
    """Return ``text`` between the quotation marks of ``language`` (“…” or « … »)."""
    return f"« {text} »" if language == "fr" else f"“{text}”"


def message(key: str, language: str, **values: object) -> str:
    """Return the message ``key`` in ``language``, filled with ``values``."""
    return MESSAGES[language][key].format(**values)


def heading(key: str, language: str) -> str:
    """Return a heading followed by the colon of ``language`` ("Why:" / "Pourquoi :")."""
    return MESSAGES[language][key] + (" :" if language == "fr" else ":")
