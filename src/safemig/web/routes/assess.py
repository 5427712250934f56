"""The programme self-assessment in the dashboard (issue 12): analysts and administrators
see the latest assessment (scorecard, change, gaps, coverage) and fill in a new one; it is
saved in the project's history under their name. The work is done by
:mod:`safemig.assess.web`; this module only carries it over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from safemig.web.pages import Viewer, check_csrf, language_of, need, render, settings_of

router = APIRouter(include_in_schema=False)


@router.get("/assess")
async def assess_page(
    request: Request, viewer: Annotated[Viewer, Depends(need("analyst"))]
) -> Response:
    return _page(request, viewer, {}, {})


@router.post("/assess")
async def assess_submit(
    request: Request, viewer: Annotated[Viewer, Depends(need("analyst"))]
) -> Response:
    from safemig.assess.files import builtin_checklist
    from safemig.assess.web import parse_form, save_form

    form = await request.form()
    fields: dict[str, str | list[str]] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str) or len(key) > 100 or len(value) > 5000:
            continue  # no files; absurdly long fields are dropped, not stored
        if key in fields:
            previous = fields[key]
            fields[key] = [*([previous] if isinstance(previous, str) else previous), value]
        else:
            fields[key] = value
    token = fields.pop("csrf", "")
    check_csrf(viewer, token if isinstance(token, str) else "")
    parsed = parse_form(builtin_checklist(), fields, source="dashboard")
    if parsed.assessment is None:
        return _page(request, viewer, parsed.messages(language_of(request)), fields, status=400)
    save_form(settings_of(request).root, parsed.assessment, viewer.name)
    settings_of(request).accounts.audit(viewer.name, "assessment_saved", "")
    return RedirectResponse("/assess", status_code=303)


def _page(
    request: Request,
    viewer: Viewer,
    errors: dict[str, str],
    values: dict[str, str | list[str]],
    status: int = 200,
) -> Response:
    from markupsafe import Markup

    from safemig.assess.files import builtin_checklist
    from safemig.assess.web import form_description, render_assessment_fragment
    from safemig.errors import AssessmentHistoryError

    language = language_of(request)
    checklist = builtin_checklist()
    try:
        latest = Markup(render_assessment_fragment(settings_of(request).root, language, checklist))
    except AssessmentHistoryError:
        latest = None
    return render(
        request,
        "assess.html.j2",
        {
            "latest": latest,
            "form": form_description(checklist, language),
            "errors": errors,
            "values": values,
            "csrf": viewer.session.csrf,
        },
        viewer,
        status=status,
    )
