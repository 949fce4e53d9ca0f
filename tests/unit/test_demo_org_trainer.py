"""Trainer actions on a running demo org: break something after the setup, then fix it."""

import pytest

from mktsync_core.checks import CheckStatus, run_prerequisite_checks
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.models import Edition
from mktsync_core.salesforce import SalesforceGateway, SfError, SfErrorCode
from mktsync_core.troubleshooting import Recheck, TroubleId, TroubleStatus, diagnose


def login(org: DemoOrg, scenario: Scenario = Scenario.HEALTHY):
    gw = SalesforceGateway(demo_session(org))
    return gw, gw.login(SCENARIOS[scenario].credentials())


def recheck(org: DemoOrg) -> dict[TroubleId, TroubleStatus]:
    gw, result = login(org)
    error = result if isinstance(result, SfError) else None
    report = run_prerequisite_checks(gw, Edition.PROFESSIONAL, login_error=error)
    return {f.item.id: f.status for f in diagnose(Recheck(report=report))}


@pytest.mark.parametrize(
    ("problem", "cause"),
    [
        (Scenario.EXPIRED_PASSWORD, TroubleId.EXPIRED_CREDENTIALS),
        (Scenario.NOT_MARKETING_USER, TroubleId.MARKETING_USER),
        (Scenario.API_LIMIT_EXHAUSTED, TroubleId.API_LIMIT),
        (Scenario.USER_LOCKED, TroubleId.LOGIN_BLOCKED),
    ],
)
def test_a_simulated_problem_is_found_by_the_recheck_and_gone_after_the_fix(problem, cause):
    org = DemoOrg()
    assert recheck(org)[cause] is TroubleStatus.CLEAR
    org.simulate_problem(Scenario.HEALTHY, problem)
    assert recheck(org)[cause] is TroubleStatus.FOUND
    org.simulate_fix(Scenario.HEALTHY)
    statuses = recheck(org)
    assert statuses[cause] is TroubleStatus.CLEAR
    assert TroubleStatus.FOUND not in statuses.values()


def test_a_problem_invalidates_the_sessions_already_open():
    org = DemoOrg()
    gw, _ = login(org)
    org.simulate_problem(Scenario.HEALTHY, Scenario.EXPIRED_PASSWORD)
    result = gw.running_user()
    assert isinstance(result, SfError) and result.code is SfErrorCode.PASSWORD_EXPIRED


def test_the_fix_keeps_the_login_name_and_the_org():
    org = DemoOrg()
    org.simulate_problem(Scenario.SANDBOX, Scenario.NOT_MARKETING_USER)
    org.simulate_fix(Scenario.SANDBOX)
    gw, info = login(org, Scenario.SANDBOX)
    assert not isinstance(info, SfError) and info.sandbox is True
    report = run_prerequisite_checks(gw, Edition.ENTERPRISE)
    assert report.by_id("C3.user.marketing_user").status is CheckStatus.PASS
