"""The JSON API for partners' tools: the published indicators and their cells (aggregates
only, as on the pages), described by the OpenAPI schema at ``/api/openapi.json``. It uses
the dashboard's session cookie (log in with ``POST /login`` first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from safemig.web.pages import Viewer, need, settings_of

router = APIRouter(prefix="/api", responses={401: {"description": "not logged in / non connecté"}})


class IndicatorInfo(BaseModel):
    """One published indicator."""

    id: str
    title_en: str
    title_fr: str
    statistic: str
    unit: str
    frameworks: list[str]
    disaggregations: list[str]


class CellOut(BaseModel):
    """One published cell; numbers are null where disclosure control suppressed them."""

    disaggregation: str
    groups: dict[str, str | None]
    level: str | None
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    status: str
    flag: str
    reason_en: str
    reason_fr: str


@router.get("/indicators", response_model=list[IndicatorInfo])
async def indicators(
    request: Request, viewer: Annotated[Viewer, Depends(need("viewer"))]
) -> list[IndicatorInfo]:
    """Every published indicator."""
    data = settings_of(request).published()
    return [
        IndicatorInfo(
            id=s.indicator.id,
            title_en=str(s.indicator.title),
            title_fr=s.indicator.title.fr,
            statistic=s.indicator.statistic,
            unit=s.indicator.unit,
            frameworks=list(s.indicator.frameworks),
            disaggregations=list(data.folder.disaggregations),
        )
        for s in data.sections.values()
    ]


@router.get(
    "/indicators/{indicator}",
    response_model=list[CellOut],
    responses={404: {"description": "unknown indicator or breakdown"}},
)
async def cells(
    request: Request,
    indicator: str,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    by: Annotated[str, Query(max_length=64)] = "",
    by2: Annotated[str, Query(max_length=64)] = "",
) -> list[CellOut]:
    """The cells of one indicator: overall, and the breakdown ``by`` (and ``by2``)."""
    data = settings_of(request).published()
    if indicator not in data.sections:
        raise HTTPException(404, "unknown indicator / indicateur inconnu")
    if any(b and b not in data.folder.disaggregations for b in (by, by2)):
        raise HTTPException(404, "unknown breakdown / ventilation inconnue")
    cut = data.cut_name(by, by2)
    if cut is None:
        raise HTTPException(404, "breakdown not published / ventilation non publiée")
    out = []
    for cell in data.cells(indicator, cut, "en"):
        row = cell.row
        hidden = cell.hidden
        names = [n for n in row["disaggregation"].split("+") if n]
        out.append(
            CellOut(
                disaggregation=row["disaggregation"],
                groups={n: row[n] for n in names},
                level=row["level"],
                estimate=None if hidden else row["estimate"],
                ci_low=None if hidden else row["ci_low"],
                ci_high=None if hidden else row["ci_high"],
                status=row["status"],
                flag=row["flag"],
                reason_en=row["reason_en"],
                reason_fr=row["reason_fr"],
            )
        )
    return out
