"""The credentials form as trainers and marketers meet it, on the built-in demo org."""

import logging

import pytest

from mktsync_core import i18n, registry
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.models import StepId, VerifiedConnection
from mktsync_core.salesforce import SfError, SfErrorCode, error_text
from mktsync_core.store import ProgressStore

from .conftest import finish_step, new_session, open_step, setup_id, text_of, verify_credentials

LOGIN_FAILURES = {
    Scenario.WRONG_PASSWORD: SfErrorCode.WRONG_CREDENTIALS,
    Scenario.API_DISABLED_ORG: SfErrorCode.API_DISABLED_FOR_ORG,
    Scenario.API_DISABLED_USER: SfErrorCode.API_DISABLED_FOR_USER,
    Scenario.EXPIRED_PASSWORD: SfErrorCode.PASSWORD_EXPIRED,
    Scenario.USER_LOCKED: SfErrorCode.USER_LOCKED,
    Scenario.SOAP_LOGIN_DISABLED: SfErrorCode.SOAP_LOGIN_DISABLED,
}


def at_credentials(locale="en-US", scenario: Scenario = Scenario.HEALTHY):
    at = new_session(locale=locale)
    if scenario is not Scenario.HEALTHY:
        at.selectbox(key="home.scenario").set_value(scenario).run()
    for s in registry.STEPS[: registry.number(StepId.CREDENTIALS)]:
        finish_step(at, s.id)
    assert at.title[0].value.startswith("3.")
    return at


def error_shown(at, code: SfErrorCode, lang) -> bool:
    title = error_text(SfError(code=code), lang).title.split("{")[0]
    return any(title in e.value for e in at.error)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("scenario", "code"), LOGIN_FAILURES.items())
def test_each_login_failure_is_explained_and_the_inputs_are_kept(scenario, code, lang):
    at = at_credentials(locale=f"{lang}-X", scenario=scenario)
    verify_credentials(at, scenario)
    assert not at.exception
    assert error_shown(at, code, lang)
    assert (
        i18n.t(
            f"sf.fixer.{error_text(SfError(code=code), lang).who and SfError(code=code).fixer}",
            lang,
        )
        in at.error[0].value
    )
    spec = SCENARIOS[scenario]
    assert at.text_input(key="conn.username").value == spec.username
    assert at.text_input(key="conn.password").value == spec.password.get_secret_value()
    assert at.button(key="credentials.next").disabled


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"username": ""}, SfErrorCode.INPUT_MISSING),
        ({"username": "not-an-email"}, SfErrorCode.INPUT_USERNAME_NOT_EMAIL),
        ({"password": ""}, SfErrorCode.INPUT_MISSING),
        ({"token": "has spaces inside"}, SfErrorCode.INPUT_TOKEN_MALFORMED),
    ],
)
def test_bad_input_is_caught_before_any_login(fields, code, lang):
    at = at_credentials(locale=f"{lang}-X")
    verify_credentials(at, **fields)
    assert error_shown(at, code, lang)
    assert "conn.calls_used" not in at.session_state  # nothing was sent to Salesforce


def test_a_token_pasted_with_spaces_is_trimmed_and_the_user_is_told():
    at = at_credentials()
    token = SCENARIOS[Scenario.HEALTHY].security_token.get_secret_value()
    verify_credentials(at, token=f"  {token}\n")
    assert i18n.t("sf.notice.token_trimmed", "en") in text_of(at)
    assert at.session_state["mktsync.progress"].connection is not None


def test_verified_credentials_open_the_step_and_the_secrets_leave_the_form():
    at = at_credentials()
    verify_credentials(at)
    assert not at.exception
    page = text_of(at)
    assert "Demo Corp (mktsync)" in page and "sync@healthy.demo" in page
    for key in ("conn.password", "conn.security_token"):
        assert key not in at.session_state
    assert not [t for t in at.text_input if t.key == "conn.password"]
    finish_step(at, StepId.CREDENTIALS)
    assert at.title[0].value.startswith("4.")


def test_forget_credentials_drops_the_connection_but_keeps_the_step_done():
    at = at_credentials()
    verify_credentials(at)
    at.button(key="conn.forget").click().run()
    assert at.text_input(key="conn.password").value in ("", None)
    assert "Demo Corp (mktsync)" in text_of(at)  # "verified earlier" tells which org
    assert at.session_state["mktsync.progress"].connection is not None


def test_verifying_another_user_reopens_the_steps_done_for_the_first():
    at = at_credentials()
    verify_credentials(at)
    finish_step(at, StepId.CREDENTIALS)
    at = open_step(at, StepId.CREDENTIALS)
    at.button(key="conn.forget").click().run()
    verify_credentials(at, Scenario.NOT_MARKETING_USER)
    assert i18n.t("notice.reopened", "en", steps="").split(":")[0] in text_of(at)
    progress = ProgressStore().load(setup_id(at)).progress
    assert progress.connection.username == SCENARIOS[Scenario.NOT_MARKETING_USER].username
    assert registry.next_step(progress) is StepId.PREREQUISITES


def test_the_token_page_says_a_working_login_proves_the_token():
    at = new_session()
    finish_step(at, StepId.HOME)
    verify_credentials(at)
    finish_step(at, StepId.PREREQUISITES)
    assert at.title[0].value.startswith("2.")
    assert i18n.t("token.verified", "en") in text_of(at)


def test_home_shows_the_scenario_and_its_demo_credentials_only_in_demo_mode():
    at = new_session()
    spec = SCENARIOS[Scenario.SANDBOX]
    at.selectbox(key="home.scenario").set_value(Scenario.SANDBOX).run()
    page = text_of(at)
    assert spec.username in page and i18n.t(spec.description_key, "en") in page
    at.radio(key="home.mode").set_value("live").run()
    assert not [s for s in at.selectbox if s.key == "home.scenario"]
    assert spec.username not in text_of(at)


def test_changing_the_scenario_after_verifying_drops_the_connection():
    at = at_credentials()
    verify_credentials(at)
    at = open_step(at, StepId.HOME)
    at.selectbox(key="home.scenario").set_value(Scenario.SANDBOX).run()
    at.button(key="home.apply.scenario").click().run()
    progress = ProgressStore().load(setup_id(at)).progress
    assert progress.scenario is Scenario.SANDBOX and progress.connection is None
    at = open_step(at, StepId.PREREQUISITES)
    assert [t for t in at.text_input if t.key == "conn.password"]


def test_no_secret_reaches_disk_logs_or_the_url(data_dir, caplog):
    """A whole setup on the demo org: the password and token typed must appear nowhere."""
    caplog.set_level(logging.DEBUG)
    spec = SCENARIOS[Scenario.HEALTHY]
    secrets = [spec.password.get_secret_value(), spec.security_token.get_secret_value()]
    at = new_session()
    for s in registry.STEPS[:-1]:
        finish_step(at, s.id)
    assert at.title[0].value.startswith("7.")
    written = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert written  # progress was saved, so the scan below is meaningful
    for secret in secrets:
        assert secret.encode() not in written
        assert secret not in caplog.text
        assert secret not in str(dict(at.query_params))
        assert secret not in at.session_state["mktsync.progress"].model_dump_json()


def test_the_token_page_links_to_the_orgs_reset_page_once_a_live_org_is_known(data_dir):
    at = new_session()
    at.radio(key="home.mode").set_value("live").run()
    finish_step(at, StepId.HOME)
    finish_step(at, StepId.PREREQUISITES)
    assert i18n.t("token.links.unknown", "en") in text_of(at)
    progress = at.session_state["mktsync.progress"]
    record = VerifiedConnection(
        org_id="00D1",
        org_name="Acme",
        organization_type="Professional Edition",
        sandbox=False,
        user_id="0051",
        username="sync@acme.example",
        instance_host="acme.my.salesforce.com",
    )
    ProgressStore().save(progress.model_copy(update={"connection": record}))
    again = open_step(new_session(setup=setup_id(at)), StepId.TOKEN)
    urls = [b.proto.url for b in again.main.get("link_button")]
    assert urls == [
        "https://acme.my.salesforce.com/lightning/settings/personal/ResetApiToken/home",
        "https://acme.my.salesforce.com/_ui/system/security/ResetApiTokenEdit",
    ]


def test_a_reset_setup_asks_for_a_login_again():
    """Start over forgets every answer, the connection included: the form must come back."""
    at = new_session()
    finish_step(at, StepId.HOME)
    verify_credentials(at)
    assert "Demo Corp (mktsync)" in text_of(at)
    at = open_step(at, StepId.HOME)
    at.button(key="home.reset.ask").click().run()
    at.button(key="home.reset.yes").click().run()
    finish_step(at, StepId.HOME)
    assert at.title[0].value.startswith("1.")
    assert [t for t in at.text_input if t.key == "conn.password"]
    assert not [b for b in at.sidebar.get("button") if b.key == "sidebar.forget"]
