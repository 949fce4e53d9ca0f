"""The walkthrough's vocabulary: steps, answers, confirmations, the verified connection."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SETUP_ID_PATTERN = r"^[A-Za-z0-9_-]{8,40}$"
SetupId = Annotated[str, StringConstraints(pattern=SETUP_ID_PATTERN)]


class StepId(StrEnum):
    HOME = "home"
    PREREQUISITES = "prerequisites"
    TOKEN = "token"
    CREDENTIALS = "credentials"
    MAPPINGS = "mappings"
    START_SYNC = "start_sync"
    VERIFY = "verify"
    COMPLETE = "complete"


class StepStatus(StrEnum):
    LOCKED = "locked"
    OPEN = "open"
    DONE = "done"


class Edition(StrEnum):
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"


class Mode(StrEnum):
    DEMO = "demo"
    LIVE = "live"
    SANDBOX = "sandbox"


class Answer(StrEnum):
    """Earlier answers whose change invalidates later steps."""

    EDITION = "edition"
    MODE = "mode"
    SCENARIO = "scenario"
    CREDENTIALS = "credentials"


class Fact(StrEnum):
    """Something the app verified itself, as opposed to a confirmation the user gave."""

    CONNECTION_VERIFIED = "connection_verified"
    PREREQUISITE_CHECKS_NOT_FAILING = "prerequisite_checks_not_failing"
    DUPLICATES_SCANNED = "duplicates_scanned"
    DUPLICATE_SCAN_INCOMPLETE = "duplicate_scan_incomplete"
    # The field-visibility audit ran for the verified org and user.
    FIELDS_AUDITED = "fields_audited"
    # No planned hide is still visible, unless the user explicitly keeps it.
    PLANNED_HIDES_SETTLED = "planned_hides_settled"


class SyncStatus(StrEnum):
    """The three statuses Marketo shows in Admin → Salesforce."""

    LAST_SYNCED = "last_synced"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"


class ConfirmationId(StrEnum):
    HOME_STARTED = "home.started"
    PREREQ_API_ACCESS = "prerequisites.api_access"
    PREREQ_FIELDS_ADDED = "prerequisites.fields_added"
    PREREQ_LEAD_MAPPING = "prerequisites.lead_mapping"
    PREREQ_PAGE_LAYOUTS = "prerequisites.page_layouts"
    PREREQ_SYNC_PROFILE = "prerequisites.sync_profile"
    PREREQ_SYNC_USER = "prerequisites.sync_user"
    PREREQ_FINDINGS_REVIEWED = "prerequisites.findings_reviewed"
    TOKEN_READY = "token.ready"
    CREDENTIALS_FIELDS_HIDDEN = "credentials.fields_hidden"
    CREDENTIALS_SYNC_FIELDS_PERMANENT = "credentials.sync_fields_permanent"
    CREDENTIALS_SYNC_FIELDS_CLICKED = "credentials.sync_fields_clicked"
    MAPPINGS_LAST_CHANCE = "mappings.last_chance"
    MAPPINGS_CONFIRM_CLICKED = "mappings.confirm_clicked"
    START_NO_DEDUPE = "start_sync.no_dedupe"
    START_SCAN_INCOMPLETE = "start_sync.scan_incomplete"
    START_PERMANENT = "start_sync.permanent"
    START_CLICKED = "start_sync.clicked"
    VERIFY_LAST_SYNCED = "verify.last_synced"


def utcnow() -> datetime:
    return datetime.now(UTC)


class VerifiedConnection(BaseModel):
    """Which org and user the credentials were verified for; never the credentials themselves.

    Kept so that a refresh still knows the step was verified, and so that
    verifying a different org or user later can reopen the steps done for this one.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    org_id: str
    org_name: str | None
    organization_type: str | None
    sandbox: bool | None
    user_id: str
    username: str | None
    instance_host: str
    verified_at: datetime = Field(default_factory=utcnow)

    def same_org_and_user(self, other: VerifiedConnection) -> bool:
        return (self.org_id, self.user_id) == (other.org_id, other.user_id)
