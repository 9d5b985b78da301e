"""Throughput of mixed reads through gunicorn (2 workers) on the loopback,
driven by wrk with 4 connections for a bounded time; the floor is the trivial
view through the same server."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.cases.context import Context
from bench.cases.pages import LIST_FILTER
from bench.report import Result
from bench.urls import PING_URL
from contacts.selectors import companies_visible_to

CASE = "throughput, mixed reads, 4 clients"
TARGET = "≥ 40 requests/s, p95 ≤ 150 ms"
SCRIPT = Path(__file__).resolve().parent.parent / "wrk" / "mixed.lua"
_RESULT = re.compile(r"BENCH-RESULT (.*)")
WARMUP_SECONDS = 2
# wrk counts a request still open after this as an error and stops timing it.
TIMEOUT_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        try:
            # Without a session the trivial view redirects to the login: up.
            urllib.request.urlopen(base + "/login/", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # A worker's first request (imports, URLconf) can take longer
            # than the 2 s on a busy machine: that is not "down".
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 30 s")


def _paths(ctx: Context, user) -> list[str]:
    companies = list(
        companies_visible_to(user).order_by("id").values_list("pk", flat=True)[:40]
    )
    paths = ["/contacts/companies/", f"/contacts/companies/?{LIST_FILTER}"]
    paths += [f"/contacts/companies/{pk}/" for pk in companies[:30]]
    paths += [f"/contacts/companies/{pk}/history/" for pk in companies[30:]]
    paths += ["/contacts/companies/?q=Maier", "/contacts/companies/?page=3"]
    return paths


def _wrk(base: str, paths: list[str], cookie: str, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.write("\n".join(paths) + "\n")
    env = os.environ | {"BENCH_PATHS": file.name, "BENCH_COOKIE": cookie}
    command = [
        "wrk",
        "-t2",
        "-c4",
        f"-d{seconds}s",
        f"--timeout={TIMEOUT_SECONDS}s",
        "-s",
        str(SCRIPT),
        base,
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=seconds + 60
    )
    os.unlink(file.name)
    match = _RESULT.search(completed.stdout)
    if completed.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed: {completed.stdout}{completed.stderr}")
    figures = dict(pair.split("=") for pair in match.group(1).split())
    figures = {key: int(value) for key, value in figures.items()}
    # A refused or failed page means the set-up is wrong; a slow one is a result.
    if figures["non2xx"]:
        raise RuntimeError(f"wrk saw failed requests: {figures}")
    figures["rate"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def run(ctx: Context) -> list[Result]:
    if shutil.which("wrk") is None:
        return [
            Result.not_available(CASE, "wrk not installed: apt-get install wrk", TARGET)
        ]
    user = ctx.user(ctx.data.reps[0])
    cookie = "sessionid=" + ctx.client(user.pk).cookies["sessionid"].value
    paths = _paths(ctx, user)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "crm.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
    )
    try:
        _wait_until_up(base, server)
        _wrk(base, paths, cookie, WARMUP_SECONDS)
        seconds = ctx.tier.throughput_seconds
        mixed = _wrk(base, paths, cookie, seconds)
        floor = _wrk(base, [PING_URL], cookie, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    p95 = mixed["p95_us"] / 1000
    return [
        Result(
            case=CASE,
            p50=mixed["p50_us"] / 1000,
            p95=p95,
            floor="trivial view, same server",
            floor_p50=floor["p50_us"] / 1000,
            floor_p95=floor["p95_us"] / 1000,
            target=TARGET,
            met=mixed["rate"] >= 40 and p95 <= 150 and not mixed["errors"],
            note=(
                f"{mixed['rate']:.0f} requests/s over {seconds} s "
                f"({len(paths)} pages: lists, details, history tabs); floor "
                f"{floor['rate']:.0f} requests/s"
                + (
                    f"; {mixed['errors']} requests over {TIMEOUT_SECONDS} s or"
                    " dropped, not in the percentiles"
                    if mixed["errors"]
                    else ""
                )
            ),
        )
    ]
