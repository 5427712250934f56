"""Women's voices in the dashboard (issue 13): analysts review suggested codes and approve
quotes; the work is done by :mod:`safemig.voices.web`, this module carries it over HTTP.
Every decision and approval is recorded under the analyst's name and in the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from safemig.web.pages import Viewer, check_csrf, language_of, need, render, settings_of

router = APIRouter(include_in_schema=False)


@router.get("/voices")
async def voices_page(
    request: Request, viewer: Annotated[Viewer, Depends(need("analyst"))]
) -> Response:
    from safemig.errors import VoicesError
    from safemig.voices.web import pending_quotes, pending_suggestions, voices_of

    language = language_of(request)
    try:
        voices = voices_of(settings_of(request).root)
    except VoicesError as exc:
        return render(request, "voices.html.j2", {"missing": exc.message(language)}, viewer)
    return render(
        request,
        "voices.html.j2",
        {
            "suggestions": pending_suggestions(voices, language),
            "quotes": pending_quotes(voices, language),
            "csrf": viewer.session.csrf,
        },
        viewer,
    )


@router.post("/voices/decide")
async def voices_decide(
    viewer: Annotated[Viewer, Depends(need("analyst"))],
    request: Request,
    unit: Annotated[str, Form(max_length=300)],
    theme: Annotated[str, Form(max_length=100)],
    decision: Annotated[str, Form(pattern="^(accepted|rejected)$")],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    from safemig.voices.web import record_decision, voices_of

    check_csrf(viewer, csrf)
    record_decision(voices_of(settings_of(request).root), unit, theme, decision, viewer.name)
    settings_of(request).accounts.audit(viewer.name, f"suggestion_{decision}", f"{unit} {theme}")
    return RedirectResponse("/voices", status_code=303)


@router.post("/voices/approve")
async def voices_approve(
    viewer: Annotated[Viewer, Depends(need("analyst"))],
    request: Request,
    quote: Annotated[str, Form(max_length=300)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    from safemig.voices.web import record_approval, voices_of

    check_csrf(viewer, csrf)
    record_approval(voices_of(settings_of(request).root), quote, viewer.name)
    settings_of(request).accounts.audit(viewer.name, "quote_approved", quote)
    return RedirectResponse("/voices", status_code=303)
