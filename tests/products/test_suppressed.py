"""Suppressed cells never appear as numbers in any product: not in the report's tables or
charts, the workbook, the SDMX file, the brief's findings or the cards."""

from __future__ import annotations

import openpyxl
import pytest

from safemig.products.cells import cell_of
from safemig.products.charts import chart_spec
from safemig.products.excel import HEADER_ROW, NUMBERS, sheet_names
from safemig.products.findings import candidate_gaps
from safemig.products.headline import headlines
from safemig.products.sections import indicator_sections
from safemig.products.wording import format_number
from tests.products.conftest import LANGUAGES, Built
from tests.products.test_report import report_cells, report_order

HIDDEN = ("suppressed", "secondary")


def _hidden(folder) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    rows = [r for r in folder.rows if r["status"] in HIDDEN]
    assert len(rows) > 20  # the synthetic survey has small cells: the check bites
    return rows


def test_the_results_table_really_hid_them(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    raw = built.raw_rows()
    assert len(raw) == len(folder.rows)
    for before, after in zip(raw, folder.rows, strict=True):
        if after["status"] in HIDDEN:
            assert before["estimate"] is not None and after["estimate"] is None


def _key(row: dict) -> tuple:  # type: ignore[type-arg]
    return tuple(row[c] for c in ("indicator", "level", "disaggregation", *DISAGGREGATIONS))


DISAGGREGATIONS = ("region", "migration_stage", "age_group", "disability")


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_rows_show_the_symbol_and_reason_only(built: Built, folder, language) -> None:  # type: ignore[no-untyped-def]
    hidden = 0
    raw = {_key(r): r for r in built.raw_rows()}
    for (_, status, shown), row in zip(
        report_cells(built, language).rows, report_order(folder), strict=True
    ):
        before = raw[_key(row)]
        if status in HIDDEN:
            hidden += 1
            assert shown["value"].strip() == row["flag"]
            assert shown["interval"].strip() == "" and shown["count"].strip() == ""
            assert shown["reason"].strip() == row[f"reason_{language}"]
            secret = format_number(before["estimate"], before, language)
            assert secret not in "".join(shown.values())
    assert hidden == len(_hidden(folder))


@pytest.mark.parametrize("language", LANGUAGES)
def test_charts_draw_no_point_for_hidden_cells(folder, language) -> None:  # type: ignore[no-untyped-def]
    for section in indicator_sections(folder):
        cells = [cell_of(r, folder.catalogue, language) for r in section.chart_rows]
        spec = chart_spec("t", cells, section.indicator.unit, language)
        values = (
            spec["layer"][0]["data"]["values"] if "data" in spec["layer"][0] else spec["datasets"]
        )
        data = values if isinstance(values, list) else next(iter(values.values()))
        for datum, cell in zip(data, cells, strict=True):
            if cell.hidden:
                assert datum["estimate"] is None and "low" not in datum and "high" not in datum
                assert datum["note"].startswith(cell.flag)


def test_workbook_cells_of_hidden_rows_hold_no_number(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(built.out / "tables.xlsx")
    names = sheet_names(indicator_sections(folder))
    seen = 0
    for indicator in folder.catalogue.indicators:
        sheet = workbook[names[indicator.id]]
        for offset, row in enumerate(folder.indicator_rows(indicator.id)):
            if row["status"] in HIDDEN:
                seen += 1
                values = [
                    sheet.cell(row=HEADER_ROW + 2 + offset, column=c).value
                    for c in range(4, 4 + len(NUMBERS))
                ]
                assert not any(isinstance(v, (int, float)) for v in values)
    assert seen == len(_hidden(folder))


def test_sdmx_rows_of_hidden_cells_are_empty(built: Built, folder) -> None:  # type: ignore[no-untyped-def]
    import csv

    with (built.out / "sdmx" / "indicators.sdmx.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hidden = [r for r in rows if r["CONF_STATUS"] in ("C", "D")]
    assert len(hidden) == len(_hidden(folder))
    for row in hidden:
        assert row["OBS_STATUS"] == "O"
        assert row["OBS_VALUE"] == row["SE"] == row["CI_LOWER"] == row["CI_UPPER"] == ""
        assert row["N_OBS"] == ""


def test_brief_and_cards_use_published_cells_only(folder) -> None:  # type: ignore[no-untyped-def]
    for gap in candidate_gaps(folder):
        assert gap.high["status"] == gap.low["status"] == "published"
    for headline in headlines(folder):
        assert headline.row["status"] == "published"
