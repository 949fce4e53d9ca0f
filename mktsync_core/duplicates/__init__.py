"""Duplicates in Salesforce before the first sync (Marketo does not de-duplicate them),
and what the initial sync and its daily API use will cost the org."""

from mktsync_core.duplicates.budget import (
    MARKETO_BASELINE_PER_DAY,
    Duration,
    Forecast,
    forecast,
)
from mktsync_core.duplicates.export import to_csv
from mktsync_core.duplicates.index import EmailIndex, normalise
from mktsync_core.duplicates.models import (
    DupKind,
    DuplicateGroups,
    DuplicateReport,
    DuplicateRow,
    DuplicateSummary,
    KindSummary,
    OrgVolumes,
    ScanMethod,
    ScanStatus,
)
from mktsync_core.duplicates.scan import (
    BULK_MIN_PEOPLE,
    Phase,
    ScanProgress,
    aggregate_scan,
    choose_method,
    full_scan,
    run_scan,
    survey,
)

__all__ = [
    "BULK_MIN_PEOPLE",
    "MARKETO_BASELINE_PER_DAY",
    "DupKind",
    "DuplicateGroups",
    "DuplicateReport",
    "DuplicateRow",
    "DuplicateSummary",
    "Duration",
    "EmailIndex",
    "Forecast",
    "KindSummary",
    "OrgVolumes",
    "Phase",
    "ScanMethod",
    "ScanProgress",
    "ScanStatus",
    "aggregate_scan",
    "choose_method",
    "forecast",
    "full_scan",
    "normalise",
    "run_scan",
    "survey",
    "to_csv",
]
