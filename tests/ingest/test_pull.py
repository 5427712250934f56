"""Pull clients against a local server answering the documented KoboToolbox and Central shapes."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from safemig.errors import RemoteError
from safemig.ingest import ingest_file
from safemig.ingest.pull import pull_central, pull_kobo

RECORDS = [
    {
        "_id": i,
        "_uuid": f"k{i}",
        "enumerator_id": "ENUM-101",
        "ea_id": "EA-1",
        "consent_given": "yes",
        "profile/resp_age": str(20 + i),
        "_attachments": [],
    }
    for i in range(5)
]
TOKEN = "secret-token"


def _central_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "small.csv", "enumerator_id,ea_id,consent_given,KEY\nENUM-101,EA-1,no,uuid:c1\n"
        )
    return buffer.getvalue()


class Handler(BaseHTTPRequestHandler):
    """KPI v2 ``/api/v2/assets/{uid}/data/`` and Central ``/v1/sessions``, ``users/current``,
    ``submissions.csv.zip``: just enough of each documented response."""

    seen: list[str] = []

    def log_message(self, *_args) -> None:  # keep test output clean
        return

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlparse(self.path)
        Handler.seen.append(self.path)
        if url.path == "/api/v2/assets/aXYZ/data/":
            return self._kobo(url)
        if url.path == "/v1/users/current":
            return self._send(200, b'{"id": 1}')
        if url.path == "/v1/projects/7/forms/small/submissions.csv.zip":
            if self.headers.get("Authorization") != "Bearer central-token":
                return self._send(401, b"{}")
            return self._send(200, _central_zip(), "application/zip")
        return self._send(404, b"{}")

    def _kobo(self, url) -> None:
        if self.headers.get("Authorization") != f"Token {TOKEN}":
            return self._send(401, b'{"detail": "Invalid token."}')
        query = parse_qs(url.query)
        start, limit = int(query["start"][0]), int(query["limit"][0])
        page = RECORDS[start : start + limit]
        nxt = (
            (
                f"http://127.0.0.1:{self.server.server_port}{url.path}?format=json&"
                f"limit={limit}&start={start + limit}"
            )
            if start + limit < len(RECORDS)
            else None
        )
        body = {"count": len(RECORDS), "next": nxt, "previous": None, "results": page}
        return self._send(200, json.dumps(body).encode())

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        credentials = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/v1/sessions" and credentials.get("password") == "right":
            return self._send(200, b'{"token": "central-token", "expiresAt": "2099-01-01"}')
        return self._send(401, b'{"code": 401.2, "message": "Could not authenticate"}')


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_kobo_pull_follows_pages_and_ingests(server, tmp_path: Path, settings, store: Path) -> None:
    path = pull_kobo(server, "aXYZ", TOKEN, tmp_path / "kobo.jsonl", page_size=2)
    assert len(Handler.seen) == 3  # pages of 2, 2 and 1
    assert [json.loads(line)["_uuid"] for line in path.read_text().splitlines()] == [
        "k0",
        "k1",
        "k2",
        "k3",
        "k4",
    ]
    assert ingest_file(path, store, settings).accepted == 5


def test_kobo_refused_token(server, tmp_path: Path) -> None:
    with pytest.raises(RemoteError, match="refused the token"):
        pull_kobo(server, "aXYZ", "wrong", tmp_path / "kobo.jsonl")
    assert list(tmp_path.iterdir()) == []  # no half-written file


def test_central_pull_through_pyodk(server, tmp_path: Path, settings, store: Path) -> None:
    path = pull_central(server, 7, "small", "me@example.org", "right", tmp_path / "c.zip")
    summary = ingest_file(path, store, settings)
    assert (summary.format, summary.accepted) == ("central_zip", 1)


def test_central_wrong_password(server, tmp_path: Path) -> None:
    with pytest.raises(RemoteError, match="refused"):
        pull_central(server, 7, "small", "me@example.org", "wrong", tmp_path / "c.zip")
    assert not (tmp_path / "c.zip").exists()
