"""Logging in and out. The login form is protected against cross-site posts by a
double-submit token (a cookie and a form field that must match); failed attempts count
towards the account's lock-out (:mod:`safemig.web.accounts`)."""

from __future__ import annotations

import secrets
import time
from collections import deque
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from safemig.web.pages import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Viewer,
    check_csrf,
    need,
    render,
    settings_of,
)

router = APIRouter(include_in_schema=False)

#: Login attempts one address may make per minute, whatever the accounts (the per-account
#: lock-out alone would let one address try many names).
ATTEMPTS_PER_MINUTE = 20


def _too_many(request: Request, address: str) -> bool:
    attempts: dict[str, deque[float]] = request.app.state.__dict__.setdefault("attempts", {})
    now = time.monotonic()
    recent = attempts.setdefault(address, deque())
    while recent and now - recent[0] > 60:
        recent.popleft()
    recent.append(now)
    return len(recent) > ATTEMPTS_PER_MINUTE


def _safe_next(target: str) -> str:
    # Only paths of this site: "//host" or "http://..." would send the user elsewhere.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html.j2", {"csrf": token, "next": _safe_next(next)})
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings_of(request).secure_cookies,
    )
    return response


@router.post("/login")
def login(
    request: Request,
    user: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not csrf or not expected or not secrets.compare_digest(csrf, expected):
        raise HTTPException(403, "csrf")
    settings = settings_of(request)
    address = request.client.host if request.client else "-"
    if _too_many(request, address):
        settings.accounts.audit(user, "login_rate_limited", "", address)
        raise HTTPException(429, "rate")
    outcome = settings.accounts.login(user, password, address)
    if outcome is None:
        token = secrets.token_urlsafe(32)
        page = render(
            request,
            "login.html.j2",
            {"csrf": token, "next": _safe_next(next), "failed": True},
            status=401,
        )
        page.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=settings.secure_cookies,
        )
        return page
    session_token, _ = outcome
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=12 * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request,
    viewer: Annotated[Viewer, Depends(need("viewer"))],
    csrf: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    check_csrf(viewer, csrf)
    settings_of(request).accounts.logout(viewer.token)
    settings_of(request).accounts.audit(viewer.name, "logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
