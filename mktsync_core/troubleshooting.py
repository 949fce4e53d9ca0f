"""What to check when Marketo shows "Failed": the documented causes, and live evidence for them.

The causes come from marketo-domain.md §6c (every failure condition the sync
docs name). The ones the sync user's own API session can test are re-checked
by running the prerequisite checks again — not a second set of checks — and
mapping their results, or the error of a login that failed, onto the causes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mktsync_core.checks.models import CheckReport, CheckResult, CheckStatus
from mktsync_core.models import utcnow
from mktsync_core.salesforce.errors import Fixer, SfErrorCode

E = SfErrorCode


class TroubleId(StrEnum):
    EXPIRED_CREDENTIALS = "expired_credentials"
    LOGIN_BLOCKED = "login_blocked"
    API_LIMIT = "api_limit"
    PERMISSIONS = "permissions"
    MARKETING_USER = "marketing_user"
    REQUIRED_FIELDS = "required_fields"
    CAMPAIGN_STATUSES = "campaign_statuses"
    SYNC_ERRORS_TAB = "sync_errors_tab"


class TroubleItem(BaseModel):
    """One documented cause of a failed sync; words under ``verify.trouble.<id>.*``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: TroubleId
    fixer: Fixer
    # Prerequisite check ids (prefixes) whose results are evidence for this cause.
    checks: tuple[str, ...] = ()
    # Errors of a refused login or of the checks that point at this cause.
    errors: frozenset[SfErrorCode] = frozenset()

    @property
    def testable(self) -> bool:
        return bool(self.checks or self.errors)


TROUBLE_ITEMS: tuple[TroubleItem, ...] = (
    TroubleItem(
        id=TroubleId.EXPIRED_CREDENTIALS,
        fixer=Fixer.SALESFORCE_ADMIN,
        checks=("C19.",),
        errors=frozenset(
            {E.PASSWORD_EXPIRED, E.WRONG_CREDENTIALS, E.SECURITY_TOKEN_MISSING, E.SESSION_EXPIRED}
        ),
    ),
    TroubleItem(
        id=TroubleId.LOGIN_BLOCKED,
        fixer=Fixer.SALESFORCE_ADMIN,
        checks=("C1.",),
        errors=frozenset(
            {
                E.USER_LOCKED,
                E.API_DISABLED_FOR_ORG,
                E.API_DISABLED_FOR_USER,
                E.SOAP_LOGIN_DISABLED,
                E.LOGIN_REFUSED,
            }
        ),
    ),
    TroubleItem(
        id=TroubleId.API_LIMIT,
        fixer=Fixer.SALESFORCE_ADMIN,
        checks=("C18.",),
        errors=frozenset({E.REQUEST_LIMIT_EXCEEDED}),
    ),
    TroubleItem(
        id=TroubleId.PERMISSIONS,
        fixer=Fixer.SALESFORCE_ADMIN,
        checks=("C5.", "C6.", "C8."),
        errors=frozenset({E.INSUFFICIENT_ACCESS, E.NOT_ACCESSIBLE}),
    ),
    TroubleItem(
        id=TroubleId.MARKETING_USER,
        fixer=Fixer.SALESFORCE_ADMIN,
        checks=("C3.user.marketing_user",),
    ),
    TroubleItem(id=TroubleId.REQUIRED_FIELDS, fixer=Fixer.MARKETER),
    TroubleItem(id=TroubleId.CAMPAIGN_STATUSES, fixer=Fixer.MARKETER),
    TroubleItem(id=TroubleId.SYNC_ERRORS_TAB, fixer=Fixer.MARKETER),
)


# Errors after which the session the app holds cannot be trusted: the user must log in again.
LOGIN_BROKEN = frozenset(
    {
        E.PASSWORD_EXPIRED,
        E.WRONG_CREDENTIALS,
        E.SECURITY_TOKEN_MISSING,
        E.SESSION_EXPIRED,
        E.USER_LOCKED,
        E.API_DISABLED_FOR_ORG,
        E.API_DISABLED_FOR_USER,
    }
)


class TroubleStatus(StrEnum):
    FOUND = "found"  # live evidence points at this cause
    WARNING = "warning"  # evidence of a risk (e.g. the password can expire)
    CLEAR = "clear"  # the re-check found nothing wrong here
    UNKNOWN = "unknown"  # testable, but the re-check could not look
    MANUAL = "manual"  # only visible inside Marketo or Salesforce Setup
    NOT_CHECKED = "not_checked"  # no re-check has run yet


_STATUS_OF_RESULT = {
    CheckStatus.FAIL: TroubleStatus.FOUND,
    CheckStatus.WARN: TroubleStatus.WARNING,
    CheckStatus.NOT_VERIFIABLE: TroubleStatus.UNKNOWN,
    CheckStatus.INFO: TroubleStatus.CLEAR,
    CheckStatus.PASS: TroubleStatus.CLEAR,
}
_SEVERITY = [
    TroubleStatus.FOUND,
    TroubleStatus.WARNING,
    TroubleStatus.UNKNOWN,
    TroubleStatus.CLEAR,
]


class Recheck(BaseModel):
    """One live re-check from the Verify page, saved with the progress."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: CheckReport
    ran_at: datetime = Field(default_factory=utcnow)


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    item: TroubleItem
    status: TroubleStatus
    evidence: tuple[CheckResult, ...] = ()


def _is_evidence(item: TroubleItem, result: CheckResult) -> bool:
    """A result carrying an error is evidence only for the causes that name that error."""
    if result.error_code is not None:
        return result.error_code in item.errors
    return bool(item.checks) and result.id.startswith(item.checks)


def _status(result: CheckResult) -> TroubleStatus:
    code = result.error_code
    if code is not None and code not in (E.INSUFFICIENT_ACCESS, E.NOT_ACCESSIBLE):
        return TroubleStatus.FOUND  # Salesforce itself refused: that is the cause
    return _STATUS_OF_RESULT[result.status]


def diagnose(recheck: Recheck | None) -> list[Finding]:
    """Every documented cause, with what the latest re-check says about it."""
    findings = []
    for item in TROUBLE_ITEMS:
        if not item.testable:
            findings.append(Finding(item=item, status=TroubleStatus.MANUAL))
            continue
        if recheck is None:
            findings.append(Finding(item=item, status=TroubleStatus.NOT_CHECKED))
            continue
        evidence = tuple(r for r in recheck.report.results if _is_evidence(item, r))
        if evidence:
            status = min((_status(r) for r in evidence), key=_SEVERITY.index)
        else:
            # Nothing ran that could speak to this cause, e.g. the login was refused.
            status = TroubleStatus.UNKNOWN
        findings.append(Finding(item=item, status=status, evidence=evidence))
    return findings
