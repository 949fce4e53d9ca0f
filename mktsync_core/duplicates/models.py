"""What a duplicate scan found, and the small part of it that is saved with the progress."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mktsync_core.models import utcnow
from mktsync_core.salesforce import ApiLimits, SfError


class ScanMethod(StrEnum):
    """Server-side aggregates (a few API calls) or the complete scan (Bulk API 2.0)."""

    AGGREGATE = "aggregate"
    BULK = "bulk"


class ScanStatus(StrEnum):
    COMPLETE = "complete"
    # Figures are lower bounds: an aggregate page was full ("at least").
    AT_LEAST = "at_least"
    FAILED = "failed"
    CANCELLED = "cancelled"


class DupKind(StrEnum):
    """Where the same email appears more than once, as Marketo will see it."""

    LEAD = "lead"
    CONTACT = "contact"
    OVERLAP = "overlap"


class OrgVolumes(BaseModel):
    """Record counts of the synced objects and the org's API allocation."""

    model_config = ConfigDict(frozen=True)

    counts: dict[str, int]
    limits: ApiLimits | None = None

    def count(self, sobject: str) -> int:
        return self.counts.get(sobject, 0)

    @property
    def people(self) -> int:
        return self.count("Lead") + self.count("Contact")

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class KindSummary(BaseModel):
    """One line of the per-object summary: how many emails are duplicated, on how many records."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: DupKind
    emails: int
    records: int
    at_least: bool = False


class DuplicateRow(BaseModel):
    """One duplicated email (normalised: trimmed, lower case) and the records that carry it."""

    model_config = ConfigDict(frozen=True)

    kind: DupKind
    email: str
    leads: int
    contacts: int
    lead_ids: tuple[str, ...] = ()
    contact_ids: tuple[str, ...] = ()

    @property
    def records(self) -> int:
        return self.leads + self.contacts


class DuplicateSummary(BaseModel):
    """What the progress store keeps of a scan: counts only, never an email or a record id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: ScanMethod
    status: ScanStatus
    kinds: tuple[KindSummary, ...] = ()
    counts: dict[str, int] = Field(default_factory=dict)
    limits: ApiLimits | None = None
    api_calls: int = 0
    scanned_at: datetime = Field(default_factory=utcnow)

    @property
    def volumes(self) -> OrgVolumes | None:
        return OrgVolumes(counts=self.counts, limits=self.limits) if self.counts else None

    @property
    def incomplete(self) -> bool:
        return self.status in (ScanStatus.FAILED, ScanStatus.CANCELLED)

    @property
    def duplicate_emails(self) -> int:
        return sum(k.emails for k in self.kinds)

    @property
    def at_least(self) -> bool:
        return any(k.at_least for k in self.kinds)


class DuplicateReport(BaseModel):
    """A scan's full result, kept in the browser session only (it holds emails and ids)."""

    model_config = ConfigDict(frozen=True)

    method: ScanMethod
    status: ScanStatus
    volumes: OrgVolumes | None = None
    kinds: tuple[KindSummary, ...] = ()
    rows: tuple[DuplicateRow, ...] = ()
    error: SfError | None = None
    api_calls: int = 0
    scanned_at: datetime = Field(default_factory=utcnow)

    def summary(self) -> DuplicateSummary:
        return DuplicateSummary(
            method=self.method,
            status=self.status,
            kinds=self.kinds,
            counts=dict(self.volumes.counts) if self.volumes else {},
            limits=self.volumes.limits if self.volumes else None,
            api_calls=self.api_calls,
            scanned_at=self.scanned_at,
        )

    def frame(self) -> pd.DataFrame:
        """One row per duplicated email, most records first."""
        rows = [
            {
                "kind": r.kind.value,
                "email": r.email,
                "records": r.records,
                "leads": r.leads,
                "contacts": r.contacts,
                "lead_ids": " ".join(r.lead_ids),
                "contact_ids": " ".join(r.contact_ids),
            }
            for r in self.rows
        ]
        frame = pd.DataFrame(rows, columns=list(ROW_COLUMNS))
        return frame.sort_values(["records", "email"], ascending=[False, True], kind="stable")

    def distribution(self) -> pd.DataFrame:
        """Number of duplicated emails by how many records share them, per kind (for a chart)."""
        frame = self.frame()
        if frame.empty:
            return pd.DataFrame(columns=[k.value for k in DupKind])
        sizes = frame["records"].clip(upper=MAX_BAR).astype(int)
        table = pd.crosstab(sizes, frame["kind"])
        return table.reindex(columns=[k.value for k in DupKind], fill_value=0)


ROW_COLUMNS = ("kind", "email", "records", "leads", "contacts", "lead_ids", "contact_ids")
MAX_BAR = 10  # groups of ten or more records share the last bar of the chart
