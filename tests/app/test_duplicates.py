"""The Start Sync page: scan, read the results, acknowledge with the count, continue."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mktsync_core.duplicates import ScanStatus
from mktsync_core.models import ConfirmationId, StepId
from tests.app.conftest import finish_step, new_session, open_step, text_of, tick_all

_BEFORE = (StepId.PREREQUISITES, StepId.TOKEN, StepId.CREDENTIALS, StepId.MAPPINGS)


def at_start_sync(locale: str = "en-US") -> AppTest:
    at = new_session(locale)
    finish_step(at, StepId.HOME)
    for step in _BEFORE:
        at = open_step(at, step)
        finish_step(at, step)
        assert not at.exception, at.exception
    return open_step(at, StepId.START_SYNC)


def saved(at: AppTest):  # type: ignore[no-untyped-def]
    return at.session_state["mktsync.progress"]


def test_scan_then_complete_scan_then_acknowledge_the_count_and_continue() -> None:
    at = at_start_sync()
    assert at.checkbox(key="confirm.start_sync.no_dedupe").disabled
    assert at.button(key=f"{StepId.START_SYNC}.next").disabled
    at.button(key="dupes.scan").click().run()
    text = text_of(at)
    assert "lower bounds" in text and "3 API calls" in text
    assert "(70+ duplicated email addresses)" in text
    assert "The org's daily API limit can carry Marketo's sync." in text
    at.button(key="dupes.complete_scan").click().run()
    assert not at.exception, at.exception
    text = text_of(at)
    assert "complete scan (Bulk API 2.0)" in text and "(80 duplicated email addresses)" in text
    assert "lower bounds" not in text
    tables = [t.value for t in at.dataframe]
    summary = next(t for t in tables if "Duplicated email addresses" in t.columns)
    assert list(summary["Duplicated email addresses"]) == ["40", "15", "25"]
    top = next(t for t in tables if "Lead IDs" in t.columns)
    assert len(top) == 80 and top.iloc[0]["Records"] == 3
    assert [b for b in at.get("download_button") if b.proto.id and "dupes.download" in b.proto.id]
    tick_all(at)
    assert saved(at).duplicate_scan.status is ScanStatus.COMPLETE
    at.button(key=f"{StepId.START_SYNC}.next").click().run()
    assert not at.exception, at.exception
    assert "Verify sync" in text_of(at)


def test_a_new_scan_withdraws_the_acknowledgment_of_the_old_one() -> None:
    at = at_start_sync()
    at.button(key="dupes.scan").click().run()
    at.checkbox(key="confirm.start_sync.no_dedupe").check().run()
    assert ConfirmationId.START_NO_DEDUPE in saved(at).confirmations
    at.button(key="dupes.scan").click().run()
    assert ConfirmationId.START_NO_DEDUPE not in saved(at).confirmations
    assert not at.checkbox(key="confirm.start_sync.no_dedupe").value


def test_an_interrupted_scan_lets_the_user_continue_after_saying_it_was_incomplete() -> None:
    at = at_start_sync()
    # What a click on "Cancel" leaves behind: Streamlit stopped the run mid-scan.
    at.session_state["dupes.running"] = "bulk"
    at.run()
    assert not at.exception, at.exception
    assert "The scan was cancelled" in text_of(at)
    assert saved(at).duplicate_scan.status is ScanStatus.CANCELLED
    incomplete = at.checkbox(key="confirm.start_sync.scan_incomplete")
    assert "did not finish" in incomplete.label
    tick_all(at)
    assert not at.button(key=f"{StepId.START_SYNC}.next").disabled


def test_the_page_speaks_japanese() -> None:
    at = at_start_sync("ja-JP")
    at.button(key="dupes.scan").click().run()
    text = text_of(at)
    assert "重複スキャン" in text and "重複しているメールアドレス 70+ 件" in text
    assert "リードのマージ" in text
