"""What mktsync costs a real org and a real user: API calls, server time, cold start, scan scale.

    .venv/bin/python benchmarks/run.py [--quick] [--runs N]

Prints a table and writes ``benchmarks/results.json`` with the machine it ran on.

* **Pre-flight API calls** on the demo org's healthy scenario, page by page,
  running the functions the pages run - against a naive client on the same
  gateway that sends every describe and every query as its own request and
  reuses nothing (what a one-call-per-check tool spends). Only calls that count
  against the org's daily allocation are compared; SOAP logins are not such calls.
* **Server time per rerun** of each page in Streamlit's AppTest (the script
  run only: no browser, no websocket) on a large demo org: five objects of 500
  fields each and 100k leads. Median and p95 over ``--runs`` reruns.
* **Cold start**: ``streamlit run`` to the first page painted in Debian's
  Chromium (headless Playwright, no browser download).
* **Duplicate scan** at 10k, 100k and 1M leads (``--quick`` skips 1M): wall
  time and API calls of a timed run, and the peak of traced memory from a
  second, untimed run (tracemalloc slows what it traces). The demo org lives
  in the same process, so the peak includes the CSV page it is answering with.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MKTSYNC_DATA_DIR", tempfile.mkdtemp(prefix="mktsync-bench-"))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from mktsync_core import registry  # noqa: E402
from mktsync_core.checks import run_prerequisite_checks  # noqa: E402
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session  # noqa: E402
from mktsync_core.duplicates import DuplicateReport, run_scan  # noqa: E402
from mktsync_core.mapping import fetch_review_describes  # noqa: E402
from mktsync_core.models import Edition, StepId  # noqa: E402
from mktsync_core.salesforce import (  # noqa: E402
    CallCounter,
    OrgInfo,
    SalesforceGateway,
    SfError,
    SObjectSummary,
)
from mktsync_core.visibility import fetch_describes  # noqa: E402
from tests.app.conftest import finish_step, verify_credentials  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"
HEALTHY = SCENARIOS[Scenario.HEALTHY]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BUDGET = 6


# ------------------------------------------------------------------ pre-flight


class NaiveGateway(SalesforceGateway):
    """The same gateway without batching or reuse: one request per describe and per query.

    A composite of one subrequest costs exactly what the plain GET would (one
    API call, one round trip), so the only difference measured is batching and
    reuse. The login's own identity call is left as it is.
    """

    def _composite(self, paths: Sequence[str]) -> list[tuple[int, Any]]:
        answers: list[tuple[int, Any]] = []
        for path in paths:
            answers += super()._composite([path])
        return answers

    def _read(self, *args: Any, **kwargs: Any) -> Any:
        self._describes = {}
        return super()._read(*args, **kwargs)

    @property
    def known_objects(self) -> tuple[SObjectSummary, ...] | None:
        return None  # nothing rides along

    def organization(self) -> OrgInfo | SfError:
        self._organization = None
        return super().organization()

    def list_objects(self) -> tuple[SObjectSummary, ...] | SfError:
        self._objects = None
        return super().list_objects()


def _pages(gw: SalesforceGateway) -> list[tuple[str, Callable[[], object]]]:
    """The pre-flight as the pages run it, in the order a user meets them."""

    def login() -> object:
        gw.login(HEALTHY.credentials())
        return gw.organization()  # the connection form names the org (ui/connection.py)

    def verify() -> object:
        gw.refresh()  # the troubleshooting re-check reads afresh (ui/verify.py)
        return run_prerequisite_checks(gw, Edition.PROFESSIONAL)

    return [
        ("login", login),
        ("prerequisites", lambda: run_prerequisite_checks(gw, Edition.PROFESSIONAL)),
        ("field visibility", lambda: fetch_describes(gw)),
        ("mappings", lambda: fetch_review_describes(gw)),
        ("duplicate scan", lambda: run_scan(gw)),
        ("verify re-check", verify),
    ]


def _preflight_of(gw: SalesforceGateway) -> dict[str, CallCounter]:
    spent: dict[str, CallCounter] = {}
    for name, page in _pages(gw):
        with gw.counting() as used:
            page()
        spent[name] = used
    return spent


def preflight() -> dict[str, Any]:
    org = DemoOrg()
    before = org.api_calls_used(HEALTHY)
    app = _preflight_of(SalesforceGateway(demo_session(org)))
    charged = org.api_calls_used(HEALTHY) - before
    naive = _preflight_of(NaiveGateway(demo_session(DemoOrg())))
    rows: list[dict[str, Any]] = [
        {
            "page": name,
            "api_calls": app[name].api_calls,
            "round_trips": app[name].round_trips,
            "naive_api_calls": naive[name].api_calls,
            "naive_round_trips": naive[name].round_trips,
        }
        for name in app
    ]
    total = sum(r["api_calls"] for r in rows)
    assert total == charged, "the gateway's counter disagrees with the org's"
    return {
        "pages": rows,
        "api_calls": total,
        "round_trips": sum(r["round_trips"] for r in rows),
        "naive_api_calls": sum(r["naive_api_calls"] for r in rows),
        "naive_round_trips": sum(r["naive_round_trips"] for r in rows),
        "budget": BUDGET,
    }


# -------------------------------------------------------------- page reruns


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def page_reruns(runs: int) -> dict[str, Any]:
    """Each page's script run on a large org, after a user finished every step before it."""
    org = DemoOrg(fields_per_object=500, lead_volume=100_000)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.context = {"locale": "en-US"}
    at.session_state["conn.gateway"] = SalesforceGateway(demo_session(org))
    at.session_state["conn.gateway_is_demo"] = True
    at.session_state["conn.demo_org"] = org
    at.run()
    pages: list[dict[str, Any]] = []
    for step in registry.STEPS:
        at.switch_page(step.page).run()
        if step.id is StepId.CREDENTIALS:
            verify_credentials(at)
        assert not at.exception, at.exception
        at.run()  # warm: caches filled, first-visit work done
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        pages.append(
            {
                "page": step.id.value,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "p95_ms": round(_percentile(times, 0.95) * 1000, 1),
            }
        )
        if step.id is not StepId.COMPLETE:
            finish_step(at, step.id)
            assert not at.exception, at.exception
    plan = at.session_state["mktsync.progress"].visibility
    return {
        "org": "5 objects x 500 fields, 100,000 leads",
        "audited_fields": len(plan.audit.fields),
        "runs": runs,
        "pages": pages,
    }


# --------------------------------------------------------------- cold start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cold_start() -> dict[str, Any]:
    """Seconds from ``streamlit run`` to the Home page's title painted in Chromium."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        start = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_for_health(url, deadline=time.monotonic() + 60)
            listening = time.perf_counter() - start
            page.goto(url)
            page.locator("h1").first.wait_for(state="visible", timeout=60_000)
            painted = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
            browser.close()
    return {"server_ready_s": round(listening, 2), "first_paint_s": round(painted, 2)}


def _wait_for_health(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("streamlit did not start")


# ----------------------------------------------------------- duplicate scan


def _scan(leads: int) -> tuple[DuplicateReport, float]:
    gw = SalesforceGateway(demo_session(DemoOrg(lead_volume=leads)))
    gw.login(HEALTHY.credentials())
    start = time.perf_counter()
    report = run_scan(gw, sleep=lambda _: None)
    return report, time.perf_counter() - start


def duplicate_scan(sizes: Sequence[int]) -> list[dict[str, Any]]:
    rows = []
    for leads in sizes:
        report, seconds = _scan(leads)
        tracemalloc.start()
        _scan(leads)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append(
            {
                "leads": leads,
                "method": report.method.value,
                "status": report.status.value,
                "seconds": round(seconds, 2),
                "api_calls": report.api_calls,
                "peak_mib": round(peak / 2**20, 1),
                "duplicate_emails": sum(k.emails for k in report.kinds),
            }
        )
    return rows


# ------------------------------------------------------------------ output


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _table(results: dict[str, Any]) -> str:
    flight = results["preflight"]
    lines = [
        "Pre-flight on the demo org (healthy): API calls (round trips)",
        f"{'page':<18}{'mktsync':>12}{'naive':>12}",
    ]
    for row in flight["pages"]:
        ours = f"{row['api_calls']} ({row['round_trips']})"
        naive = f"{row['naive_api_calls']} ({row['naive_round_trips']})"
        lines.append(f"{row['page']:<18}{ours:>12}{naive:>12}")
    ours = f"{flight['api_calls']} ({flight['round_trips']})"
    naive = f"{flight['naive_api_calls']} ({flight['naive_round_trips']})"
    lines += [f"{'total':<18}{ours:>12}{naive:>12}", f"budget: {flight['budget']} API calls", ""]
    reruns = results["page_reruns"]
    lines += [
        f"Server time per rerun ({reruns['org']}; {reruns['runs']} reruns)",
        f"{'page':<18}{'median ms':>12}{'p95 ms':>12}",
    ]
    lines += [f"{p['page']:<18}{p['median_ms']:>12}{p['p95_ms']:>12}" for p in reruns["pages"]]
    cold = results["cold_start"]
    lines += [
        "",
        f"Cold start: server ready {cold['server_ready_s']} s,"
        f" first page painted in Chromium {cold['first_paint_s']} s",
        "",
        "Duplicate scan",
        f"{'leads':>10}{'method':>11}{'seconds':>9}{'calls':>7}{'peak MiB':>10}",
    ]
    lines += [
        f"{r['leads']:>10,}{r['method']:>11}{r['seconds']:>9}{r['api_calls']:>7}{r['peak_mib']:>10}"
        for r in results["duplicate_scan"]
    ]
    m = results["machine"]
    lines += ["", f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['platform']}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-lead scan")
    parser.add_argument("--runs", type=int, default=15, help="reruns per page (default 15)")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    results = {
        "command": "benchmarks/run.py" + (" --quick" if args.quick else ""),
        "machine": machine(),
        "preflight": preflight(),
        "page_reruns": page_reruns(args.runs),
        "cold_start": cold_start(),
        "duplicate_scan": duplicate_scan(sizes),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(_table(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
