"""Pull submissions from a server into a file that ``ingest_file`` reads.

* KoboToolbox, KPI API v2: ``GET /api/v2/assets/{uid}/data/?format=json`` with
  ``Authorization: Token <key>``, page by page (``start``/``limit``, following ``next``)
  into a JSON-lines file whose keys are the XML names (``group/question``).
* ODK Central, through pyodk (the official client): a session token from ``POST
  /v1/sessions``, then ``GET /v1/projects/{p}/forms/{f}/submissions.csv.zip`` (root table and
  one CSV per repeat), saved as the zip.

Both write to a temporary name and rename at the end, so a failed pull leaves no half file.
A refused or failed request raises :class:`safemig.errors.RemoteError`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from safemig.errors import RemoteError

KOBO_PAGE = 1000  # the API allows up to 30,000; smaller pages keep memory flat


def pull_kobo(
    server: str,
    asset_uid: str,
    token: str,
    destination: str | Path,
    page_size: int = KOBO_PAGE,
    timeout: float = 60.0,
) -> Path:
    """Download every submission of a KoboToolbox form into ``destination`` (``.jsonl``).

    Parameters
    ----------
    server : str
        e.g. ``https://kf.kobotoolbox.org``.
    asset_uid : str
        The form's asset uid (in its URL).
    token : str
        API key (Account settings → Security).

    Returns
    -------
    Path
        ``destination``, one JSON object per line.
    """
    import httpx

    target = Path(destination)
    partial = target.with_name(target.name + ".partial")
    url: str | None = f"{server.rstrip('/')}/api/v2/assets/{asset_uid}/data/"
    params: dict[str, Any] | None = {"format": "json", "limit": page_size, "start": 0}
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    try:
        with (
            httpx.Client(headers=headers, timeout=timeout) as http,
            partial.open("w", encoding="utf-8") as out,
        ):
            while url:
                page = _kobo_page(http, url, params)
                for record in page.get("results", []):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                url, params = page.get("next"), None  # ``next`` carries start and limit
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def _kobo_page(http: Any, url: str, params: dict[str, Any] | None) -> dict[str, Any]:
    import httpx

    try:
        response = http.get(url, params=params)
    except httpx.HTTPError as exc:
        raise RemoteError(f"{url}: the KoboToolbox server cannot be reached ({exc})") from exc
    if response.status_code in (401, 403):
        raise RemoteError(
            f"{url}: the server refused the token (HTTP {response.status_code}); "
            "copy the API key again from Account settings → Security"
        )
    if response.status_code != 200:
        raise RemoteError(f"{url}: HTTP {response.status_code} from KoboToolbox")
    try:
        return response.json()
    except ValueError as exc:
        raise RemoteError(f"{url}: the answer is not JSON") from exc


def pull_central(
    base_url: str,
    project_id: int,
    form_id: str,
    username: str,
    password: str,
    destination: str | Path,
) -> Path:
    """Download an ODK Central form's ``submissions.csv.zip`` through pyodk.

    Parameters
    ----------
    base_url : str
        e.g. ``https://central.example.org`` (pyodk adds ``/v1``).
    project_id : int
    form_id : str
        The form's ``xmlFormId``.
    username, password : str
        A Web User allowed to read submissions (never an App User).

    Returns
    -------
    Path
        ``destination`` (a zip with ``<form_id>.csv`` and one CSV per repeat).
    """
    from pyodk._utils.config import CentralConfig, Config
    from pyodk.client import Client
    from pyodk.errors import PyODKError

    target = Path(destination)
    config = Config(
        central=CentralConfig(
            base_url=base_url, username=username, password=password, default_project_id=project_id
        )
    )
    url = f"projects/{project_id}/forms/{form_id}/submissions.csv.zip"
    with tempfile.TemporaryDirectory() as cache:
        try:
            with Client(config=config, cache_path=Path(cache) / "token.toml") as client:
                response = client.get(url, params={"attachments": "false"})
        except PyODKError as exc:
            raise RemoteError(
                f"{base_url}: ODK Central refused the login or request ({exc})"
            ) from exc
        except OSError as exc:  # requests' ConnectionError is an OSError
            raise RemoteError(f"{base_url}: ODK Central cannot be reached ({exc})") from exc
    if response.status_code != 200:
        raise RemoteError(f"{base_url}/v1/{url}: HTTP {response.status_code} from ODK Central")
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(response.content)
    partial.replace(target)
    return target
