"""The tables workbook (XlsxWriter): a contents sheet and one sheet per indicator with its
estimates, intervals, counts, flags and notes, in English and French.

Numbers are written exactly as the results table holds them (shares as shares, shown as
percentages by the cell format), so a reader's sum or chart uses the published values.
Suppressed cells hold the rule's symbol as text, never a number. Every text cell is written
as a string and neutralised against formula injection (a leading ``= + - @`` or control
character gets an apostrophe), because labels come from user-written catalogues.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from safemig.products.cells import HIDDEN_STATUSES, cell_of
from safemig.products.folder import ResultsFolder
from safemig.products.sections import IndicatorSection, indicator_sections
from safemig.products.ui import WORDS
from safemig.products.wording import framework_name, framework_title, scale_of

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_ROW = 5  # zero-based row of the column headers; data start below it
NUMBERS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_weighted", "df")
HEADERS = {
    "disaggregation": ("Breakdown", "Ventilation"),
    "group": ("Group", "Groupe"),
    "category": ("Answer", "Réponse"),
    "estimate": ("Estimate", "Estimation"),
    "se": ("Standard error", "Erreur type"),
    "ci_low": ("95% CI low", "IC 95 % bas"),
    "ci_high": ("95% CI high", "IC 95 % haut"),
    "cv": ("Coefficient of variation", "Coefficient de variation"),
    "deff": ("Design effect", "Effet de plan"),
    "n": ("Respondents (unweighted)", "Répondantes (non pondéré)"),
    "n_weighted": ("Weighted count", "Effectif pondéré"),
    "df": ("Degrees of freedom", "Degrés de liberté"),
    "status": ("Status", "Statut"),
    "flag": ("Flag", "Signe"),
    "reason_en": ("Reason (English)", "Raison (anglais)"),
    "reason_fr": ("Reason (French)", "Raison (français)"),
}
COLUMNS = tuple(HEADERS)


def neutralise(text: str) -> str:
    """A text safe to put in a cell: formula-like starts get a leading apostrophe.

    >>> neutralise("=HYPERLINK(\\"x\\")"), neutralise("Niamey")
    ('\\'=HYPERLINK("x")', 'Niamey')
    """
    return f"'{text}" if text.startswith(FORMULA_START) else text


def sheet_names(sections: list[IndicatorSection]) -> dict[str, str]:
    """A unique Excel sheet name (at most 31 characters, no ``[]:*?/\\``) per indicator."""
    names: dict[str, str] = {}
    used: set[str] = {"contents"}
    for section in sections:
        base = re.sub(r"[\[\]:*?/\\']", "_", section.indicator.id)[:31]
        name, number = base, 2
        while name.lower() in used:
            suffix = f"~{number}"
            name, number = base[: 31 - len(suffix)] + suffix, number + 1
        used.add(name.lower())
        names[section.indicator.id] = name
    return names


def write_workbook(folder: ResultsFolder, target: Path) -> list[str]:
    """Write the workbook; return every text written (for the narrative checker)."""
    import xlsxwriter

    sections = indicator_sections(folder)
    names = sheet_names(sections)
    texts: list[str] = []
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(target), {"nan_inf_to_errors": False})
    try:
        formats = _formats(workbook)
        formats["workbook"] = workbook
        contents = workbook.add_worksheet("contents")
        _contents(contents, folder, sections, names, formats, texts)
        for section in sections:
            sheet = workbook.add_worksheet(names[section.indicator.id])
            _indicator_sheet(sheet, folder, section, formats, texts)
    finally:
        workbook.close()
    return texts


def _formats(workbook: Any) -> dict[str, Any]:
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#E8EEF3", "text_wrap": True, "valign": "top"}
        ),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "link": workbook.add_format({"font_color": "#0072B2", "underline": 1}),
        "count": workbook.add_format({"num_format": "#,##0"}),
        "ratio": workbook.add_format({"num_format": "0.00"}),
        "symbol": workbook.add_format({"align": "right", "italic": True}),
        "warning": workbook.add_format({"bold": True, "font_color": "#D55E00"}),
    }


def _put(sheet: Any, row: int, col: int, text: str, fmt: Any, texts: list[str]) -> None:
    texts.append(text)
    sheet.write_string(row, col, neutralise(text), fmt)


def _contents(
    sheet: Any,
    folder: ResultsFolder,
    sections: list[IndicatorSection],
    names: dict[str, str],
    formats: dict[str, Any],
    texts: list[str],
) -> None:
    title = folder.catalogue.title
    _put(sheet, 0, 0, f"{title} / {title.fr}", formats["title"], texts)
    if folder.synthetic:
        synthetic = WORDS["synthetic"]
        _put(sheet, 1, 0, f"{synthetic} / {synthetic.fr}", formats["warning"], texts)
    rule = folder.rule
    _put(
        sheet,
        2,
        0,
        f"Disclosure rule / règle de confidentialité: {rule.name} — {rule.symbol_suppressed} "
        f"suppressed / masqué; {rule.symbol_secondary} complementary / complémentaire; "
        f"{rule.symbol_caution} caution / prudence",
        formats["wrap"],
        texts,
    )
    heads = ("Sheet / Feuille", "Indicator / Indicateur", "Titre", "Frameworks / Cadres")
    for col, head in enumerate(heads):
        _put(sheet, 4, col, head, formats["header"], texts)
    for i, section in enumerate(sections, start=5):
        indicator = section.indicator
        sheet.write_url(
            i,
            0,
            f"internal:'{names[indicator.id]}'!A1",
            formats["link"],
            string=neutralise(names[indicator.id]),
        )
        _put(sheet, i, 1, str(indicator.title), formats["wrap"], texts)
        _put(sheet, i, 2, indicator.title.fr, formats["wrap"], texts)
        _put(sheet, i, 3, "; ".join(indicator.frameworks), formats["wrap"], texts)
    sheet.freeze_panes(5, 0)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 2, 50)
    sheet.set_column(3, 3, 30)


def _indicator_sheet(
    sheet: Any,
    folder: ResultsFolder,
    section: IndicatorSection,
    formats: dict[str, Any],
    texts: list[str],
) -> None:
    indicator = section.indicator
    _put(sheet, 0, 0, f"{indicator.title} / {indicator.title.fr}", formats["title"], texts)
    _put(
        sheet, 1, 0, f"{indicator.description} / {indicator.description.fr}", formats["bold"], texts
    )
    links = "; ".join(
        # Official titles, quoted: they are cited as the frameworks word them.
        f"{framework_name(f, 'en')} (“{framework_title(f, 'en')}”) / {framework_name(f, 'fr')}"
        for f in indicator.frameworks
    )
    _put(sheet, 2, 0, links, formats["wrap"], texts)
    if indicator.notes:
        _put(sheet, 3, 0, f"{indicator.notes} / {indicator.notes.fr}", formats["wrap"], texts)
    for col, key in enumerate(COLUMNS):
        en, fr = HEADERS[key]
        _put(sheet, HEADER_ROW, col, f"{en} / {fr}", formats["header"], texts)
    value_format = _value_format(section, formats)
    for i, row in enumerate(section.rows, start=HEADER_ROW + 1):
        _data_row(sheet, i, row, folder, formats, value_format, texts)
    sheet.freeze_panes(HEADER_ROW + 1, 3)
    sheet.set_row(HEADER_ROW, 45)
    sheet.set_column(0, 2, 22)
    sheet.set_column(3, len(COLUMNS) - 3, 13)
    sheet.set_column(len(COLUMNS) - 2, len(COLUMNS) - 1, 48)


def _value_format(section: IndicatorSection, formats: dict[str, Any]) -> Any:
    """The indicator's number format: its catalogue decimals, shares shown as percentages."""
    row = section.rows[0]
    decimals = int(row["decimals"])
    digits = "0" + ("." + "0" * decimals if decimals else "")
    pattern = f"{digits}%" if scale_of(row) == 100 else f"#,##{digits}"
    return formats["workbook"].add_format({"num_format": pattern})


def _data_row(
    sheet: Any,
    i: int,
    row: dict[str, Any],
    folder: ResultsFolder,
    formats: dict[str, Any],
    value_format: Any,
    texts: list[str],
) -> None:
    en, fr = cell_of(row, folder.catalogue, "en"), cell_of(row, folder.catalogue, "fr")
    _put(sheet, i, 0, f"{en.disaggregation} / {fr.disaggregation}", None, texts)
    _put(sheet, i, 1, f"{en.group} / {fr.group}", None, texts)
    _put(sheet, i, 2, f"{en.category} / {fr.category}" if en.category else "", None, texts)
    hidden = row["status"] in HIDDEN_STATUSES
    for col, key in enumerate(NUMBERS, start=3):
        value = row[key]
        if hidden and key == "estimate":
            _put(sheet, i, col, row["flag"], formats["symbol"], texts)
        elif hidden or value is None:
            sheet.write_blank(i, col, None)
        else:
            sheet.write_number(i, col, value, _number_format(key, formats, value_format))
    for col, key in enumerate(("status", "flag", "reason_en", "reason_fr"), start=3 + len(NUMBERS)):
        _put(sheet, i, col, str(row[key] or ""), formats["wrap"], texts)


def _number_format(key: str, formats: dict[str, Any], value_format: Any) -> Any:
    if key in ("estimate", "se", "ci_low", "ci_high"):
        return value_format
    if key in ("n", "n_weighted", "df"):
        return formats["count"]
    return formats["ratio"] if key in ("cv", "deff") else None
