"""The step registry: the single source of truth for order, prerequisites and completion.

The sidebar, the page guards and the tests all read :data:`STEPS`; no page
decides on its own whether it is open or done.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from mktsync_core.checks.models import CheckReport, CheckStatus
from mktsync_core.duplicates.models import DuplicateSummary
from mktsync_core.mapping.models import MappingPlan
from mktsync_core.models import (
    Answer,
    ConfirmationId,
    Edition,
    Fact,
    StepId,
    StepStatus,
    SyncStatus,
    VerifiedConnection,
    utcnow,
)
from mktsync_core.progress import Progress
from mktsync_core.visibility.plan import FieldAudit, VisibilityPlan

_ALL_EDITIONS = frozenset(Edition)
_VERIFIED_STATUSES = frozenset({CheckStatus.PASS, CheckStatus.INFO, CheckStatus.WARN})


class Stated(StrEnum):
    """Numbers a confirmation can state, so the user confirms exactly what stands now."""

    MAPPING_EDITS = "mapping_edits"
    # Per object, the visible fields Sync Fields creates as new permanent Marketo fields.
    NEW_MARKETO_FIELDS = "new_marketo_fields"
    # Emails the duplicate scan found duplicated (within Lead, within Contact, across both).
    DUPLICATE_EMAILS = "duplicate_emails"


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
    # Facts that must hold before it can be given; while one does not, it is not given.
    needs: tuple[Fact, ...] = ()
    # A number the confirmation states ({n} in its text); a change of it withdraws the confirmation.
    states: Stated | None = None
    # Asked only while this fact holds (e.g. the duplicate scan did not finish).
    only_when: Fact | None = None


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
            Confirmation(
                id=C.CREDENTIALS_SYNC_FIELDS_PERMANENT,
                irreversible=True,
                needs=(Fact.FIELDS_AUDITED, Fact.PLANNED_HIDES_SETTLED),
                states=Stated.NEW_MARKETO_FIELDS,
            ),
            Confirmation(id=C.CREDENTIALS_SYNC_FIELDS_CLICKED),
        ),
    ),
    Step(
        id=StepId.MAPPINGS,
        page="pages/mappings.py",
        requires=(StepId.CREDENTIALS,),
        depends_on=_CONNECTION,
        confirmations=(
            Confirmation(id=C.MAPPINGS_LAST_CHANCE, irreversible=True, states=Stated.MAPPING_EDITS),
            Confirmation(id=C.MAPPINGS_CONFIRM_CLICKED, states=Stated.MAPPING_EDITS),
        ),
    ),
    Step(
        id=StepId.START_SYNC,
        page="pages/start_sync.py",
        requires=(StepId.MAPPINGS,),
        depends_on=_CONNECTION,
        confirmations=(
            Confirmation(
                id=C.START_NO_DEDUPE,
                irreversible=True,
                needs=(Fact.DUPLICATES_SCANNED,),
                states=Stated.DUPLICATE_EMAILS,
            ),
            Confirmation(
                id=C.START_SCAN_INCOMPLETE,
                needs=(Fact.DUPLICATES_SCANNED,),
                only_when=Fact.DUPLICATE_SCAN_INCOMPLETE,
            ),
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
_CONFIRMATIONS = {c.id: c for s in STEPS for c in s.confirmations}


def confirmation(cid: ConfirmationId) -> Confirmation:
    return _CONFIRMATIONS[cid]


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
        if (findings or not c.only_with_findings)
        and (c.only_when is None or _has(c.only_when, progress))
        and not verified_by_checks(step_id, c, progress)
    )


def missing_confirmations(step_id: StepId, progress: Progress) -> list[ConfirmationId]:
    return [c.id for c in asked(step_id, progress) if not is_given(c.id, progress)]


def missing_needs(cid: ConfirmationId, progress: Progress) -> list[Fact]:
    """Why a confirmation cannot be given yet (empty when it can)."""
    return [f for f in _CONFIRMATIONS[cid].needs if not _has(f, progress)]


def _counted(cid: ConfirmationId) -> bool:
    """Whether the confirmation names the audit's per-object numbers (and holds for those only)."""
    return _CONFIRMATIONS[cid].states is Stated.NEW_MARKETO_FIELDS


def is_given(cid: ConfirmationId, progress: Progress) -> bool:
    """Ticked, still possible, and - for a counted one - given for the numbers it names now."""
    if cid not in progress.confirmations or missing_needs(cid, progress):
        return False
    if not _counted(cid):
        return True
    plan = progress.visibility
    return plan is not None and plan.acknowledged_counts == plan.audit.counts()


def give(progress: Progress, cid: ConfirmationId) -> Progress:
    """``progress`` with the confirmation given; unchanged while it cannot be given."""
    if missing_needs(cid, progress):
        return progress
    confirmations = dict(progress.confirmations)
    confirmations.setdefault(cid, utcnow())
    update: dict[str, object] = {"confirmations": confirmations}
    plan = progress.visibility
    if _counted(cid) and plan is not None:
        counts = plan.audit.counts()
        if plan.acknowledged_counts != counts:
            confirmations[cid] = utcnow()
        update["visibility"] = plan.model_copy(
            update={"acknowledged_counts": counts, "voided_counts": None}
        )
    return progress.model_copy(update=update)


def withdraw(progress: Progress, cid: ConfirmationId) -> Progress:
    confirmations = {k: v for k, v in progress.confirmations.items() if k != cid}
    update: dict[str, object] = {"confirmations": confirmations}
    plan = progress.visibility
    if _counted(cid) and plan is not None:
        update["visibility"] = plan.model_copy(update={"acknowledged_counts": None})
    return progress.model_copy(update=update)


def _drop_void(progress: Progress) -> Progress:
    """Remove stored confirmations that no longer apply: their needs fail or their numbers changed.

    An acknowledgment that named other numbers is not carried over to new ones.
    """
    void = [
        cid
        for cid in progress.confirmations
        if cid in _CONFIRMATIONS and not is_given(cid, progress)
    ]
    void = [cid for cid in void if _counted(cid) or _CONFIRMATIONS[cid].needs]
    for cid in void:
        progress = withdraw(progress, cid)
    return progress


def voided_statement(cid: ConfirmationId, progress: Progress) -> str | None:
    """The numbers an acknowledgment named before a re-check withdrew it, while not given again."""
    plan = progress.visibility
    if not _counted(cid) or plan is None or plan.voided_counts is None or is_given(cid, progress):
        return None
    return plan.audit.counts_text(plan.voided_counts)


def record_field_audit(progress: Progress, audit: FieldAudit) -> Progress:
    """``progress`` with a new field-visibility audit: a first plan, or a re-check of the plan.

    A re-check keeps the Hide choices of fields that still exist; when it finds
    other numbers than the Sync Fields acknowledgment named, that
    acknowledgment is withdrawn (the plan remembers the numbers it named).
    """
    plan = progress.visibility
    same = plan is not None and (plan.audit.org_id, plan.audit.user_id) == (
        audit.org_id,
        audit.user_id,
    )
    new = plan.rechecked(audit) if plan is not None and same else VisibilityPlan(audit=audit)
    return update_plan(progress, new)


def update_plan(progress: Progress, plan: VisibilityPlan) -> Progress:
    """``progress`` with a changed hide plan, and without acknowledgments it voids."""
    return _drop_void(progress.model_copy(update={"visibility": plan}))


def _audited(progress: Progress) -> bool:
    plan, connection = progress.visibility, progress.connection
    return (
        plan is not None
        and connection is not None
        and (plan.audit.org_id, plan.audit.user_id) == (connection.org_id, connection.user_id)
    )


def _has(fact: Fact, progress: Progress) -> bool:
    if fact is Fact.CONNECTION_VERIFIED:
        return progress.connection is not None
    if fact is Fact.PREREQUISITE_CHECKS_NOT_FAILING:
        report = progress.prerequisite_checks
        return report is None or not report.blocking
    if fact is Fact.FIELDS_AUDITED:
        return _audited(progress)
    if fact is Fact.DUPLICATES_SCANNED:
        return progress.duplicate_scan is not None
    if fact is Fact.DUPLICATE_SCAN_INCOMPLETE:
        return progress.duplicate_scan is not None and progress.duplicate_scan.incomplete
    if fact is Fact.PLANNED_HIDES_SETTLED:
        return (
            _audited(progress) and progress.visibility is not None and progress.visibility.settled
        )
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
# What was read from one org and user, and means nothing for another.
_READ_FROM_ORG: dict[str, object] = {"prerequisite_checks": None, "visibility": None}


def change_answer(progress: Progress, answer: Answer, value: str) -> Progress:
    """``progress`` with an earlier answer changed and everything it invalidates reopened."""
    field = _ANSWER_FIELDS[answer]
    current = getattr(progress, field)
    if current == value:
        return progress
    # Live checks were judged for the old edition or org: they must run again.
    update: dict[str, object] = {field: type(current)(value), "prerequisite_checks": None}
    if answer in _NEW_ORG:
        update |= {"connection": None, **_READ_FROM_ORG}
    return reopen(progress, answer).model_copy(update=update)


def reopen(progress: Progress, answer: Answer) -> Progress:
    """``progress`` without the confirmations that a change of ``answer`` invalidates."""
    cleared = {c.id for s in _affected_from(answer) for c in s.confirmations}
    kept = {k: v for k, v in progress.confirmations.items() if k not in cleared}
    update: dict[str, object] = {"confirmations": kept}
    if StepId.VERIFY in {s.id for s in _affected_from(answer)}:
        update["verify_status"] = None
        update["verify_recheck"] = None
        update["marketo_verification"] = None  # checked against the old org's records
    if StepId.START_SYNC in {s.id for s in _affected_from(answer)}:
        update["duplicate_scan"] = None
    return progress.model_copy(update=update)


class Direction(StrEnum):
    PREVIOUS = "previous"
    NEXT = "next"


def neighbour(step_id: StepId, direction: Direction) -> StepId | None:
    i = _INDEX[step_id] + (1 if direction is Direction.NEXT else -1)
    return STEPS[i].id if 0 <= i < len(STEPS) else None


def stated_number(stated: Stated, progress: Progress) -> int:
    if stated is Stated.MAPPING_EDITS:
        return len(progress.mapping.edits)
    if stated is Stated.NEW_MARKETO_FIELDS:
        plan = progress.visibility
        return sum(plan.audit.counts().values()) if plan is not None else 0
    if stated is Stated.DUPLICATE_EMAILS:
        scan = progress.duplicate_scan
        return scan.duplicate_emails if scan is not None else 0
    raise ValueError(stated)


def confirmation_params(confirmation: Confirmation, progress: Progress) -> dict[str, int | str]:
    """What a confirmation's text states, as format parameters (``n``, and ``per_object``).

    ``per_object`` ("Lead 12, Contact 10, …") names each audited object by the
    label its describe gave (the org's own words) with its number.
    """
    if confirmation.states is None:
        return {}
    params: dict[str, int | str] = {"n": stated_number(confirmation.states, progress)}
    if confirmation.states is Stated.NEW_MARKETO_FIELDS:
        plan = progress.visibility
        params["per_object"] = "—" if plan is None else plan.audit.counts_text()
    if confirmation.states is Stated.DUPLICATE_EMAILS:
        scan = progress.duplicate_scan
        # "2,000+" when an aggregate page was full: the user confirms a lower bound as such.
        plus = "+" if scan is not None and scan.at_least else ""
        params["n"] = f"{stated_number(confirmation.states, progress):,}{plus}"
    return params


def record_mapping_plan(progress: Progress, plan: MappingPlan) -> Progress:
    """``progress`` with new mapping edits; confirmations that stated the old edits are withdrawn.

    The user confirmed a specific list of edits to perform in Marketo; another
    list (even of the same length) has not been confirmed.
    """
    if plan.edits == progress.mapping.edits:
        return progress.model_copy(update={"mapping": plan})
    stating = {c.id for s in STEPS for c in s.confirmations if c.states is Stated.MAPPING_EDITS}
    kept = {k: v for k, v in progress.confirmations.items() if k not in stating}
    return progress.model_copy(update={"mapping": plan, "confirmations": kept})


def record_duplicate_scan(progress: Progress, scan: DuplicateSummary) -> Progress:
    """``progress`` with a new duplicate scan; acknowledgments of the previous one are withdrawn.

    The user acknowledged the duplicates (or the gap) of one scan; a new scan
    may have found others.
    """
    about_scan = {
        c.id for s in STEPS for c in s.confirmations if Fact.DUPLICATES_SCANNED in c.needs
    }
    kept = {k: v for k, v in progress.confirmations.items() if k not in about_scan}
    return progress.model_copy(update={"duplicate_scan": scan, "confirmations": kept})


def record_verify_status(progress: Progress, status: SyncStatus | None) -> Progress:
    """``progress`` with the sync status the user reads in Marketo.

    The Verify confirmation acknowledges "Last synced"; any other status withdraws
    it, so a sync that shows Failed after it was confirmed does not stay done.
    """
    update: dict[str, object] = {"verify_status": status}
    if status is not SyncStatus.LAST_SYNCED:
        update["confirmations"] = {
            k: v for k, v in progress.confirmations.items() if k is not C.VERIFY_LAST_SYNCED
        }
    return progress.model_copy(update=update)


def record_connection(progress: Progress, connection: VerifiedConnection) -> Progress:
    """``progress`` with a newly verified connection.

    Verifying another org or another user reopens every step that was done for
    the previous one; verifying the same one again only refreshes the record.
    """
    previous = progress.connection
    if previous is not None and not previous.same_org_and_user(connection):
        progress = reopen(progress, Answer.CREDENTIALS).model_copy(update=_READ_FROM_ORG)
    return progress.model_copy(update={"connection": connection})


def reopened_by_connection(progress: Progress, connection: VerifiedConnection) -> list[StepId]:
    previous = progress.connection
    if previous is None or previous.same_org_and_user(connection):
        return []
    return would_reopen(progress, Answer.CREDENTIALS)
