"""Build an XLSForm from question-bank modules, write it as .xlsx, and convert it with pyxform.

The XLSForm has the three standard sheets (``survey``, ``choices``, ``settings``), labels in
``label::English (en)`` / ``label::Français (fr)`` columns, and safemig's metadata in extra
columns that ODK, KoboToolbox and pyxform ignore: ``safemig_feeds``, ``safemig_identifier``,
``safemig_sensitive``. Each module becomes one group named after the module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safemig.errors import ExpressionError, ModuleError, TranslationError, XLSFormError
from safemig.instrument.bank import BankGroup, BankQuestion, Module, QuestionBank, select_modules
from safemig.instrument.expression import parse_expression

#: XLSForm language names, with the IANA subtag pyxform checks.
LANGUAGE_NAMES = {
    "en": "English (en)",
    "fr": "Français (fr)",
    "ha": "Hausa (ha)",
    "ar": "العربية (ar)",
}
#: Neutral titles (WHO safety rule: the survey is never presented as a survey on violence).
FORM_TITLES = {
    "survey": {"en": "Women's lives and journeys", "fr": "Vie et parcours des femmes"},
    "training_test": {"en": "Training knowledge test", "fr": "Test de connaissances"},
    "consultation_poll": {"en": "Consultation poll", "fr": "Sondage de consultation"},
}
META_QUESTIONS = ("start", "end", "today")
_CONSENT_GATE = "${consent_given} = 'yes'"


@dataclass(frozen=True)
class XLSFormSheets:
    """An XLSForm in memory: one list of row dicts per sheet, and the column order of each."""

    survey: tuple[dict[str, str], ...]
    choices: tuple[dict[str, str], ...]
    settings: dict[str, str]
    survey_columns: tuple[str, ...]
    choices_columns: tuple[str, ...]

    def as_pyxform_dict(self) -> dict[str, list[dict[str, str]]]:
        """The sheets in the dict shape ``pyxform.xls2xform.convert`` accepts."""
        return {
            "survey": [dict(r) for r in self.survey],
            "choices": [dict(r) for r in self.choices],
            "settings": [dict(self.settings)],
        }


def build_form(
    bank: QuestionBank,
    modules: Sequence[str] | None = None,
    languages: Sequence[str] = ("en", "fr"),
    instrument: str = "survey",
    version: str | None = None,
) -> XLSFormSheets:
    """Assemble an XLSForm from bank modules.

    Parameters
    ----------
    bank : QuestionBank
        From :func:`safemig.instrument.bank.load_bank`.
    modules : sequence of str, optional
        Module ids; required modules are added. Default: every module of ``instrument``.
    languages : sequence of str
        Language codes; the first is the form's default language.
    instrument : str
        ``survey``, ``training_test`` or ``consultation_poll``.
    version : str, optional
        Form version (``yyyymmddrr``); default: today's date followed by ``01``.

    Returns
    -------
    XLSFormSheets

    Raises
    ------
    UnknownModuleError, TranslationError, ExpressionError, ModuleError
    """
    chosen = select_modules(bank, modules, instrument)
    langs = _language_names(languages)
    consent = instrument == "survey" and any(m.id == "consent" for m in chosen)
    survey = [{"type": name, "name": name} for name in META_QUESTIONS]
    for module in chosen:
        survey.extend(_module_rows(module, langs, consent))
    used_lists = {row["type"].split()[1] for row in survey if row["type"].startswith("select_")}
    choices = _choice_rows(bank, chosen, used_lists, langs)
    settings = _settings(instrument, langs, version)
    sheets = XLSFormSheets(
        survey=tuple(survey),
        choices=tuple(choices),
        settings=settings,
        survey_columns=_columns(survey),
        choices_columns=_columns(choices),
    )
    check_references(sheets, chosen)
    return sheets


def _language_names(codes: Sequence[str]) -> dict[str, str]:
    unknown = [c for c in codes if c not in LANGUAGE_NAMES]
    if unknown or not codes:
        raise TranslationError(
            f"language code(s) {', '.join(unknown) or '(none)'} not known; use "
            f"{', '.join(LANGUAGE_NAMES)} "
            "(translate the modules first for languages other than en, fr)"
        )
    return {code: LANGUAGE_NAMES[code] for code in codes}


def _module_rows(module: Module, langs: dict[str, str], consent: bool) -> list[dict[str, str]]:
    gates = [module.relevant] if module.relevant else []
    if consent and module.gated_by_consent:
        gates.insert(0, _CONSENT_GATE)
    where = f"{module.path}: module {module.id!r}"
    begin = {"type": "begin group", "name": module.id, "relevant": _conjunction(gates)}
    begin |= _translated("label", module.title, langs, where + ", title")
    rows = [begin]
    rows.extend(_item_rows(module.items, langs, where))
    rows.append({"type": "end group", "name": module.id})
    return rows


def _item_rows(
    items: Sequence[BankQuestion | BankGroup], langs: dict[str, str], where: str
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for item in items:
        if isinstance(item, BankGroup):
            begin = {"type": "begin group", "name": item.name, "relevant": item.relevant}
            rows.append(
                begin | _translated("label", item.labels, langs, f"{where}, group {item.name!r}")
            )
            rows.extend(_item_rows(item.items, langs, where))
            rows.append({"type": "end group", "name": item.name})
        else:
            rows.append(_question_row(item, langs, f"{where}, question {item.name!r}"))
    return rows


def _question_row(q: BankQuestion, langs: dict[str, str], where: str) -> dict[str, str]:
    row = {"type": q.type, "name": q.name, "relevant": q.relevant, "constraint": q.constraint}
    row |= {"calculation": q.calculation, "appearance": q.appearance}
    row["required"] = "yes" if q.required else ""
    row |= _translated("label", q.labels, langs, where)
    row |= _translated("hint", q.hints, langs, where)
    row |= _translated("constraint_message", q.constraint_messages, langs, where)
    row["safemig_feeds"] = " ".join(q.feeds)
    row["safemig_identifier"] = "yes" if q.identifier else ""
    row["safemig_sensitive"] = "yes" if q.sensitive else ""
    return {k: v for k, v in row.items() if v}


def _translated(
    field: str, texts: dict[str, str] | Any, langs: dict[str, str], where: str
) -> dict[str, str]:
    if not texts:
        return {}
    missing = [code for code in langs if not texts.get(code)]
    if missing:
        raise TranslationError(
            f"{where}: field {field!r} has no text in {', '.join(missing)}; add "
            f"{', '.join(f'{c}: …' for c in missing)} to it in the module file"
        )
    return {f"{field}::{name}": texts[code] for code, name in langs.items()}


def _conjunction(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return " and ".join(f"({p})" for p in parts)


def _choice_rows(
    bank: QuestionBank, modules: Sequence[Module], used: set[str], langs: dict[str, str]
) -> list[dict[str, str]]:
    lists = dict(bank.shared_choices)
    for module in modules:
        lists.update(module.choices)
    missing = sorted(used - set(lists))
    if missing:
        raise ModuleError(
            f"choice list(s) {', '.join(missing)} are used but defined in no selected module "
            "or _choices.yaml; define them in the module's 'choices'"
        )
    rows = []
    for list_name in sorted(used, key=list(lists).index):
        for choice in lists[list_name]:
            where = f"choice list {list_name!r}, choice {choice.name!r}"
            rows.append(
                {"list_name": list_name, "name": choice.name}
                | _translated("label", choice.labels, langs, where)
            )
    return rows


def _settings(instrument: str, langs: dict[str, str], version: str | None) -> dict[str, str]:
    default = next(iter(langs))
    return {
        "form_title": FORM_TITLES[instrument].get(default, FORM_TITLES[instrument]["en"]),
        "form_id": f"safemig_{instrument}",
        "version": version or dt.date.today().strftime("%Y%m%d") + "01",
        "default_language": langs[default],
    }


def _columns(rows: Sequence[dict[str, str]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return tuple(seen)


def check_references(sheets: XLSFormSheets, modules: Sequence[Module] = ()) -> None:
    """Check every expression parses and names only questions of the form.

    Raises
    ------
    ExpressionError
        Naming the module file, question and field of the first bad expression.
    """
    names = {row["name"] for row in sheets.survey}
    module_of = {q.name: m for m in modules for q in m.questions()}
    for row in sheets.survey:
        for field in ("relevant", "constraint", "calculation"):
            if not row.get(field):
                continue
            module = module_of.get(row["name"])
            where = f"{module.path}: module {module.id!r}, " if module else ""
            try:
                unknown = sorted(parse_expression(row[field]).references - names)
            except ExpressionError as exc:
                raise ExpressionError(
                    f"{where}question {row['name']!r}, field {field!r}: {exc}"
                ) from exc
            if unknown:
                raise ExpressionError(
                    f"{where}question {row['name']!r}, field {field!r} refers to "
                    f"{', '.join(unknown)}, not in this form; "
                    "add the module that asks it to 'requires'"
                )


def write_xlsform(sheets: XLSFormSheets, path: str | Path) -> Path:
    """Write the XLSForm to an ``.xlsx`` file (sheets survey, choices, settings)."""
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    _fill(survey, sheets.survey_columns, sheets.survey)
    _fill(workbook.create_sheet("choices"), sheets.choices_columns, sheets.choices)
    _fill(workbook.create_sheet("settings"), tuple(sheets.settings), (sheets.settings,))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def _fill(sheet: Any, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(c, "") or None for c in columns])
    sheet.freeze_panes = "A2"


def convert_to_xform(form: XLSFormSheets | str | Path) -> str:
    """Convert with pyxform and return the XForm XML; any pyxform warning is an error.

    Raises
    ------
    XLSFormError
        When pyxform raises, or warns; the message carries pyxform's words and what to do.
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    source = form.as_pyxform_dict() if isinstance(form, XLSFormSheets) else str(form)
    name = "the built form" if isinstance(form, XLSFormSheets) else str(form)
    warnings: list[str] = []
    try:
        result = convert(xlsform=source, warnings=warnings, form_name="data")
    except (PyXFormError, ValueError, KeyError) as exc:
        raise XLSFormError(
            f"pyxform could not convert {name}: {exc}; fix the row it names"
        ) from exc
    if warnings:
        raise XLSFormError(f"pyxform warned about {name}: {'; '.join(warnings)}; fix these rows")
    return result.xform
