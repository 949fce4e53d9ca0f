"""Server time per rerun of the Set sync user credentials page on a large org.

The demo org is padded to 500 fields on Lead, Contact, Account, Opportunity and
a related custom object (``DemoOrg(fields_per_object=500)``); the page runs in
Streamlit's AppTest (the script run only: no browser, no websocket). Also
times the pure classification (describes -> DataFrame) on the same describes.

    .venv/bin/python benchmarks/visibility_rerun.py [runs]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MKTSYNC_DATA_DIR", tempfile.mkdtemp(prefix="mktsync-bench-"))

from streamlit.testing.v1 import AppTest  # noqa: E402

from mktsync_core import registry  # noqa: E402
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session  # noqa: E402
from mktsync_core.models import StepId  # noqa: E402
from mktsync_core.salesforce import SalesforceGateway  # noqa: E402
from mktsync_core.visibility import classify, fetch_describes  # noqa: E402
from tests.app.conftest import finish_step, verify_credentials  # noqa: E402


def classification(runs: int) -> float:
    gateway = SalesforceGateway(demo_session(DemoOrg(fields_per_object=500)))
    gateway.login(SCENARIOS[Scenario.HEALTHY].credentials())
    fetched = fetch_describes(gateway)
    assert not isinstance(fetched, Exception) and hasattr(fetched, "describes")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        frame = classify(fetched.describes)
        times.append(time.perf_counter() - start)
    print(f"classify: {len(frame)} fields, median {statistics.median(times) * 1000:.1f} ms")
    return statistics.median(times)


def page_reruns(runs: int) -> float:
    org = DemoOrg(fields_per_object=500)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context = {"locale": "en-US"}
    at.session_state["conn.gateway"] = SalesforceGateway(demo_session(org))
    at.session_state["conn.gateway_is_demo"] = True
    at.session_state["conn.demo_org"] = org
    at.run()
    for s in registry.STEPS[: registry.number(StepId.CREDENTIALS)]:
        finish_step(at, s.id)
    verify_credentials(at)
    assert not at.exception, at.exception
    plan = at.session_state["mktsync.progress"].visibility
    fields = len(plan.audit.fields)
    at.run()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"credentials page rerun: {fields} fields, median {median * 1000:.0f} ms over {runs}")
    return median


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    classification(runs)
    page_reruns(runs)
