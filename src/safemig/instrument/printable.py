"""A printable questionnaire (HTML, and PDF through WeasyPrint) for paper interviews and training.

Works from any :class:`FormSchema`, so a user's own XLSForm prints the same way. Skip
instructions name questions by their number (``Q12``) instead of their variable names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from safemig.errors import TranslationError
from safemig.instrument.schema import FormSchema, Question

#: Words of the printed page, per language.
WORDS = {
    "en": {
        "ask_if": "Ask if",
        "one": "Select one",
        "many": "Select all that apply",
        "number": "Number",
        "text": "Write the answer",
        "date": "Date",
        "interviewer": "Interviewer",
        "page": "Page",
        "required": "required",
        "check": "Check",
        "sensitive": "Sensitive: ask in private only",
    },
    "fr": {
        "ask_if": "Poser si",
        "one": "Une seule réponse",
        "many": "Plusieurs réponses possibles",
        "number": "Nombre",
        "text": "Écrire la réponse",
        "date": "Date",
        "interviewer": "Enquêtrice",
        "page": "Page",
        "required": "obligatoire",
        "check": "Contrôle",
        "sensitive": "Sensible : à poser seulement en privé",
    },
}
_REF = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")
_SKIPPED = {"start", "end", "today", "deviceid", "calculate"}


@dataclass
class PrintedQuestion:
    """One question as printed: number, label, hint, how to answer, choices and its condition."""

    number: str
    label: str
    hint: str
    kind: str
    choices: list[str] = field(default_factory=list)
    condition: str = ""
    check: str = ""
    note: bool = False
    sensitive: bool = False


@dataclass
class PrintedSection:
    """One top-level group (one module) with its questions."""

    title: str
    condition: str
    questions: list[PrintedQuestion]


def _language_key(schema: FormSchema, code: str) -> str:
    for name in schema.languages:
        if name == code or name.endswith(f"({code})"):
            return name
    if schema.languages == ("default",):
        return "default"
    raise TranslationError(
        f"{schema.source}: the form has no labels in {code!r} "
        f"(it has {', '.join(schema.languages)}); "
        "choose one of those languages"
    )


def printable_sections(schema: FormSchema, language: str) -> list[PrintedSection]:
    """The questionnaire laid out for print in one language (``en`` or ``fr``)."""
    key = _language_key(schema, language)
    words = WORDS.get(language, WORDS["en"])
    printed = [q for q in schema.questions if q.type not in _SKIPPED]
    numbers = {
        q.name: f"Q{i}" for i, q in enumerate((q for q in printed if q.type != "note"), start=1)
    }
    sections: dict[str, PrintedSection] = {}
    for q in printed:
        top = q.path[0] if q.path else ""
        if top not in sections:
            group = schema.group((top,)) if top else None
            title = group.labels.get(key, top) if group else schema.title
            sections[top] = PrintedSection(
                title, _condition(group.relevant if group else "", numbers), []
            )
        sections[top].questions.append(
            _printed(q, key, words, numbers, schema, _inner_condition(schema, q, numbers))
        )
    return list(sections.values())


def _inner_condition(schema: FormSchema, q: Question, numbers: dict[str, str]) -> str:
    parts = [schema.group(q.path[: i + 1]).relevant for i in range(1, len(q.path))]
    return " ; ".join(_condition(p, numbers) for p in [*parts, q.relevant] if p)


def _condition(expression: str, numbers: dict[str, str]) -> str:
    return _REF.sub(lambda m: numbers.get(m.group(1), m.group(1)), expression)


def _printed(
    q: Question,
    key: str,
    words: dict[str, str],
    numbers: dict[str, str],
    schema: FormSchema,
    condition: str,
) -> PrintedQuestion:
    kinds = {
        "select_one": words["one"],
        "select_multiple": words["many"],
        "integer": words["number"],
        "decimal": words["number"],
        "date": words["date"],
    }
    choices = [c.labels.get(key, c.name) for c in schema.choices.get(q.list_name, ())]
    return PrintedQuestion(
        number=numbers.get(q.name, ""),
        label=q.labels.get(key, q.name),
        hint=q.hints.get(key, ""),
        kind=kinds.get(q.type, words["text"]),
        choices=choices,
        condition=condition,
        check=q.constraint_messages.get(key, ""),
        note=q.type == "note",
        sensitive=q.sensitive,
    )


def render_html(schema: FormSchema, language: str = "en") -> str:
    """The printable questionnaire as a standalone HTML page.

    Raises
    ------
    TranslationError
        When the form has no labels in ``language``.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("safemig.instrument", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    template = env.get_template("questionnaire.html")
    css = (Path(__file__).parent / "templates" / "questionnaire.css").read_text(encoding="utf-8")
    words = WORDS.get(language, WORDS["en"])
    return template.render(
        schema=schema,
        sections=printable_sections(schema, language),
        words=words,
        lang=language,
        css=css,
    )


def write_printable(schema: FormSchema, path: str | Path, language: str = "en") -> Path:
    """Write the questionnaire as ``.html`` or ``.pdf`` (chosen by the file suffix)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(schema, language)
    if target.suffix.lower() == ".pdf":
        from weasyprint import HTML

        HTML(string=html).write_pdf(target)
    else:
        target.write_text(html, encoding="utf-8")
    return target
