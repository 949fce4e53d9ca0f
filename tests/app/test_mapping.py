"""The mapping review page: what Marketo will map, the edits, and the gate."""

import pytest

from mktsync_core import i18n
from mktsync_core.demo_org import SCENARIOS, Scenario
from mktsync_core.mapping import EditKind, MappingEdit, export_csv
from mktsync_core.models import ConfirmationId, StepId
from mktsync_core.ui import mapping as mapping_ui

from .conftest import finish_step, new_session, open_step, setup_id, text_of

BREAK_BUDGET = MappingEdit(kind=EditKind.BREAK, lead="Budget__c", contact="Budget__c")
PAIR_LINKEDIN = MappingEdit(
    kind=EditKind.PAIR, lead="LinkedIn_URL__c", contact="LinkedIn_Profile__c"
)


def on_mappings(locale: str = "en-US"):
    at = new_session(locale=locale)
    for step in (StepId.HOME, StepId.PREREQUISITES, StepId.TOKEN, StepId.CREDENTIALS):
        finish_step(at, step)
        assert not at.exception, at.exception
    assert at.title[0].value.endswith(i18n.t("step.mappings.title", locale[:2]))
    return at


def editor(at):
    [grid] = at.data_editor
    return grid


def edit(at, changes: dict[str, dict[str, object]]):
    """Make edits in the grid, by Lead field API name, as the browser would send them."""
    grid = editor(at)
    rows = list(grid.value.index)
    at.session_state[grid.key] = {
        "edited_rows": {rows.index(lead): cells for lead, cells in changes.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    return at


def saved(at):
    return at.session_state["mktsync.progress"].mapping


def api_calls(at) -> int:
    return at.session_state["conn.demo_org"].api_calls_used(SCENARIOS[Scenario.HEALTHY])


def test_the_review_shows_the_fixed_and_proposed_mappings_for_no_extra_api_call():
    at = on_mappings()
    page = text_of(at)
    assert "Standard fields (fixed)" in page
    assert "**7** pair(s)" in page and "5 with the same API name, 2 with a similar name" in page
    # The earlier steps of this login already read the four describes.
    assert "0 Salesforce API calls" in page
    grid = editor(at).value
    assert grid.loc["Budget__c", "proposed"] == "Budget (Budget__c)"
    assert grid.loc["Purchase_Timeframe__c", "contact"] == "Buying_Timeframe__c"
    assert "LinkedIn_Profile__c" in grid.loc["LinkedIn_URL__c", "compatible"]
    assert "Type mismatch" in grid.loc["Budget__c", "warnings"]
    assert [w for w in at.warning if "Twitter_Handle__c" in w.value]
    assert i18n.t("mapping.action.none", "en") in page


def test_the_describes_are_read_once_per_login_and_again_on_request():
    at = on_mappings()
    before = api_calls(at)
    edit(at, {"Budget__c": {"break": True}})
    at.run()
    assert api_calls(at) == before
    at.button(key="mapping.refetch").click().run()
    assert api_calls(at) == before + 1
    assert saved(at).edits == (BREAK_BUDGET,)


def test_edits_become_actions_and_persist_across_reruns_pages_and_sessions():
    at = on_mappings()
    edit(at, {"Budget__c": {"break": True}, "LinkedIn_URL__c": {"contact": "LinkedIn_Profile__c"}})
    assert saved(at).edits == (BREAK_BUDGET, PAIR_LINKEDIN)
    page = text_of(at)
    assert "**2** edit(s) to perform: 1 pair(s) to break, 1 pair(s) to make." in page
    assert "click **Break Mapping**" in page and "drag **LinkedIn URL (LinkedIn_URL__c)**" in page
    at.run()
    assert saved(at).edits == (BREAK_BUDGET, PAIR_LINKEDIN)
    open_step(at, StepId.CREDENTIALS)
    open_step(at, StepId.MAPPINGS)
    grid = editor(at).value
    assert grid.loc["Budget__c", "break"]
    assert grid.loc["LinkedIn_URL__c", "contact"] == "LinkedIn_Profile__c"
    assert saved(at).edits == (BREAK_BUDGET, PAIR_LINKEDIN)
    # A refresh: a new session without the credentials keeps the edits and says how to see them.
    again = open_step(new_session(setup=setup_id(at)), StepId.MAPPINGS)
    assert not again.exception
    assert saved(again).edits == (BREAK_BUDGET, PAIR_LINKEDIN)
    assert i18n.t("mapping.needs_login", "en", n=2) in text_of(again)


def test_unticking_break_restores_marketos_pair():
    at = on_mappings()
    edit(at, {"Budget__c": {"break": True}})
    edit(at, {"Budget__c": {"break": False}})
    assert saved(at).edits == ()


def test_the_gate_states_the_edits_and_a_new_edit_withdraws_it():
    at = on_mappings()
    edit(at, {"Budget__c": {"break": True}})
    boxes = [c for c in at.checkbox if c.key.startswith("confirm.mappings")]
    assert len(boxes) == 2 and all("1 " in c.label for c in boxes)
    assert "Reset Schema" in text_of(at)
    for box in boxes:
        assert at.button(key="mappings.next").disabled
        at.checkbox(key=box.key).check().run()
    assert not at.button(key="mappings.next").disabled
    edit(at, {"Budget__c": {"break": True}, "LinkedIn_URL__c": {"contact": "LinkedIn_Profile__c"}})
    confirmations = at.session_state["mktsync.progress"].confirmations
    assert ConfirmationId.MAPPINGS_LAST_CHANCE not in confirmations
    assert at.button(key="mappings.next").disabled
    assert all("2 " in c.label for c in at.checkbox if c.key.startswith("confirm.mappings"))


def test_the_review_speaks_japanese():
    at = on_mappings("ja-JP")
    edit(at, {"Budget__c": {"break": True}})
    page = text_of(at)
    assert "**マッピングを編集**（Edit Mappings）" in page
    assert "**マッピングを解除**（Break Mapping）" in page
    assert "標準フィールド（固定）" in page
    assert any("文字数の上限が異なります" in w.value for w in at.warning)


def _review(at):
    """The review the page computed, as its CSV export reads it."""
    return at.session_state[mapping_ui._REVIEW][1]


def _upload(at, content: bytes, name: str = "mapping.csv"):
    [uploader] = at.get("file_uploader")
    uploader.set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_an_exported_csv_imported_into_a_fresh_setup_restores_the_edits():
    at = on_mappings()
    edit(at, {"Budget__c": {"break": True}})
    exported = export_csv(_review(at))
    assert exported.startswith(b"\xef\xbb\xbf")  # Excel reads Japanese labels with the BOM
    other = on_mappings(locale="ja-JP")
    assert saved(other).edits == ()
    _upload(other, exported)
    assert saved(other).edits == (BREAK_BUDGET,)
    assert i18n.t("mapping.import.done", "ja", n=1) in text_of(other)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\x00\x00not utf-8 at all",
        b"",
        b"a,b,c\n1,2,3\n",
        b"lead_field,contact_field,lead_label,contact_label,marketo_proposal,edit\n"
        b"No_Such_Field__c,Budget__c,x,y,,pair\n",
    ],
)
def test_a_bad_csv_is_refused_with_a_message_and_changes_nothing(content):
    at = on_mappings()
    edit(at, {"Budget__c": {"break": True}})
    before = saved(at)
    _upload(at, content)
    assert at.error, "a clear message is shown"
    assert saved(at) == before
