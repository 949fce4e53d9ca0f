import itertools
from pathlib import Path

import pytest

from mktsync_core import i18n, registry
from mktsync_core.checks import CheckReport, CheckResult, CheckStatus
from mktsync_core.demo_org import Scenario
from mktsync_core.duplicates import DuplicateSummary, ScanMethod, ScanStatus
from mktsync_core.marketo.models import MarketoCalls, SyncVerification
from mktsync_core.models import (
    Answer,
    ConfirmationId,
    Edition,
    Fact,
    Mode,
    StepId,
    StepStatus,
    SyncStatus,
    VerifiedConnection,
    utcnow,
)
from mktsync_core.progress import Progress
from mktsync_core.registry import STEPS
from mktsync_core.visibility import FieldAudit

ROOT = Path(__file__).parents[2]
C = ConfirmationId


def fresh(**kw) -> Progress:
    return Progress(setup_id="test-setup-1", **kw)


def connection(org_id="00D000000000001", user_id="005000000000001") -> VerifiedConnection:
    return VerifiedConnection(
        org_id=org_id,
        org_name="Acme",
        organization_type="Professional Edition",
        sandbox=False,
        user_id=user_id,
        username="sync@acme.example",
        instance_host="acme.my.salesforce.com",
    )


def confirm_through(progress: Progress, last: StepId) -> Progress:
    """Give every confirmation and verify every fact of the steps up to and including ``last``."""
    confirmations = dict(progress.confirmations)
    steps = STEPS[: registry.number(last) + 1]
    for s in steps:
        for c in s.confirmations_for(progress.edition):
            confirmations[c.id] = utcnow()
    update: dict = {"confirmations": confirmations}
    if any(Fact.CONNECTION_VERIFIED in s.facts for s in steps) and progress.connection is None:
        update["connection"] = connection()
    if StepId.START_SYNC in {s.id for s in steps} and progress.duplicate_scan is None:
        update["duplicate_scan"] = DuplicateSummary(
            method=ScanMethod.AGGREGATE, status=ScanStatus.COMPLETE
        )
    done = progress.model_copy(update=update)
    if StepId.CREDENTIALS in {s.id for s in steps} and done.visibility is None:
        done = audited(done)
    return done


def audited(progress: Progress) -> Progress:
    """``progress`` with a field-visibility audit of its connection, acknowledged as counted."""
    record = progress.connection or connection()
    audit = FieldAudit(org_id=record.org_id, user_id=record.user_id)
    withdrawn = progress.confirmations.get(C.CREDENTIALS_SYNC_FIELDS_PERMANENT)
    progress = registry.record_field_audit(progress, audit)
    if withdrawn is not None:
        progress = registry.give(progress, C.CREDENTIALS_SYNC_FIELDS_PERMANENT)
    return progress


def test_steps_follow_the_guide_order():
    assert [s.id for s in STEPS] == list(StepId)
    for earlier, later in itertools.pairwise(STEPS):
        assert later.requires == (earlier.id,)


def test_every_step_page_exists():
    for s in STEPS:
        assert (ROOT / s.page).is_file(), s.page


def test_only_home_is_open_at_first():
    statuses = [registry.status(s.id, fresh()) for s in STEPS]
    assert statuses == [StepStatus.OPEN] + [StepStatus.LOCKED] * (len(STEPS) - 1)


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("index", range(len(STEPS) - 1))
def test_each_gate_opens_only_when_every_confirmation_is_given(edition, index):
    step, following = STEPS[index], STEPS[index + 1]
    before = (
        confirm_through(fresh(edition=edition), STEPS[index - 1].id)
        if index
        else fresh(edition=edition)
    )
    required = registry.asked(step.id, before)
    assert required, f"{step.id} has nothing to confirm"
    for missing in required:
        almost = confirm_through(before, step.id)
        almost.confirmations.pop(missing.id)
        assert registry.status(following.id, almost) is StepStatus.LOCKED
        assert registry.missing_confirmations(step.id, almost) == [missing.id]
    done = confirm_through(before, step.id)
    assert registry.status(step.id, done) is StepStatus.DONE
    assert registry.status(following.id, done) is not StepStatus.LOCKED


def test_edition_decides_which_prerequisite_is_asked():
    pe = {c.id for c in registry.step(StepId.PREREQUISITES).confirmations_for(Edition.PROFESSIONAL)}
    ee = {c.id for c in registry.step(StepId.PREREQUISITES).confirmations_for(Edition.ENTERPRISE)}
    assert C.PREREQ_PAGE_LAYOUTS in pe and C.PREREQ_PAGE_LAYOUTS not in ee
    assert C.PREREQ_SYNC_PROFILE in ee and C.PREREQ_SYNC_PROFILE not in pe


def test_the_irreversible_moments_are_marked():
    irreversible = {c.id for s in STEPS for c in s.confirmations if c.irreversible}
    assert irreversible == {
        C.CREDENTIALS_SYNC_FIELDS_PERMANENT,
        C.MAPPINGS_LAST_CHANCE,
        C.START_NO_DEDUPE,
        C.START_PERMANENT,
    }


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_confirmation_has_words_and_irreversible_ones_name_the_consequence(lang):
    catalog = i18n.catalog(lang)
    for s in STEPS:
        assert f"step.{s.id}.title" in catalog
        for c in s.confirmations:
            assert f"confirm.{c.id}.label" in catalog
            assert (f"confirm.{c.id}.consequence" in catalog) is c.irreversible


def test_locked_step_names_the_step_that_blocks_it():
    progress = confirm_through(fresh(), StepId.PREREQUISITES)
    assert registry.blocking_step(StepId.MAPPINGS, progress) is StepId.TOKEN
    assert registry.blocking_step(StepId.TOKEN, progress) is None
    assert registry.next_step(progress) is StepId.TOKEN


def test_next_step_is_the_end_when_everything_is_done():
    progress = confirm_through(fresh(), StepId.VERIFY)
    assert registry.next_step(progress) is StepId.COMPLETE
    assert registry.status(StepId.COMPLETE, progress) is StepStatus.DONE


def test_unticking_an_earlier_confirmation_locks_later_steps_without_losing_them():
    progress = confirm_through(fresh(), StepId.MAPPINGS)
    progress.confirmations.pop(C.TOKEN_READY)
    assert registry.status(StepId.MAPPINGS, progress) is StepStatus.LOCKED
    assert C.MAPPINGS_CONFIRM_CLICKED in progress.confirmations


@pytest.mark.parametrize("answer", list(Answer))
def test_changing_an_earlier_answer_reopens_every_step_confirmed_for_it(answer):
    marketo = SyncVerification(
        munchkin_id="123-ABC-456", fields=(), records=(), calls=MarketoCalls()
    )
    progress = confirm_through(
        fresh(verify_status=SyncStatus.LAST_SYNCED, marketo_verification=marketo), StepId.VERIFY
    )
    assert registry.would_reopen(progress, answer)[0] is StepId.PREREQUISITES
    reopened = registry.reopen(progress, answer)
    assert set(reopened.confirmations) == {C.HOME_STARTED}
    assert reopened.connection == progress.connection  # the fact stays; what was confirmed goes
    assert reopened.verify_status is None
    assert reopened.marketo_verification is None
    assert registry.next_step(reopened) is StepId.PREREQUISITES


@pytest.mark.parametrize("status", [SyncStatus.IN_PROGRESS, SyncStatus.FAILED, None])
def test_a_status_other_than_last_synced_withdraws_the_verify_confirmation(status):
    progress = confirm_through(fresh(verify_status=SyncStatus.LAST_SYNCED), StepId.VERIFY)
    assert registry.is_done(StepId.VERIFY, progress)
    changed = registry.record_verify_status(progress, status)
    assert changed.verify_status is status
    assert set(changed.confirmations) == set(progress.confirmations) - {C.VERIFY_LAST_SYNCED}
    assert registry.next_step(changed) is StepId.VERIFY
    again = registry.record_verify_status(progress, SyncStatus.LAST_SYNCED)
    assert again.confirmations == progress.confirmations


def test_nothing_to_reopen_before_anything_was_confirmed():
    progress = confirm_through(fresh(), StepId.HOME)
    for answer in Answer:
        assert registry.would_reopen(progress, answer) == []
        assert registry.reopen(progress, answer) == progress


def test_credentials_step_needs_a_verified_connection_not_only_confirmations():
    progress = confirm_through(fresh(), StepId.TOKEN)
    confirmations = dict(progress.confirmations)
    for c in registry.step(StepId.CREDENTIALS).confirmations:
        confirmations[c.id] = utcnow()
    progress = progress.model_copy(update={"confirmations": confirmations})
    assert registry.missing_facts(StepId.CREDENTIALS, progress) == [Fact.CONNECTION_VERIFIED]
    assert registry.status(StepId.MAPPINGS, progress) is StepStatus.LOCKED
    verified = registry.record_connection(progress, connection())
    # the Sync Fields acknowledgment names the audit's numbers: without an audit it is not given
    assert registry.status(StepId.MAPPINGS, verified) is StepStatus.LOCKED
    assert registry.status(StepId.MAPPINGS, audited(verified)) is StepStatus.OPEN


def test_verifying_the_same_org_and_user_again_keeps_everything():
    progress = confirm_through(fresh(), StepId.START_SYNC)
    again = connection()
    assert registry.reopened_by_connection(progress, again) == []
    assert registry.record_connection(progress, again).confirmations == progress.confirmations


@pytest.mark.parametrize("other", [connection(org_id="00D999"), connection(user_id="005999")])
def test_verifying_another_org_or_user_reopens_the_steps_done_for_the_old_one(other):
    progress = confirm_through(fresh(), StepId.START_SYNC)
    assert registry.reopened_by_connection(progress, other)[0] is StepId.PREREQUISITES
    changed = registry.record_connection(progress, other)
    assert changed.connection == other
    assert set(changed.confirmations) == {C.HOME_STARTED}


@pytest.mark.parametrize(
    ("answer", "value", "drops_connection"),
    [
        (Answer.MODE, Mode.LIVE, True),
        (Answer.SCENARIO, Scenario.SANDBOX, True),
        (Answer.EDITION, Edition.ENTERPRISE, False),
    ],
)
def test_changing_an_answer_applies_it_and_drops_the_connection_only_for_another_org(
    answer, value, drops_connection
):
    progress = confirm_through(fresh(), StepId.CREDENTIALS)
    changed = registry.change_answer(progress, answer, value)
    assert getattr(changed, answer.value) == value
    assert (changed.connection is None) is drops_connection
    assert registry.next_step(changed) is StepId.PREREQUISITES
    assert registry.change_answer(changed, answer, value) == changed


def report(*results: tuple[str, CheckStatus]) -> CheckReport:
    return CheckReport(
        results=tuple(
            CheckResult(id=i, status=st, title_key="t", reason_key="r") for i, st in results
        ),
        edition=Edition.PROFESSIONAL,
        ran_at=utcnow(),
    )


HEALTHY = (
    ("C1.api_access", CheckStatus.PASS),
    ("C3.user.active", CheckStatus.PASS),
    ("C6.lead.mkto71_Lead_Score__c", CheckStatus.PASS),
    ("C12.lead.required_fields", CheckStatus.INFO),
)


def with_report(*results) -> Progress:
    return confirm_through(fresh(), StepId.HOME).model_copy(
        update={"prerequisite_checks": report(*results)}
    )


def test_live_checks_that_pass_verify_what_the_user_would_otherwise_confirm():
    progress = with_report(*HEALTHY)
    asked = {c.id for c in registry.asked(StepId.PREREQUISITES, progress)}
    assert asked == {C.PREREQ_LEAD_MAPPING, C.PREREQ_PAGE_LAYOUTS}  # the API cannot see these
    done = confirm_through(progress, StepId.PREREQUISITES)
    assert registry.status(StepId.TOKEN, done) is StepStatus.OPEN


def test_a_failing_check_blocks_the_step_whatever_the_user_confirms():
    progress = confirm_through(
        with_report(*HEALTHY, ("C6.contact.x", CheckStatus.FAIL)), StepId.PREREQUISITES
    )
    progress = progress.model_copy(
        update={
            "confirmations": {
                **progress.confirmations,
                **{c.id: utcnow() for c in registry.step(StepId.PREREQUISITES).confirmations},
            }
        }
    )
    assert registry.missing_facts(StepId.PREREQUISITES, progress) == [
        Fact.PREREQUISITE_CHECKS_NOT_FAILING
    ]
    assert registry.status(StepId.TOKEN, progress) is StepStatus.LOCKED


@pytest.mark.parametrize("status", [CheckStatus.WARN, CheckStatus.NOT_VERIFIABLE])
def test_warnings_and_unverifiable_items_need_an_explicit_acknowledgment(status):
    progress = with_report(*HEALTHY, ("C3.user.license", status))
    asked = {c.id for c in registry.asked(StepId.PREREQUISITES, progress)}
    assert C.PREREQ_FINDINGS_REVIEWED in asked
    # a check that could not look leaves its item to the user; a warning still verifies it
    assert (C.PREREQ_SYNC_USER in asked) is (status is CheckStatus.NOT_VERIFIABLE)
    assert registry.status(StepId.TOKEN, confirm_through(progress, StepId.PREREQUISITES)) is (
        StepStatus.OPEN
    )


def test_without_live_checks_everything_is_confirmed_by_hand():
    asked = {
        c.id for c in registry.asked(StepId.PREREQUISITES, confirm_through(fresh(), StepId.HOME))
    }
    assert C.PREREQ_FINDINGS_REVIEWED not in asked
    assert {C.PREREQ_API_ACCESS, C.PREREQ_FIELDS_ADDED, C.PREREQ_SYNC_USER} <= asked


@pytest.mark.parametrize("answer", [Answer.EDITION, Answer.MODE, Answer.SCENARIO])
def test_checks_judged_for_another_edition_or_org_are_dropped(answer):
    progress = with_report(*HEALTHY)
    value = {
        Answer.EDITION: Edition.ENTERPRISE,
        Answer.MODE: Mode.LIVE,
        Answer.SCENARIO: Scenario.SANDBOX,
    }[answer]
    assert registry.change_answer(progress, answer, value).prerequisite_checks is None


def test_checks_for_another_user_are_dropped_when_a_new_one_is_verified():
    progress = with_report(*HEALTHY).model_copy(update={"connection": connection()})
    assert registry.record_connection(progress, connection()).prerequisite_checks is not None
    other = registry.record_connection(progress, connection(user_id="005999"))
    assert other.prerequisite_checks is None
