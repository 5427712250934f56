"""Load on the dashboard: 50 concurrent clients on loopback asking for indicator pages.

The dashboard (``safemig serve``: one uvicorn process) serves the published results of the
1,320-respondent synthetic survey. Each client logs in once, then asks in turn for indicator
pages with a breakdown (the set of pages is warmed first, so these are cached pages: charts
already rendered). Reported: requests per second over the run, and the median and 95th
percentile of the latency seen by the clients. Writes the section "## Dashboard (issue 9)" of
benchmarks/RESULTS.md with the machine, versions and load average.

    python benchmarks/dashboard_load.py [--clients 50] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from pipeline import machine  # noqa: E402
from pipeline import write_section as _write  # noqa: E402

HEADING = "## Dashboard (issue 9)"
PASSWORD = "benchmark-password-1"


def project(folder: Path) -> list[str]:
    """A project with published results and one viewer; the indicator pages to ask for."""
    from safemig.web.accounts import Accounts
    from safemig.web.app import USERS_FILE
    from safemig.web.published import Published
    from tests.products.results_folder import build_results_folder

    build_results_folder(folder / "results")
    Accounts(folder / USERS_FILE).add("bench", "viewer", PASSWORD)
    data = Published(folder / "results")
    cuts = ["", *data.folder.disaggregations]
    return [f"/indicator/{i}?by={c}" for i in data.sections for c in cuts]


def wait_until_up(base: str) -> None:
    """Poll the login page until the server answers (at most a minute)."""
    import httpx

    for _ in range(600):
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)


def session_cookie(base: str) -> str:
    """Log in once (the dashboard limits logins per address; sessions may be shared)."""
    import httpx

    with httpx.Client(base_url=base, timeout=60) as client:
        login = client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', login.text)
        assert token
        answer = client.post(
            "/login", data={"user": "bench", "password": PASSWORD, "csrf": token.group(1)}
        )
        assert answer.status_code == 303, answer.status_code
        return str(answer.cookies["safemig_session"])


async def _client(
    base: str, pages: list[str], count: int, offset: int, latencies: list[float], cookie: str
) -> None:
    import httpx

    cookies = {"safemig_session": cookie}
    async with httpx.AsyncClient(base_url=base, timeout=60, cookies=cookies) as client:
        for i in range(count):
            path = pages[(offset + i) % len(pages)]
            start = time.perf_counter()
            response = await client.get(path)
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)


def warm(base: str, pages: list[str], rounds: int, cookie: str) -> None:
    """Ask for every page ``rounds`` times, each time on a new connection."""
    import httpx

    limits = httpx.Limits(max_keepalive_connections=0)
    cookies = {"safemig_session": cookie}
    with httpx.Client(base_url=base, timeout=120, cookies=cookies, limits=limits) as client:
        for _ in range(rounds):
            for path in pages:
                assert client.get(path).status_code == 200, path


async def load(
    base: str, pages: list[str], clients: int, requests: int, cookie: str
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    per_client = max(1, requests // clients)
    start = time.perf_counter()
    await asyncio.gather(
        *(_client(base, pages, per_client, k * 7, latencies, cookie) for k in range(clients))
    )
    return time.perf_counter() - start, latencies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pages = project(Path(tmp))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "safemig"),
                "serve",
                "--project",
                tmp,
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            cookie = session_cookie(base)
            print(f"warming {len(pages)} pages", file=sys.stderr)
            # Each worker process keeps its own page cache, and a kept-alive connection stays
            # with one worker: warm on a new connection per request, every page 6 times per
            # worker (a page missing from a worker after that: odds 2**-12 with two workers).
            warm(base, pages, 6 * args.workers, cookie)
            load_before = os.getloadavg()[0]
            elapsed, latencies = asyncio.run(load(base, pages, args.clients, args.requests, cookie))
            load_after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
    rate = len(latencies) / elapsed
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    print(f"{len(latencies)} requests, {rate:.0f} req/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    write_section(
        args.workers, args.clients, len(latencies), rate, p50, p95, (load_before, load_after)
    )


def write_section(
    workers: int,
    clients: int,
    requests: int,
    rate: float,
    p50: float,
    p95: float,
    load: tuple[float, float],
) -> None:
    import platform

    import fastapi
    import uvicorn

    from safemig import __version__

    verdict = "met" if p95 < 200 else "**not met**"
    text = f"""{HEADING}

`python benchmarks/dashboard_load.py --clients {clients} --workers {workers}`: `safemig serve
--workers {workers}` (uvicorn) on loopback serving the published results of the
1,320-respondent synthetic survey; {clients} concurrent clients (httpx, asyncio, in a second
process) sharing one logged-in session, asking in turn for indicator pages with a breakdown
(every page warmed first, so charts are cached). Latency is what the clients saw, request to
full answer.

Machine: {machine()}. Load average {load[0]:.2f} before, {load[1]:.2f} after the run.
Versions: safemig {__version__}, Python {platform.python_version()}, FastAPI
{fastapi.__version__}, uvicorn {uvicorn.__version__}.

| clients | requests | requests/s | p50 latency | p95 latency |
| --- | --- | --- | --- | --- |
| {clients} | {requests:,} | {rate:.0f} | {p50:.0f} ms | {p95:.0f} ms |

Target p95 under 200 ms for cached pages: {verdict}.
"""
    _write_with_heading(text)


def _write_with_heading(text: str) -> None:
    import pipeline

    saved = pipeline.HEADING
    pipeline.HEADING = HEADING
    try:
        _write(text)
    finally:
        pipeline.HEADING = saved


if __name__ == "__main__":
    main()
