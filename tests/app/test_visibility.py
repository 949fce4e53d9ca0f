"""The field-visibility audit on the credentials page: table, plan, re-check, the gate."""

import pytest

from mktsync_core import i18n, registry
from mktsync_core.models import ConfirmationId, StepId
from mktsync_core.store import ProgressStore
from mktsync_core.visibility.text import plan_csv

from .conftest import finish_step, new_session, open_step, setup_id, text_of, verify_credentials

ACK = f"confirm.{ConfirmationId.CREDENTIALS_SYNC_FIELDS_PERMANENT}"


def at_credentials(locale="en-US"):
    at = new_session(locale=locale)
    for s in registry.STEPS[: registry.number(StepId.CREDENTIALS)]:
        finish_step(at, s.id)
    verify_credentials(at)
    assert not at.exception, at.exception
    return at


def saved(at):
    return ProgressStore().load(setup_id(at)).progress


def editor(at):
    return next(e for e in at.data_editor if (e.key or "").startswith("vis.editor."))


def tick_hide(at, *keys: str):
    """What ticking Hide in the grid sends (AppTest cannot click a canvas)."""
    table = editor(at)
    rows = {list(table.value["key"]).index(k): {"hide": True} for k in keys}
    at.session_state[table.key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_the_audit_runs_once_per_login_and_is_saved():
    at = at_credentials()
    plan = saved(at).visibility
    assert plan is not None
    assert [o.name for o in plan.audit.objects] == [
        "Lead",
        "Contact",
        "Account",
        "Opportunity",
        "Product_Interest__c",
        "Subscription__c",
    ]
    first = plan.audit.audited_at
    at.run()
    at.run()
    assert saved(at).visibility.audit.audited_at == first  # no fetch on a rerun
    text = text_of(at)
    assert str(sum(plan.audit.counts().values())) in text


def test_the_acknowledgment_names_the_numbers_per_object():
    at = at_credentials()
    plan = saved(at).visibility
    label = at.checkbox(key=ACK).label
    for o in plan.audit.objects:
        assert f"{o.label} {plan.audit.counts()[o.name]}" in label
    assert f"**{sum(plan.audit.counts().values())}**" in label


def test_a_hide_is_saved_at_once_and_survives_reruns_and_page_switches():
    at = at_credentials()
    tick_hide(at, "Contact.Bank_Account__c")
    assert not at.exception, at.exception
    assert saved(at).visibility.hide == {"Contact.Bank_Account__c"}
    at = open_step(at, StepId.TOKEN)
    at = open_step(at, StepId.CREDENTIALS)
    assert saved(at).visibility.hide == {"Contact.Bank_Account__c"}
    assert bool(editor(at).value.set_index("key").loc["Contact.Bank_Account__c", "hide"])


def test_the_gate_holds_while_a_planned_hide_is_still_visible():
    at = at_credentials()
    tick_hide(at, "Lead.Internal_Notes__c")
    assert at.checkbox(key=ACK).disabled
    assert i18n.t("confirm.needs.planned_hides_settled", "en") in text_of(at)
    at.checkbox(key=f"confirm.{ConfirmationId.CREDENTIALS_FIELDS_HIDDEN}").check().run()
    at.checkbox(key=f"confirm.{ConfirmationId.CREDENTIALS_SYNC_FIELDS_CLICKED}").check().run()
    assert at.button(key="credentials.next").disabled
    # keeping the planned field visible on purpose opens the acknowledgment
    at.button(key="vis.plan.keep").click().run()
    assert not at.checkbox(key=ACK).disabled
    at.checkbox(key=ACK).check().run()
    assert not at.button(key="credentials.next").disabled


def test_recheck_after_the_simulated_admin_change_settles_the_plan():
    at = at_credentials()
    before = saved(at).visibility.audit.counts()
    tick_hide(at, "Lead.Internal_Notes__c", "Contact.Notes__c")
    assert at.checkbox(key=ACK).disabled
    at.button(key="vis.demo.simulate").click().run()
    at.button(key="vis.recheck").click().run()
    assert not at.exception, at.exception
    plan = saved(at).visibility
    assert plan.hide == frozenset()
    assert set(plan.hidden) == {"Lead.Internal_Notes__c", "Contact.Notes__c"}
    assert plan.last_recheck.now_hidden == ("Contact.Notes__c", "Lead.Internal_Notes__c")
    assert plan.audit.counts()["Lead"] == before["Lead"] - 1
    assert not at.checkbox(key=ACK).disabled
    at.checkbox(key=ACK).check().run()
    assert registry.is_given(ConfirmationId.CREDENTIALS_SYNC_FIELDS_PERMANENT, saved(at))


def test_an_acknowledgment_for_other_numbers_no_longer_applies_after_a_recheck():
    at = at_credentials()
    at.checkbox(key=ACK).check().run()
    before = saved(at).visibility.audit.counts_text()
    org = at.session_state["conn.demo_org"]
    org.hide_field(saved(at).scenario, "Opportunity", "Deal_Notes__c")  # someone else's change
    at.button(key="vis.recheck").click().run()
    assert ConfirmationId.CREDENTIALS_SYNC_FIELDS_PERMANENT not in saved(at).confirmations
    assert not at.checkbox(key=ACK).value
    assert i18n.t("confirm.voided", "en", before=before) in [w.value for w in at.warning]
    assert any("Opportunity.Deal_Notes__c" in s.value for s in at.success)  # the re-check says why
    at.checkbox(key=ACK).check().run()
    assert registry.is_given(ConfirmationId.CREDENTIALS_SYNC_FIELDS_PERMANENT, saved(at))
    assert saved(at).visibility.voided_counts is None


def test_hiding_a_must_keep_field_asks_first_and_says_what_breaks():
    at = at_credentials()
    tick_hide(at, "Lead.Email")
    assert saved(at).visibility.hide == frozenset()
    assert i18n.t("vis.breaks.email", "en") in text_of(at)
    at.button(key="vis.must_keep.keep_visible").click().run()
    assert saved(at).visibility.hide == frozenset()
    tick_hide(at, "Lead.Email")
    at.button(key="vis.must_keep.hide_anyway").click().run()
    assert saved(at).visibility.hide == {"Lead.Email"}


def test_fields_that_cannot_be_hidden_stay_out_of_the_plan():
    at = at_credentials()
    tick_hide(at, "Lead.SystemModstamp")
    assert saved(at).visibility.hide == frozenset()
    assert any("Lead.SystemModstamp" in w.value for w in at.warning)


def test_the_plan_is_there_after_a_refresh_without_the_credentials():
    at = at_credentials(locale="ja-JP")
    tick_hide(at, "Account.ARR__c")
    again = new_session(locale="ja-JP", setup=setup_id(at))
    again = open_step(again, StepId.CREDENTIALS)
    assert not again.exception, again.exception
    assert i18n.t("vis.saved_earlier", "ja") in text_of(again)
    assert saved(again).visibility.hide == {"Account.ARR__c"}
    assert again.checkbox(key=ACK).disabled
    assert bool(editor(again).value.set_index("key").loc["Account.ARR__c", "hide"])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_hide_plan_csv_is_utf8_with_bom_and_names_the_procedure(lang):
    at = at_credentials(locale=f"{lang}-X")
    tick_hide(at, "Contact.Bank_Account__c")
    assert i18n.t("vis.plan.download", lang) in [d.proto.label for d in at.get("download_button")]
    progress = saved(at)
    data = plan_csv(progress.visibility, progress.edition, lang)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Bank_Account__c" in text
    assert i18n.t("vis.col.procedure", lang) in text
