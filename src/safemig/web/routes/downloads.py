"""CSV and Excel downloads of what an indicator page shows (one breakdown), logged in the
audit log. Suppressed numbers are left empty; analysts also get n, SE, CV, deff and df."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from safemig.web.pages import Viewer, language_of, need, settings_of

router = APIRouter(include_in_schema=False)
Name = Annotated[str, Query(max_length=64)]


def _table(request: Request, viewer: Viewer, indicator: str, by: str, by2: str) -> str:
    data = settings_of(request).published()
    if indicator not in data.sections:
        raise HTTPException(404)
    if any(b and b not in data.folder.disaggregations for b in (by, by2)):
        raise HTTPException(404)
    cut = data.cut_name(by, by2)
    if cut is None:
        raise HTTPException(404)
    settings_of(request).accounts.audit(
        viewer.name,
        "download",
        f"{indicator} {cut or 'overall'}",
        request.client.host if request.client else "-",
    )
    return data.table(indicator, cut, language_of(request), viewer.session.user.can("analyst"))


@router.get("/indicator/{indicator}/download.csv")
def download_csv(
    request: Request,
    indicator: str,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    by: Name = "",
    by2: Name = "",
) -> Response:
    text = _table(request, viewer, indicator, by, by2)
    return Response(
        "\ufeff" + text,  # a BOM so that Excel opens French accents correctly
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{indicator}.csv"'},
    )


@router.get("/indicator/{indicator}/download.xlsx")
def download_xlsx(
    request: Request,
    indicator: str,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    by: Name = "",
    by2: Name = "",
) -> Response:
    import xlsxwriter

    rows = list(csv.reader(io.StringIO(_table(request, viewer, indicator, by, by2))))
    out = io.BytesIO()
    # Values are written as given (strings stay strings): the table's text was neutralised
    # against formula injection when it was made, and no string is turned into a formula.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(indicator[:31])
    bold = book.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            number = _number(value) if r else None
            if number is None:
                sheet.write_string(r, c, value, bold if r == 0 else None)
            else:
                sheet.write_number(r, c, number)
    sheet.freeze_panes(1, 0)
    book.close()
    return Response(
        out.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{indicator}.xlsx"'},
    )


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None
