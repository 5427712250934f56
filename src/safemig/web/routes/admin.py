"""Analyst and administrator pages: the quality summary (analyst), accounts, the audit log
and re-running the pipeline (admin). Every form carries the session's CSRF token."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from safemig.errors import SafemigError
from safemig.i18n import Text
from safemig.web.accounts import ROLES
from safemig.web.pages import Viewer, check_csrf, language_of, need, render, settings_of

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form(max_length=128)]


@router.get("/quality")
def quality(request: Request, viewer: Annotated[Viewer, Depends(need("analyst"))]) -> Response:
    data = settings_of(request).published()
    folder = data.folder
    statuses = Counter(r["status"] for r in folder.rows)
    reasons = Counter(
        (r["reason_fr"] if language_of(request) == "fr" else r["reason_en"])
        for r in folder.rows
        if r["status"] != "published"
    )
    return render(
        request,
        "quality.html.j2",
        {
            "summary": folder.summary,
            "statuses": sorted(statuses.items()),
            "reasons": reasons.most_common(),
            "project": folder.project_name(language_of(request)),
            "synthetic": folder.synthetic,
        },
        viewer,
    )


@router.get("/admin/users")
def users_page(request: Request, viewer: Annotated[Viewer, Depends(need("admin"))]) -> Response:
    return _users(request, viewer)


def _users(request: Request, viewer: Viewer, error: str = "", status: int = 200) -> Response:
    return render(
        request,
        "users.html.j2",
        {
            "users": settings_of(request).accounts.users(),
            "roles": ROLES,
            "csrf": viewer.session.csrf,
            "error": error,
        },
        viewer,
        status=status,
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    viewer: Annotated[Viewer, Depends(need("admin"))],
    csrf: Csrf = "",
    name: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "viewer",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    check_csrf(viewer, csrf)
    accounts = settings_of(request).accounts
    try:
        accounts.add(name, role, password)
    except SafemigError as exc:
        return _users(request, viewer, _worded(exc, request), status=400)
    accounts.audit(viewer.name, "user_added_web", f"{name} ({role})")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/remove")
def remove_user(
    request: Request,
    viewer: Annotated[Viewer, Depends(need("admin"))],
    csrf: Csrf = "",
    name: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_csrf(viewer, csrf)
    accounts = settings_of(request).accounts
    try:
        accounts.remove(name)
    except SafemigError as exc:
        return _users(request, viewer, _worded(exc, request), status=400)
    accounts.audit(viewer.name, "user_removed_web", name)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit")
def audit(request: Request, viewer: Annotated[Viewer, Depends(need("admin"))]) -> Response:
    return render(
        request,
        "audit.html.j2",
        {"entries": settings_of(request).accounts.audit_log(), "csrf": viewer.session.csrf},
        viewer,
    )


@router.post("/admin/rerun")
def rerun(
    request: Request, viewer: Annotated[Viewer, Depends(need("admin"))], csrf: Csrf = ""
) -> Response:
    from safemig.pipeline import run_project
    from safemig.project import load_project

    check_csrf(viewer, csrf)
    settings = settings_of(request)
    settings.accounts.audit(viewer.name, "rerun", "")
    try:
        run_project(load_project(settings.root))
    except SafemigError as exc:
        message = _worded(exc, request)
        return render(request, "error.html.j2", {"message": message}, viewer, status=400)
    return render(request, "error.html.j2", {"message_key": "rerun_done"}, viewer)


def _worded(exc: SafemigError, request: Request) -> str:
    """An error's message in the request's language."""
    message = exc.args[0] if exc.args else str(exc)
    return message.in_language(language_of(request)) if isinstance(message, Text) else str(exc)
