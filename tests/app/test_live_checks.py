"""The Prerequisites page's live checks on the demo org: the gate follows the findings."""

from mktsync_core import i18n
from mktsync_core.demo_org import Scenario
from mktsync_core.models import Edition, StepId
from mktsync_core.store import ProgressStore

from .conftest import finish_step, new_session, setup_id, text_of, tick_all, verify_credentials


def at_prerequisites(scenario: Scenario = Scenario.HEALTHY, locale="en-US"):
    at = new_session(locale=locale)
    if scenario is not Scenario.HEALTHY:
        at.selectbox(key="home.scenario").set_value(scenario).run()
    finish_step(at, StepId.HOME)
    verify_credentials(at, scenario)
    assert not at.exception, at.exception
    return at


def report_of(at):
    return at.session_state["mktsync.progress"].prerequisite_checks


def next_disabled(at) -> bool:
    return at.button(key="prerequisites.next").disabled


def test_a_healthy_org_verifies_what_it_can_and_leaves_the_rest_to_the_user():
    at = at_prerequisites()
    report = report_of(at)
    assert report is not None and not report.blocking and report.api_calls == 1
    assert i18n.t("checkpanel.all_clear", "en") in text_of(at)
    asked = {c.key for c in at.checkbox if c.key.startswith("confirm.")}
    assert asked == {
        "confirm.prerequisites.lead_mapping",
        "confirm.prerequisites.page_layouts",
    }
    assert text_of(at).count(i18n.t("confirm.verified_live", "en")) == 3
    assert next_disabled(at)
    tick_all(at)
    assert not next_disabled(at)


def test_a_failing_check_holds_the_gate_and_says_what_to_fix():
    at = at_prerequisites(Scenario.MARKETO_FIELDS_MISSING, locale="ja-JP")
    report = report_of(at)
    assert report.blocking
    page = text_of(at)
    failing = report.failures[0]
    assert failing.id == "C6.contact.mkto71_Lead_Score__c"
    assert any(failing.title("ja") in e.label for e in at.expander)
    assert failing.fix("ja") in page
    tick_all(at)
    assert next_disabled(at)
    assert i18n.t("checkpanel.fix_first", "ja", step="").split("。")[0] in text_of(at)


def test_acknowledging_warnings_unlocks_the_next_step():
    at = at_prerequisites(Scenario.NOT_MARKETING_USER)
    assert report_of(at).blocking  # a Professional setup needs a Marketing User System Admin
    at.button(key="checks.switch_edition").click().run()
    assert at.session_state["mktsync.progress"].edition is Edition.ENTERPRISE
    report = report_of(at)
    assert report.edition is Edition.ENTERPRISE and not report.blocking
    assert report.ids() and "C3.user.marketing_user" in {r.id for r in report.to_acknowledge}
    assert "confirm.prerequisites.findings_reviewed" in {c.key for c in at.checkbox}
    tick_all(at)
    assert not next_disabled(at)


def test_rerun_runs_the_checks_again_and_the_csv_is_offered():
    at = at_prerequisites()
    first = report_of(at)
    at.button(key="checks.rerun").click().run()
    assert report_of(at).ran_at > first.ran_at
    assert at.get("download_button")


def test_saved_findings_survive_a_refresh_without_the_credentials():
    at = at_prerequisites(Scenario.MARKETO_FIELDS_MISSING)
    again = new_session(setup=setup_id(at))
    again.switch_page("pages/prerequisites.py").run()
    assert report_of(again).blocking
    assert i18n.t("checkpanel.rerun_needs_login", "en") in text_of(again)
    assert [t for t in again.text_input if t.key == "conn.password"]  # credentials were not kept


def test_checks_also_run_when_credentials_are_first_verified_on_the_credentials_page():
    at = new_session()
    at.selectbox(key="home.scenario").set_value(Scenario.MARKETO_FIELDS_MISSING).run()
    for step in (StepId.HOME, StepId.PREREQUISITES, StepId.TOKEN):
        finish_step(at, step)  # prerequisites confirmed by hand, no token yet
    assert at.title[0].value.startswith("3.")
    verify_credentials(at, Scenario.MARKETO_FIELDS_MISSING)
    assert at.title[0].value.startswith("3.")
    assert i18n.t("notice.checks_failed", "en", steps="").split(":")[0] in text_of(at)
    assert "not open yet" in text_of(at)  # the guard sends the user back to the findings
    progress = ProgressStore().load(setup_id(at)).progress
    assert progress.prerequisite_checks.blocking


def test_warnings_found_after_a_manual_confirmation_send_the_user_back_to_review_them():
    at = new_session()
    at.selectbox(key="home.scenario").set_value(Scenario.NOT_MARKETING_USER).run()
    at.radio(key="home.edition").set_value("enterprise").run()
    for step in (StepId.HOME, StepId.PREREQUISITES, StepId.TOKEN):
        finish_step(at, step)
    verify_credentials(at, Scenario.NOT_MARKETING_USER)
    assert i18n.t("notice.checks_findings", "en", steps="").split(":")[0] in text_of(at)
    at.switch_page("pages/prerequisites.py").run()
    assert "confirm.prerequisites.findings_reviewed" in {c.key for c in at.checkbox}
    tick_all(at)
    assert not next_disabled(at)
