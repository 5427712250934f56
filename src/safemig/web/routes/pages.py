"""The reading pages: indicators by GCM objective, one indicator with its breakdown picker,
chart and table, the comparison of two groups, and the methods."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from safemig.products.cells import shows_category
from safemig.products.charts import chart_spec, render_svg
from safemig.products.ui import disclosure_lines, estimator_text, variance_text
from safemig.products.wording import framework_name, framework_title
from safemig.web.pages import Viewer, language_of, need, render_cached, settings_of
from safemig.web.published import Published

router = APIRouter(include_in_schema=False)
Name = Annotated[str, Query(max_length=64)]


@router.get("/")
async def index(
    request: Request,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    language = language_of(request)
    data = settings_of(request).published()

    def context() -> dict[str, Any]:
        groups = [
            (_objective_heading(number, language), sections)
            for number, sections in data.grouped(q, language)
        ]
        return {"groups": groups, "q": q, **_common(data, language)}

    return render_cached(request, "index.html.j2", context, viewer, frozenset({"q"}))


@router.get("/indicator/{indicator}")
async def indicator_page(
    request: Request,
    indicator: str,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    by: Name = "",
    by2: Name = "",
) -> Response:
    language = language_of(request)
    data = settings_of(request).published()
    section = data.sections.get(indicator)
    if section is None:
        raise HTTPException(404)
    if by and by not in data.folder.disaggregations:
        raise HTTPException(404)
    if by2 and by2 not in data.folder.disaggregations:
        raise HTTPException(404)
    cut = data.cut_name(by, by2)
    fragment = bool(request.headers.get("HX-Request"))

    def context() -> dict[str, Any]:
        found: dict[str, Any] = {
            "ind": section.indicator,
            "title": section.indicator.title.in_language(language),
            "description": section.indicator.description.in_language(language),
            "notes": section.indicator.notes.in_language(language)
            if section.indicator.notes
            else "",
            "frameworks": [
                (framework_name(f, language), framework_title(f, language))
                for f in section.indicator.frameworks
            ],
            "by": by,
            "by2": by2,
            "cut": cut,
            "options": _options(data, language),
            "show_category": shows_category(section.indicator),
            "analyst": viewer.session.user.can("analyst"),
            "fragment": fragment,
            **_common(data, language),
        }
        if cut is not None:
            cells = data.cells(indicator, cut, language)
            found["cells"] = cells
            found["chart"] = _chart(data, indicator, cut, language)
            found["groups"] = [c for c in cells if c.row["disaggregation"]]
            found["one_way"] = bool(cut) and "+" not in cut
        return found

    template = "_result.html.j2" if fragment else "indicator.html.j2"
    return render_cached(request, template, context, viewer, frozenset({"by", "by2"}))


@router.get("/indicator/{indicator}/compare")
async def compare_page(
    request: Request,
    indicator: str,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    by: Name,
    a: Annotated[int, Query(ge=0, le=10_000)] = 0,
    b: Annotated[int, Query(ge=0, le=10_000)] = 1,
) -> Response:
    language = language_of(request)
    data = settings_of(request).published()
    section = data.sections.get(indicator)
    if section is None or by not in data.folder.disaggregations:
        raise HTTPException(404)

    def context() -> dict[str, Any]:
        return {
            "ind": section.indicator,
            "title": section.indicator.title.in_language(language),
            "by": by,
            "by_title": data.folder.catalogue.disaggregation(by).title.in_language(language),
            "groups": [c for c in data.cells(indicator, by, language) if c.row["disaggregation"]],
            "a": a,
            "b": b,
            "comparison": data.compare(indicator, by, a, b, language),
            "scale": 100.0 if section.indicator.unit == "percent" else 1.0,
            **_common(data, language),
        }

    return render_cached(request, "compare.html.j2", context, viewer, frozenset({"by", "a", "b"}))


@router.get("/methods")
async def methods(request: Request, viewer: Annotated[Viewer, Depends(need("viewer"))]) -> Response:
    language = language_of(request)
    data = settings_of(request).published()

    def context() -> dict[str, Any]:
        folder = data.folder
        return {
            "estimator": estimator_text(folder.run, language),
            "variance": variance_text(folder.run, language),
            "disclosure": disclosure_lines(folder.rule, language),
            **_common(data, language),
        }

    return render_cached(request, "methods.html.j2", context, viewer, frozenset())


def _common(data: Published, language: str) -> dict[str, Any]:
    return {"project": data.folder.project_name(language), "synthetic": data.folder.synthetic}


def _options(data: Published, language: str) -> list[tuple[str, str]]:
    catalogue = data.folder.catalogue
    return [
        (name, catalogue.disaggregation(name).title.in_language(language))
        for name in data.folder.disaggregations
    ]


def _objective_heading(number: int | None, language: str) -> str:
    if number is None:
        return "Other indicators" if language == "en" else "Autres indicateurs"
    name = framework_name(f"GCM-{number}", language)
    return f"{name} — {framework_title(f'GCM-{number}', language)}"


def _chart(data: Published, indicator: str, cut: str, language: str) -> str:
    # Rendering a chart takes tens of milliseconds: each is drawn once per results version
    # (the cache belongs to the results, so a new run draws new charts).
    key = (indicator, cut, language)
    uri = data.charts.get(key)
    if uri is None:
        title = data.sections[indicator].indicator.title.in_language(language)
        cells = data.cells(indicator, cut, language)
        unit = data.sections[indicator].indicator.unit
        svg = render_svg(chart_spec(title, cells, unit, language))
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        data.charts[key] = uri
    return uri
