"""One setup's saved progress: what the progress store writes to disk.

:class:`Progress` forbids extra keys and has no free-form text fields, so there
is no place a password, security token, access token or client secret could
end up in it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mktsync_core.checks.models import CheckReport
from mktsync_core.demo_org.scenarios import Scenario
from mktsync_core.duplicates.models import DuplicateSummary
from mktsync_core.i18n import Lang
from mktsync_core.mapping.models import MappingPlan
from mktsync_core.marketo.models import SyncVerification
from mktsync_core.models import (
    ConfirmationId,
    Edition,
    Mode,
    SetupId,
    SyncStatus,
    VerifiedConnection,
    utcnow,
)
from mktsync_core.troubleshooting import Recheck
from mktsync_core.visibility.plan import VisibilityPlan


class Progress(BaseModel):
    """One setup's saved state: choices and confirmations, never credentials."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    setup_id: SetupId
    language: Lang | None = None
    edition: Edition = Edition.PROFESSIONAL
    mode: Mode = Mode.DEMO
    scenario: Scenario = Scenario.HEALTHY
    connection: VerifiedConnection | None = None
    prerequisite_checks: CheckReport | None = None
    duplicate_scan: DuplicateSummary | None = None
    # The field-visibility audit and the user's hide plan (Set sync user credentials).
    visibility: VisibilityPlan | None = None
    confirmations: dict[ConfirmationId, datetime] = Field(default_factory=dict)
    verify_status: SyncStatus | None = None
    mapping: MappingPlan = Field(default_factory=MappingPlan)
    verify_recheck: Recheck | None = None
    marketo_verification: SyncVerification | None = None
    updated_at: datetime = Field(default_factory=utcnow)
