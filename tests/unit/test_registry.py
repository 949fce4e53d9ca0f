import itertools
from pathlib import Path

import pytest

from mktsync_core import i18n, registry
from mktsync_core.demo_org import Scenario
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
    return progress.model_copy(update=update)


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
    required = step.confirmations_for(edition)
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
    progress = confirm_through(fresh(verify_status=SyncStatus.LAST_SYNCED), StepId.VERIFY)
    assert registry.would_reopen(progress, answer)[0] is StepId.PREREQUISITES
    reopened = registry.reopen(progress, answer)
    assert set(reopened.confirmations) == {C.HOME_STARTED}
    assert reopened.connection == progress.connection  # the fact stays; what was confirmed goes
    assert reopened.verify_status is None
    assert registry.next_step(reopened) is StepId.PREREQUISITES


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
    assert registry.status(StepId.MAPPINGS, verified) is StepStatus.OPEN


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
