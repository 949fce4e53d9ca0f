"""The setup report a user files when the setup is done: what was set up, checked and confirmed.

Built only from the saved progress, which has no place for a secret, so the
report cannot carry one either. The JSON form is this module's pydantic model;
the Markdown form is for reading, in the user's language.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mktsync_core import registry
from mktsync_core.checks.models import CheckReport, CheckStatus
from mktsync_core.demo_org.scenarios import Scenario
from mktsync_core.duplicates.models import DuplicateSummary
from mktsync_core.i18n import Lang, t
from mktsync_core.mapping.models import EditKind
from mktsync_core.marketo.models import SyncVerification
from mktsync_core.models import (
    ConfirmationId,
    Edition,
    Mode,
    StepId,
    StepStatus,
    SyncStatus,
    VerifiedConnection,
    utcnow,
)
from mktsync_core.progress import Progress
from mktsync_core.troubleshooting import TroubleId, TroubleStatus, diagnose
from mktsync_core.visibility.plan import VisibilityPlan

REPORT_VERSION = 1


class ReportStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: StepId
    title: str
    status: StepStatus


class ReportConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: StepId
    id: ConfirmationId
    text: str
    irreversible: bool
    given_at: datetime


class ReportCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    status: CheckStatus
    title: str
    finding: str
    fix: str | None
    who: str | None
    evidence: dict[str, str | int | float | bool | None]


class ReportCheckRun(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ran_at: datetime
    api_calls: int
    results: list[ReportCheck]


class ReportTrouble(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: TroubleId
    status: TroubleStatus
    title: str


class HideOutcome(StrEnum):
    HIDDEN = "hidden"  # a re-check found it hidden from the sync user
    KEPT_VISIBLE = "kept_visible"  # the user chose to keep it visible after all
    PLANNED = "planned"  # still visible: the admin has not hidden it yet


class ReportHide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str
    label: str
    outcome: HideOutcome


class ReportFields(BaseModel):
    """The field-visibility audit as Sync Fields saw it: what became permanent, what was hidden."""

    model_config = ConfigDict(extra="forbid")

    audited_at: datetime
    new_marketo_fields: dict[str, int]
    acknowledged_counts: dict[str, int] | None
    hides: list[ReportHide]


class ReportMappingEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: EditKind
    lead_field: str
    contact_field: str


class SetupReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_version: int = REPORT_VERSION
    generated_at: datetime = Field(default_factory=utcnow)
    language: Lang
    setup_id: str
    edition: Edition
    mode: Mode
    demo_scenario: Scenario | None
    org: VerifiedConnection | None
    steps: list[ReportStep]
    confirmations: list[ReportConfirmation]
    prerequisite_checks: ReportCheckRun | None
    verify_status: SyncStatus | None
    troubleshooting: ReportCheckRun | None
    troubleshooting_findings: list[ReportTrouble]
    fields: ReportFields | None
    mapping_edits: list[ReportMappingEdit]
    duplicates: DuplicateSummary | None
    marketo: SyncVerification | None
    api_calls_used: int


def _check_run(report: CheckReport | None, lang: Lang) -> ReportCheckRun | None:
    if report is None:
        return None
    return ReportCheckRun(
        ran_at=report.ran_at,
        api_calls=report.api_calls,
        results=[
            ReportCheck(
                id=r.id,
                status=r.status,
                title=r.title(lang),
                finding=r.reason(lang),
                fix=r.fix(lang),
                who=r.who(lang),
                evidence=dict(r.evidence),
            )
            for r in report.results
        ],
    )


def _fields(plan: VisibilityPlan | None) -> ReportFields | None:
    if plan is None:
        return None
    labels = {f.key: f.label for f in plan.audit.fields}

    def outcome(key: str) -> HideOutcome:
        if key in plan.hidden:
            return HideOutcome.HIDDEN
        return HideOutcome.KEPT_VISIBLE if key in plan.kept else HideOutcome.PLANNED

    planned = sorted(plan.hide | set(plan.hidden))
    return ReportFields(
        audited_at=plan.audit.audited_at,
        new_marketo_fields=plan.audit.counts(),
        acknowledged_counts=plan.acknowledged_counts,
        hides=[
            ReportHide(field=k, label=labels.get(k) or plan.hidden.get(k, k), outcome=outcome(k))
            for k in planned
        ],
    )


def build_report(progress: Progress, lang: Lang) -> SetupReport:
    recheck = progress.verify_recheck
    confirmations = [
        ReportConfirmation(
            step=s.id,
            id=c.id,
            text=t(f"confirm.{c.id}.label", lang, **registry.confirmation_params(c, progress)),
            irreversible=c.irreversible,
            given_at=progress.confirmations[c.id],
        )
        for s in registry.STEPS
        for c in s.confirmations
        if c.id in progress.confirmations
    ]
    runs = [progress.prerequisite_checks, recheck.report if recheck else None]
    return SetupReport(
        language=lang,
        setup_id=progress.setup_id,
        edition=progress.edition,
        mode=progress.mode,
        demo_scenario=progress.scenario if progress.mode is Mode.DEMO else None,
        org=progress.connection,
        steps=[
            ReportStep(
                step=s.id,
                title=t(f"step.{s.id}.title", lang),
                status=registry.status(s.id, progress),
            )
            for s in registry.STEPS
        ],
        confirmations=confirmations,
        prerequisite_checks=_check_run(progress.prerequisite_checks, lang),
        verify_status=progress.verify_status,
        troubleshooting=_check_run(recheck.report if recheck else None, lang),
        troubleshooting_findings=[
            ReportTrouble(
                id=f.item.id,
                status=f.status,
                title=t(f"verify.trouble.{f.item.id}.title", lang),
            )
            for f in diagnose(recheck)
            if recheck is not None
        ],
        fields=_fields(progress.visibility),
        mapping_edits=[
            ReportMappingEdit(kind=e.kind, lead_field=e.lead, contact_field=e.contact)
            for e in progress.mapping.edits
        ],
        duplicates=progress.duplicate_scan,
        marketo=progress.marketo_verification,
        api_calls_used=sum(r.api_calls for r in runs if r is not None)
        + (progress.duplicate_scan.api_calls if progress.duplicate_scan else 0),
    )


def _when(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M %Z")


def _checks_section(run: ReportCheckRun, lang: Lang) -> list[str]:
    lines = [
        t("report.md.checks_ran", lang, when=_when(run.ran_at), calls=run.api_calls),
        "",
        f"| {t('checks.column.status', lang)} | {t('checks.column.check', lang)} "
        f"| {t('checks.column.title', lang)} | {t('checks.column.reason', lang)} |",
        "|---|---|---|---|",
    ]
    for r in run.results:
        status = t(f"checks.status.{r.status}", lang)
        cells = [status, f"`{r.id}`", r.title, r.finding]
        lines.append(
            "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
        )
    return lines


def to_markdown(report: SetupReport, lang: Lang) -> str:
    """The report as a document to read or attach to a ticket."""
    org = report.org
    lines = [
        f"# {t('report.md.title', lang)}",
        "",
        t("report.md.generated", lang, when=_when(report.generated_at), setup=report.setup_id),
        "",
        f"## {t('report.md.setup', lang)}",
        "",
        f"- {t('report.md.edition', lang)}: {t(f'edition.{report.edition}', lang)}",
        f"- {t('report.md.mode', lang)}: {t(f'mode.{report.mode}', lang)}",
    ]
    if report.demo_scenario is not None:
        scenario = t(f"demo.scenario.{report.demo_scenario}.title", lang)
        lines.append(f"- {t('report.md.scenario', lang)}: {scenario}")
    if org is not None:
        where = t("conn.sandbox_org" if org.sandbox else "conn.production_org", lang)
        lines += [
            f"- {t('report.md.org', lang)}: {org.org_name or '—'} ({org.org_id}, "
            f"{org.organization_type or '—'}, {where}, {org.instance_host})",
            f"- {t('report.md.sync_user', lang)}: {org.username or org.user_id}",
            f"- {t('report.md.verified', lang)}: {_when(org.verified_at)}",
        ]
    lines += [f"- {t('report.md.api_calls', lang)}: {report.api_calls_used}", ""]
    lines += [f"## {t('report.md.steps', lang)}", ""]
    lines += [f"- {s.title}: {t(f'sidebar.status.{s.status}', lang)}" for s in report.steps]
    lines += ["", f"## {t('report.md.confirmations', lang)}", ""]
    for c in report.confirmations:
        mark = f" **{t('confirm.irreversible', lang)}**" if c.irreversible else ""
        lines.append(f"- {_when(c.given_at)} — {c.text}{mark}")
    if report.prerequisite_checks is not None:
        lines += ["", f"## {t('report.md.prerequisite_checks', lang)}", ""]
        lines += _checks_section(report.prerequisite_checks, lang)
    if report.fields is not None:
        lines += ["", f"## {t('report.md.fields', lang)}", ""]
        counts = ", ".join(f"{o} {n}" for o, n in report.fields.new_marketo_fields.items())
        lines.append(t("report.md.fields_new", lang, counts=counts))
        lines += [
            f"- `{h.field}` ({h.label}): {t(f'report.md.hide.{h.outcome}', lang)}"
            for h in report.fields.hides
        ]
    if report.mapping_edits:
        lines += ["", f"## {t('report.md.mapping', lang)}", ""]
        lines += [
            "- "
            + t(
                f"mapping.edit.{e.kind}",
                lang,
                lead=f"`{e.lead_field}`",
                contact=f"`{e.contact_field}`",
            )
            for e in report.mapping_edits
        ]
    if report.duplicates is not None:
        scan = report.duplicates
        lines += ["", f"## {t('report.md.duplicates', lang)}", ""]
        method = t(f"dupes.method.{scan.method}", lang)
        lines.append(
            t("report.md.duplicates_ran", lang, when=_when(scan.scanned_at), method=method)
        )
        for kind in scan.kinds:
            more = "+" if kind.at_least else ""
            lines.append(
                f"- {t(f'dupes.kind.{kind.kind}', lang)}: "
                + t(
                    "report.md.duplicates_line",
                    lang,
                    emails=f"{kind.emails}{more}",
                    records=kind.records,
                )
            )
    if report.verify_status is not None:
        lines += ["", f"## {t('report.md.verify', lang)}", ""]
        lines.append(
            f"- {t('report.md.status', lang)}: {t(f'verify.status.{report.verify_status}', lang)}"
        )
        lines += [
            f"- {f.title}: {t(f'verify.trouble.status.{f.status}', lang)}"
            for f in report.troubleshooting_findings
        ]
    if report.marketo is not None:
        lines += ["", f"## {t('report.md.marketo', lang)}", ""]
        verdict = t(f"marketo.verdict.{report.marketo.verdict}", lang)
        lines.append(f"- {_when(report.marketo.checked_at)} — {verdict}")
        lines += [
            f"- {t('report.md.marketo_missing', lang)}: `{f.pair.marketo_name}`"
            for f in report.marketo.missing_fields
        ]
    lines.append("")
    return "\n".join(lines)
