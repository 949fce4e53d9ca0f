"""The step registry: the single source of truth for order, prerequisites and completion.

The sidebar, the page guards and the tests all read :data:`STEPS`; no page
decides on its own whether it is open or done.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from mktsync_core.checks.models import CheckReport, CheckStatus
from mktsync_core.models import (
    Answer,
    ConfirmationId,
    Edition,
    Fact,
    StepId,
    StepStatus,
    VerifiedConnection,
)
from mktsync_core.progress import Progress

_ALL_EDITIONS = frozenset(Edition)
_VERIFIED_STATUSES = frozenset({CheckStatus.PASS, CheckStatus.INFO, CheckStatus.WARN})


class Confirmation(BaseModel):
    """Something the user must explicitly acknowledge before a step can be completed.

    ``irreversible`` marks the moments that cannot be undone in Marketo; the UI
    states their consequence next to the checkbox.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ConfirmationId
    irreversible: bool = False
    editions: frozenset[Edition] = _ALL_EDITIONS
    # Check-id prefixes of the live checks that, when none of them fails, verify this for the user.
    verified_by: tuple[str, ...] = ()
    # Asked only when the live checks left warnings or items they could not verify.
    only_with_findings: bool = False


class Step(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: StepId
    page: str
    requires: tuple[StepId, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()
    facts: tuple[Fact, ...] = ()
    depends_on: frozenset[Answer] = frozenset()

    def confirmations_for(self, edition: Edition) -> tuple[Confirmation, ...]:
        return tuple(c for c in self.confirmations if edition in c.editions)


C = ConfirmationId
_CONNECTION = frozenset({Answer.MODE, Answer.SCENARIO, Answer.CREDENTIALS})
_ORG = _CONNECTION | {Answer.EDITION}

STEPS: tuple[Step, ...] = (
    Step(id=StepId.HOME, page="pages/home.py", confirmations=(Confirmation(id=C.HOME_STARTED),)),
    Step(
        id=StepId.PREREQUISITES,
        page="pages/prerequisites.py",
        requires=(StepId.HOME,),
        depends_on=_ORG,
        facts=(Fact.PREREQUISITE_CHECKS_NOT_FAILING,),
        confirmations=(
            Confirmation(id=C.PREREQ_API_ACCESS, verified_by=("C1.",)),
            Confirmation(id=C.PREREQ_FIELDS_ADDED, verified_by=("C6.",)),
            Confirmation(id=C.PREREQ_LEAD_MAPPING),
            Confirmation(id=C.PREREQ_PAGE_LAYOUTS, editions=frozenset({Edition.PROFESSIONAL})),
            Confirmation(
                id=C.PREREQ_SYNC_PROFILE,
                editions=frozenset({Edition.ENTERPRISE}),
                verified_by=("C4.", "C5.", "C8."),
            ),
            Confirmation(id=C.PREREQ_SYNC_USER, verified_by=("C3.",)),
            Confirmation(id=C.PREREQ_FINDINGS_REVIEWED, only_with_findings=True),
        ),
    ),
    Step(
        id=StepId.TOKEN,
        page="pages/token.py",
        requires=(StepId.PREREQUISITES,),
        depends_on=_CONNECTION,
        confirmations=(Confirmation(id=C.TOKEN_READY),),
    ),
    Step(
        id=StepId.CREDENTIALS,
        page="pages/credentials.py",
        requires=(StepId.TOKEN,),
        depends_on=_ORG,
        facts=(Fact.CONNECTION_VERIFIED,),
        confirmations=(
            Confirmation(id=C.CREDENTIALS_FIELDS_HIDDEN),
            Confirmation(id=C.CREDENTIALS_SYNC_FIELDS_PERMANENT, irreversible=True),
            Confirmation(id=C.CREDENTIALS_SYNC_FIELDS_CLICKED),
        ),
    ),
    Step(
        id=StepId.MAPPINGS,
        page="pages/mappings.py",
        requires=(StepId.CREDENTIALS,),
        depends_on=_CONNECTION,
        confirmations=(
            Confirmation(id=C.MAPPINGS_LAST_CHANCE, irreversible=True),
            Confirmation(id=C.MAPPINGS_CONFIRM_CLICKED),
        ),
    ),
    Step(
        id=StepId.START_SYNC,
        page="pages/start_sync.py",
        requires=(StepId.MAPPINGS,),
        depends_on=_CONNECTION,
        confirmations=(
            Confirmation(id=C.START_NO_DEDUPE, irreversible=True),
            Confirmation(id=C.START_PERMANENT, irreversible=True),
            Confirmation(id=C.START_CLICKED),
        ),
    ),
    Step(
        id=StepId.VERIFY,
        page="pages/verify.py",
        requires=(StepId.START_SYNC,),
        depends_on=_CONNECTION,
        confirmations=(Confirmation(id=C.VERIFY_LAST_SYNCED),),
    ),
    Step(id=StepId.COMPLETE, page="pages/complete.py", requires=(StepId.VERIFY,)),
)

_BY_ID = {s.id: s for s in STEPS}
_INDEX = {s.id: i for i, s in enumerate(STEPS)}


def step(step_id: StepId) -> Step:
    return _BY_ID[step_id]


def number(step_id: StepId) -> int:
    """The step's position as shown to users (Home is 0)."""
    return _INDEX[step_id]


def _report(step_id: StepId, progress: Progress) -> CheckReport | None:
    """The live checks that ran for a step, if any."""
    return progress.prerequisite_checks if step_id is StepId.PREREQUISITES else None


def verified_by_checks(step_id: StepId, confirmation: Confirmation, progress: Progress) -> bool:
    """True when the step's live checks covered this confirmation and none of them failed.

    A check that could not verify its item (the sync user may not look) leaves
    the confirmation to the user.
    """
    report = _report(step_id, progress)
    if report is None or not confirmation.verified_by:
        return False
    covering = [r for r in report.results if r.id.startswith(confirmation.verified_by)]
    return bool(covering) and all(r.status in _VERIFIED_STATUSES for r in covering)


def asked(step_id: StepId, progress: Progress) -> tuple[Confirmation, ...]:
    """The confirmations the user must give on a step, as things stand."""
    report = _report(step_id, progress)
    findings = report is not None and report.needs_acknowledgment
    return tuple(
        c
        for c in _BY_ID[step_id].confirmations_for(progress.edition)
        if (findings or not c.only_with_findings) and not verified_by_checks(step_id, c, progress)
    )


def missing_confirmations(step_id: StepId, progress: Progress) -> list[ConfirmationId]:
    return [c.id for c in asked(step_id, progress) if c.id not in progress.confirmations]


def _has(fact: Fact, progress: Progress) -> bool:
    if fact is Fact.CONNECTION_VERIFIED:
        return progress.connection is not None
    if fact is Fact.PREREQUISITE_CHECKS_NOT_FAILING:
        report = progress.prerequisite_checks
        return report is None or not report.blocking
    raise ValueError(fact)


def missing_facts(step_id: StepId, progress: Progress) -> list[Fact]:
    return [f for f in _BY_ID[step_id].facts if not _has(f, progress)]


def is_unlocked(step_id: StepId, progress: Progress) -> bool:
    return all(is_done(r, progress) for r in _BY_ID[step_id].requires)


def is_done(step_id: StepId, progress: Progress) -> bool:
    return (
        is_unlocked(step_id, progress)
        and not missing_confirmations(step_id, progress)
        and not missing_facts(step_id, progress)
    )


def status(step_id: StepId, progress: Progress) -> StepStatus:
    if not is_unlocked(step_id, progress):
        return StepStatus.LOCKED
    return StepStatus.DONE if is_done(step_id, progress) else StepStatus.OPEN


def next_step(progress: Progress) -> StepId:
    """The first step that is not done: where a returning user should continue."""
    for s in STEPS:
        if not is_done(s.id, progress):
            return s.id
    return STEPS[-1].id


def blocking_step(step_id: StepId, progress: Progress) -> StepId | None:
    """For a locked step, the earliest unfinished step that keeps it locked."""
    if is_unlocked(step_id, progress):
        return None
    for s in STEPS[: _INDEX[step_id]]:
        if not is_done(s.id, progress):
            return s.id
    return None


def _affected_from(answer: Answer) -> Iterable[Step]:
    """Steps to reopen when ``answer`` changes: the first that depends on it and every later one.

    Later steps are included because what the user confirmed there was
    confirmed for the old org, edition or user.
    """
    first = next((i for i, s in enumerate(STEPS) if answer in s.depends_on), len(STEPS))
    return STEPS[first:]


def would_reopen(progress: Progress, answer: Answer) -> list[StepId]:
    """Steps that hold confirmations which changing ``answer`` would clear."""
    return [
        s.id
        for s in _affected_from(answer)
        if any(c.id in progress.confirmations for c in s.confirmations)
    ]


_ANSWER_FIELDS = {Answer.EDITION: "edition", Answer.MODE: "mode", Answer.SCENARIO: "scenario"}
# Another mode or demo scenario is another org: the verified connection no longer applies.
_NEW_ORG = frozenset({Answer.MODE, Answer.SCENARIO})


def change_answer(progress: Progress, answer: Answer, value: str) -> Progress:
    """``progress`` with an earlier answer changed and everything it invalidates reopened."""
    field = _ANSWER_FIELDS[answer]
    current = getattr(progress, field)
    if current == value:
        return progress
    # Live checks were judged for the old edition or org: they must run again.
    update: dict[str, object] = {field: type(current)(value), "prerequisite_checks": None}
    if answer in _NEW_ORG:
        update["connection"] = None
    return reopen(progress, answer).model_copy(update=update)


def reopen(progress: Progress, answer: Answer) -> Progress:
    """``progress`` without the confirmations that a change of ``answer`` invalidates."""
    cleared = {c.id for s in _affected_from(answer) for c in s.confirmations}
    kept = {k: v for k, v in progress.confirmations.items() if k not in cleared}
    update: dict[str, object] = {"confirmations": kept}
    if StepId.VERIFY in {s.id for s in _affected_from(answer)}:
        update["verify_status"] = None
        update["verify_recheck"] = None
    return progress.model_copy(update=update)


class Direction(StrEnum):
    PREVIOUS = "previous"
    NEXT = "next"


def neighbour(step_id: StepId, direction: Direction) -> StepId | None:
    i = _INDEX[step_id] + (1 if direction is Direction.NEXT else -1)
    return STEPS[i].id if 0 <= i < len(STEPS) else None


def record_connection(progress: Progress, connection: VerifiedConnection) -> Progress:
    """``progress`` with a newly verified connection.

    Verifying another org or another user reopens every step that was done for
    the previous one; verifying the same one again only refreshes the record.
    """
    previous = progress.connection
    if previous is not None and not previous.same_org_and_user(connection):
        progress = reopen(progress, Answer.CREDENTIALS).model_copy(
            update={"prerequisite_checks": None}
        )
    return progress.model_copy(update={"connection": connection})


def reopened_by_connection(progress: Progress, connection: VerifiedConnection) -> list[StepId]:
    previous = progress.connection
    if previous is None or previous.same_org_and_user(connection):
        return []
    return would_reopen(progress, Answer.CREDENTIALS)
