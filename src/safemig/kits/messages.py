"""The words of ``safemig kit check`` reports, in English and French."""

from __future__ import annotations

from safemig.kits.plain import LibraryCheck, Problem, TopicCheck

PROBLEMS = {
    "en": {
        "ease": "reading ease {value} is below {limit}: use shorter words and sentences",
        "words_per_sentence": "{value} words per sentence on average, above {limit}",
        "sentence_words": "a sentence has {value} words, above {limit}: split it",
        "letters_per_word": "{value} letters per word on average, above {limit}",
        "sms_segments": "the SMS needs {value} messages, above {limit}: shorten it",
        "jargon": 'jargon "{value}": say {limit}',
    },
    "fr": {
        "ease": "lisibilité {value}, sous {limit} : des mots et des phrases plus courts",
        "words_per_sentence": "{value} mots par phrase en moyenne, plus que {limit}",
        "sentence_words": "une phrase a {value} mots, plus que {limit} : la couper",
        "letters_per_word": "{value} lettres par mot en moyenne, plus que {limit}",
        "sms_segments": "le SMS demande {value} messages, plus que {limit} : le raccourcir",
        "jargon": "jargon « {value} » : dire {limit}",
    },
}
FORMULA_NAMES = {
    "en": {
        "Flesch reading ease": "Flesch reading ease",
        "Kandel–Moles": "Kandel–Moles",
        "none": "no formula",
    },
    "fr": {
        "Flesch reading ease": "facilité de lecture de Flesch",
        "Kandel–Moles": "Kandel–Moles",
        "none": "pas de formule",
    },
}
WORDS = {
    "en": {
        "ok": "ok",
        "fail": "TO FIX",
        "score": "score",
        "sentence": "words/sentence",
        "sms": "SMS",
        "directory": "Service directory",
        "row": "row",
        "passed": "All topics are in simple language.",
        "failed": "{n} topic(s) to fix.",
        "stale": "not verified for 6 months",
        "error": "error",
    },
    "fr": {
        "ok": "ok",
        "fail": "À REVOIR",
        "score": "score",
        "sentence": "mots/phrase",
        "sms": "SMS",
        "directory": "Annuaire des services",
        "row": "ligne",
        "passed": "Tous les sujets sont en langage simple.",
        "failed": "{n} sujet(s) à revoir.",
        "stale": "non vérifié depuis 6 mois",
        "error": "erreur",
    },
}


def problem_message(problem: Problem, language: str) -> str:
    """Return one problem as a sentence in ``language``."""
    return PROBLEMS[language][problem.code].format(value=problem.value, limit=problem.limit)


def render_check(check: LibraryCheck, language: str = "en") -> str:
    """Return a plain-text report: one line per topic, its problems, then the directory."""
    words = WORDS[language]
    lines = []
    for topic in check.topics:
        lines.append(_topic_line(topic, words, FORMULA_NAMES[language]))
        lines += [f"    - {problem_message(p, language)}" for p in topic.problems]
    if check.directory:
        lines.append(f"{words['directory']}:")
        lines += [
            f"    - {f.service_id} ({words['row']} {f.row}, {f.column}): "
            f"{words['stale'] if f.severity == 'stale' else words['error']}: "
            f"{f.message.in_language(language)}"
            for f in check.directory
        ]
    failed = sum(not t.passed for t in check.topics)
    lines.append(words["passed"] if not failed else words["failed"].format(n=failed))
    return "\n".join(lines) + "\n"


def _topic_line(topic: TopicCheck, words: dict[str, str], formulas: dict[str, str]) -> str:
    r = topic.readability
    score = f"{r.ease:.1f}" if r.ease is not None else "-"
    status = words["ok"] if topic.passed else words["fail"]
    return (
        f"{status:<8} {topic.language} {topic.topic_id:<18} "
        f"{formulas[r.formula]} {score:>6}  "
        f"{r.words_per_sentence:4.1f} {words['sentence']}  "
        f"{words['sms']} {topic.sms.encoding} {topic.sms.segments}"
    )
