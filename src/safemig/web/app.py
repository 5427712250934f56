"""The dashboard application: FastAPI with server-rendered pages over published results.

:func:`create_app` builds the app for one project folder. Every page and API route comes
from a router module in :mod:`safemig.web.routes`; adding a page group (the self-assessment,
the voices) means writing one such module and listing it in :data:`ROUTERS`. Every route
sees only :class:`safemig.web.published.Published` (the disclosure-controlled ``results/``
folder) and the account database: no route can read the store, the quarantine, the cleaning
log or identifiers (``tests/web/test_routes.py`` enumerates the routes to prove it).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from safemig.web.accounts import Accounts
from safemig.web.cache import PageCache
from safemig.web.published import Published, published

#: Router modules, in the order their routes are matched.
ROUTERS = ("auth", "pages", "downloads", "api", "admin", "assess", "voices")
STATIC = Path(__file__).parent / "static"
USERS_FILE = Path(".safemig") / "users.sqlite"
#: The files of ``results/`` whose change (a new ``safemig run``) means new figures.
VERSION_FILES = ("run.json", "indicators.parquet", "survey_summary.json")


@dataclass
class Settings:
    """How the dashboard runs.

    Attributes
    ----------
    root
        The project folder (``results/`` is read from it).
    accounts
        The account database.
    secure_cookies
        Send cookies with ``Secure`` (behind HTTPS, as in production).
    """

    root: Path
    accounts: Accounts
    secure_cookies: bool = False
    pages: PageCache = field(default_factory=lambda: PageCache(None), init=False)
    _version_files: tuple[str, ...] = field(default=(), init=False, repr=False)
    _results: Path = field(default=Path(), init=False, repr=False)

    def __post_init__(self) -> None:
        self._results = self.root / "results"
        self._version_files = tuple(str(self.results / name) for name in VERSION_FILES)

    @property
    def results(self) -> Path:
        """The published results folder."""
        return self.root / "results"

    def published(self) -> Published:
        """The published results, re-read when the results folder changes.

        ``safemig run`` replaces ``results/`` by a rename, so every file of a new run is a
        new file: its inode, modification time or size differs. When any of
        :data:`VERSION_FILES` changed, the results are read again and the rendered pages
        (:attr:`pages`) are dropped.
        """
        stamp = self.version()
        if stamp != self.pages.version:
            self.pages = PageCache(stamp)
        return published(self._results, stamp)

    def version(self) -> tuple[tuple[int, int, int] | None, ...]:
        """What identifies the results folder's content now (one ``stat`` per file)."""
        stamps: list[tuple[int, int, int] | None] = []
        for name in self._version_files:
            try:
                info = os.stat(name)
            except OSError:
                stamps.append(None)
                continue
            stamps.append((info.st_ino, info.st_mtime_ns, info.st_size))
        return tuple(stamps)


def create_app(
    root: str | Path, secure_cookies: bool = False, users: Path | None = None
) -> FastAPI:
    """The dashboard for the project folder ``root``.

    Parameters
    ----------
    root
        A project folder that ``safemig run`` has published into (``root/results``).
    secure_cookies
        Mark cookies ``Secure`` (set when served over HTTPS).
    users
        The account database (default ``root/.safemig/users.sqlite``).
    """
    root = Path(root)
    settings = Settings(root, Accounts(users or root / USERS_FILE), secure_cookies)
    settings.published()  # a missing or broken results folder fails here, with its reason
    app = FastAPI(
        title="safemig published indicators",
        description="Published, disclosure-controlled survey indicators (aggregates only). "
        "Log in first: the API uses the dashboard's session cookie. / Indicateurs publiés "
        "(agrégats uniquement) ; connectez-vous d'abord.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name in ROUTERS:
        module = importlib.import_module(f"safemig.web.routes.{name}")
        app.include_router(module.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """The app for ``uvicorn --factory`` with several worker processes (``safemig serve
    --workers N``): the project and cookie setting come from ``SAFEMIG_PROJECT`` and
    ``SAFEMIG_SECURE_COOKIES``."""
    import os

    return create_app(
        os.environ["SAFEMIG_PROJECT"], os.environ.get("SAFEMIG_SECURE_COOKIES") == "1"
    )


_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the security headers to every HTTP answer (a plain ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` costs about a millisecond a request for the same work)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in _HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    from safemig.web.pages import current, render

    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 303 and exc.headers:
        return Response(status_code=303, headers=exc.headers)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    key = {403: "forbidden", 404: "not_found", 429: "rate"}.get(exc.status_code, "not_found")
    if exc.detail == "csrf":
        key = "csrf"
    page: HTMLResponse = render(
        request, "error.html.j2", {"message_key": key}, current(request), status=exc.status_code
    )
    return page
