import itertools
from pathlib import Path

import pytest

from mktsync_core import i18n, registry
from mktsync_core.models import (
    Answer,
    ConfirmationId,
    Edition,
    Progress,
    StepId,
    StepStatus,
    SyncStatus,
    utcnow,
)
from mktsync_core.registry import STEPS

ROOT = Path(__file__).parents[2]
C = ConfirmationId


def fresh(**kw) -> Progress:
    return Progress(setup_id="test-setup-1", **kw)


def confirm_through(progress: Progress, last: StepId) -> Progress:
    """Give every confirmation of the steps up to and including ``last``."""
    confirmations = dict(progress.confirmations)
    for s in STEPS[: registry.number(last) + 1]:
        for c in s.confirmations_for(progress.edition):
            confirmations[c.id] = utcnow()
    return progress.model_copy(update={"confirmations": confirmations})


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
    assert reopened.verify_status is None
    assert registry.next_step(reopened) is StepId.PREREQUISITES


def test_nothing_to_reopen_before_anything_was_confirmed():
    progress = confirm_through(fresh(), StepId.HOME)
    for answer in Answer:
        assert registry.would_reopen(progress, answer) == []
        assert registry.reopen(progress, answer) == progress
