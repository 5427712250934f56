"""Time of one indicator page in process: raw ASGI calls to the dashboard app (no network,
no HTTP client), over every indicator page of the benchmark project, after a warm pass.

    python benchmarks/dashboard_inprocess.py [CALLS] [--profile]

``--profile`` prints a pyinstrument profile of the same calls (``pip install pyinstrument``
first; it is not a dependency of safemig).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


async def _call(app: Any, path: str, cookie: str) -> None:
    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"cookie", f"safemig_session={cookie}".encode())],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
    }
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    assert status == [200], (path, status)


async def _run(app: Any, pages: list[str], cookie: str, calls: int, profile: bool) -> None:
    for _ in range(2):
        for path in pages:
            await _call(app, path, cookie)
    times = []
    start = time.perf_counter()
    for i in range(calls):
        begin = time.perf_counter()
        await _call(app, pages[i % len(pages)], cookie)
        times.append(time.perf_counter() - begin)
    total = time.perf_counter() - start
    print(
        f"{len(pages)} pages, {calls} calls: mean {total / calls * 1000:.2f} ms, "
        f"median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[18] * 1000:.2f} ms"
    )
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for i in range(calls):
            await _call(app, pages[i % len(pages)], cookie)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))


def main(argv: list[str]) -> None:
    import dashboard_load as load
    from fastapi.testclient import TestClient

    from safemig.web.app import create_app

    calls = int(next((a for a in argv if a.isdigit()), "1000"))
    with tempfile.TemporaryDirectory() as tmp:
        pages = load.project(Path(tmp))
        app = create_app(tmp)
        client = TestClient(app, base_url="http://bench")
        page = client.get("/login")
        token = page.text.split('name="csrf" value="')[1].split('"')[0]
        answer = client.post(
            "/login",
            data={"user": "bench", "password": load.PASSWORD, "csrf": token},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.status_code
        cookie = str(answer.cookies["safemig_session"])
        asyncio.run(_run(app, pages, cookie, calls, "--profile" in argv))


if __name__ == "__main__":
    main(sys.argv[1:])
