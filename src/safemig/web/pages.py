"""What every route shares: the session and role checks, CSRF, the language, rendering.

A page route asks for a :class:`Viewer` with ``Depends(need("viewer"))`` (or ``"analyst"``,
``"admin"``): without a session the browser is sent to the login page; with a lower role
the answer is 403. Forms carry the session's CSRF token; :func:`check_csrf` refuses a post
without it (403).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse

from safemig.web.accounts import Session, User
from safemig.web.cache import CSRF_SLOT, NAME_SLOT, Template
from safemig.web.words import STATUS, words

SESSION_COOKIE = "safemig_session"
LOGIN_CSRF_COOKIE = "safemig_login_csrf"
LANGUAGE_COOKIE = "safemig_lang"


@dataclass(frozen=True)
class Viewer:
    """The logged-in person of a request, with the session's token."""

    session: Session
    token: str

    @property
    def role(self) -> str:
        """``viewer``, ``analyst`` or ``admin``."""
        return self.session.user.role

    @property
    def name(self) -> str:
        """The account's name."""
        return self.session.user.name


def settings_of(request: Request) -> Any:
    """The app's :class:`safemig.web.app.Settings`."""
    return request.app.state.settings


def language_of(request: Request) -> str:
    """``fr`` or ``en``: the ``lang`` parameter, else the language cookie, else English."""
    asked = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE, "en")
    return "fr" if asked == "fr" else "en"


def current(request: Request) -> Viewer | None:
    """The request's live session, if any."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    session = settings_of(request).accounts.session(token)
    return Viewer(session, token) if session else None


def need(role: str) -> Callable[[Request], Coroutine[Any, Any, Viewer]]:
    """A dependency: the viewer, who must hold ``role`` (303 to login without a session)."""

    async def dependency(request: Request) -> Viewer:
        viewer = current(request)
        if viewer is None:
            if request.url.path.startswith("/api/"):
                raise HTTPException(401, "log in first / connectez-vous d'abord")
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise HTTPException(303, headers={"Location": f"/login?next={quote(target)}"})
        if not viewer.session.user.can(role):
            raise HTTPException(403, "forbidden")
        return viewer

    return dependency


def check_csrf(viewer: Viewer, token: str | None) -> None:
    """Refuse (403) a form whose CSRF token is missing or not the session's."""
    if not token or not secrets.compare_digest(token, viewer.session.csrf):
        raise HTTPException(403, "csrf")


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("safemig.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    viewer: Viewer | None = None,
    status: int = 200,
) -> HTMLResponse:
    """A page in the request's language; a ``lang`` parameter also sets the cookie."""
    html = _html(request, template, context, viewer)
    return _answer(request, HTMLResponse(html, status_code=status))


def render_cached(
    request: Request,
    template: str,
    context: Callable[[], dict[str, Any]],
    viewer: Viewer,
    parameters: frozenset[str],
) -> HTMLResponse:
    """A reading page, rendered once per (results version, template, path, query, language,
    role) and filled in with the viewer's name and CSRF token (:mod:`safemig.web.cache`).

    ``context`` is called only when the page is not kept yet. The caller must already have
    checked the parameters (404) and called ``settings.published()`` for this request, which
    empties the cache when the results changed. A query with a parameter outside
    ``parameters`` is rendered but not kept, so odd URLs cannot fill the cache.
    """
    settings = settings_of(request)
    query = tuple((k, v) for k, v in request.query_params.multi_items() if k != "lang")
    keep = all(k in parameters for k, _ in query)
    key = (template, request.scope["path"], query, language_of(request), viewer.role)
    page = settings.pages.get(key) if keep else None
    if page is None:
        slots = Viewer(Session(User(NAME_SLOT, viewer.role), CSRF_SLOT), "")
        page = Template.of(_html(request, template, context(), slots))
        if keep:
            settings.pages.put(key, page)
    body = page.fill(viewer.name, viewer.session.csrf)
    return _answer(request, HTMLResponse(body))


def _html(request: Request, template: str, context: dict[str, Any], viewer: Viewer | None) -> str:
    language = language_of(request)
    other = "en" if language == "fr" else "fr"
    query = {k: v for k, v in request.query_params.multi_items() if k != "lang"}
    switch = request.url.path + "?" + urlencode([*query.items(), ("lang", other)])
    html: str = (
        _environment()
        .get_template(template)
        .render(
            lang=language,
            t=_words(language),
            status_words=_status_words(language),
            switch=switch,
            viewer=viewer,
            path=request.url.path,
            **context,
        )
    )
    return html


@lru_cache(maxsize=2)
def _words(language: str) -> dict[str, str]:
    return words(language)


@lru_cache(maxsize=2)
def _status_words(language: str) -> dict[str, str]:
    return {k: v.in_language(language) for k, v in STATUS.items()}


def _answer(request: Request, response: HTMLResponse) -> HTMLResponse:
    if "lang" in request.query_params:
        secure = settings_of(request).secure_cookies
        language = language_of(request)
        response.set_cookie(LANGUAGE_COOKIE, language, samesite="lax", httponly=True, secure=secure)
    return response
