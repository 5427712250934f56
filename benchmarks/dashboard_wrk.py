"""The dashboard load with wrk (Debian's ``wrk``) as the load generator instead of Python.

Serves the same project as ``dashboard_load.py`` with ``safemig serve --workers N``, warms
every page on every worker, then runs ``wrk -t1 -c50 -d20s`` twice over the indicator pages
(``dashboard_wrk.lua``) with one viewer's session cookie, printing the load average around
each run. Nothing is written to RESULTS.md: copy the numbers by hand.

    python benchmarks/dashboard_wrk.py [--workers 2] [--connections 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import dashboard_load as load  # noqa: E402


def main(argv: list[str] | None = None) -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pages = load.project(Path(tmp))
        listing = Path(tmp) / "pages.txt"
        listing.write_text("\n".join(pages) + "\n", encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [str(Path(sys.executable).parent / "safemig"), "serve", "--project", tmp]
        command += ["--port", str(port), "--workers", str(args.workers)]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            load.wait_until_up(base)
            cookie = load.session_cookie(base)
            load.warm(base, pages, 6 * args.workers, cookie)
            for _ in range(2):
                print("load average before", os.getloadavg(), flush=True)
                wrk = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
                wrk += ["-s", str(HERE / "dashboard_wrk.lua")]
                wrk += ["-H", f"Cookie: safemig_session={cookie}", base]
                env = {**os.environ, "SAFEMIG_WRK_PAGES": str(listing)}
                subprocess.run(wrk, check=True, env=env)
                print("load average after", os.getloadavg(), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
