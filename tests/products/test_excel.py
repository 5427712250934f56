"""The workbook: every number equals the results table, suppressed cells hold a symbol, text
cannot run as a formula, headers are frozen."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from safemig.products.excel import HEADER_ROW, NUMBERS, neutralise, sheet_names, write_workbook
from safemig.products.sections import indicator_sections
from tests.products.conftest import Built


def _as_written(value: float) -> float:
    # XlsxWriter writes numbers with 16 significant digits (Excel keeps 15).
    return float(f"{value:.16G}")


@pytest.fixture(scope="module")
def workbook(built: Built):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(built.out / "tables.xlsx")


def test_contents_lists_every_indicator_with_a_link(workbook, folder) -> None:  # type: ignore[no-untyped-def]
    contents = workbook["contents"]
    names = sheet_names(indicator_sections(folder))
    ids = [i.id for i in folder.catalogue.indicators]
    assert workbook.sheetnames == ["contents", *(names[i] for i in ids)]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert (
        names["recruitment_cost_to_earnings_median"] != names["recruitment_cost_to_earnings_mean"]
    )
    links = [contents.cell(row=r, column=1).hyperlink for r in range(6, 6 + len(ids))]
    assert [link.location for link in links] == [f"'{names[i]}'!A1" for i in ids]


def test_every_number_equals_the_results_table(workbook, folder) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    names = sheet_names(indicator_sections(folder))
    for indicator in folder.catalogue.indicators:
        sheet = workbook[names[indicator.id]]
        rows = folder.indicator_rows(indicator.id)
        for offset, row in enumerate(rows):
            excel_row = HEADER_ROW + 2 + offset
            for col, key in enumerate(NUMBERS, start=4):
                value = sheet.cell(row=excel_row, column=col).value
                if row["status"] in ("suppressed", "secondary"):
                    expected = row["flag"] if key == "estimate" else None
                    assert value == expected, (indicator.id, key)
                elif row[key] is None:
                    assert value is None
                else:
                    assert isinstance(value, (int, float)) and value == _as_written(row[key])
                    checked += 1
        assert sheet.cell(row=HEADER_ROW + 2 + len(rows), column=4).value is None
    assert checked > 3000


def test_headers_are_frozen_and_shares_show_as_percentages(workbook) -> None:  # type: ignore[no-untyped-def]
    sheet = workbook["information_before_departure"]
    assert sheet.freeze_panes == "D7"
    assert sheet.cell(row=6, column=4).value == "Estimate / Estimation"
    assert sheet.cell(row=7, column=4).number_format == "0.0%"
    assert workbook["migrant_women_estimated"].cell(row=7, column=4).number_format == "#,##0"


def test_formula_like_text_is_neutralised(folder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("+33 600") == "'+33 600"
    assert neutralise("15-24 years") == "15-24 years"
    source = folder.catalogue.source
    yaml_path = tmp_path / "catalogue.yaml"
    from safemig.indicators.catalogue import BUILTIN

    shutil.copy(BUILTIN / source, yaml_path)
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace(
        "en: Women who received information before leaving",
        'en: \'=HYPERLINK("http://example.org","x")\'',
        1,
    )
    yaml_path.write_text(text, encoding="utf-8")
    from dataclasses import replace

    from safemig.indicators import load_catalogue

    tampered = replace(folder, catalogue=load_catalogue(yaml_path))
    write_workbook(tampered, tmp_path / "tables.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "tables.xlsx")["contents"]
    cell = sheet.cell(row=6, column=2)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://example.org","x")'
