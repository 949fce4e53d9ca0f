"""Pre-flight checks: fetch what a page needs from the org once, then judge it with pure checks.

The Prerequisites page calls :func:`run_prerequisite_checks` after a login
(or with the failed login's error) and shows the :class:`CheckReport`.
"""

from mktsync_core.checks.fetch import (
    PREREQUISITE_OBJECTS,
    PrerequisiteData,
    fetch_prerequisites,
    not_connected,
)
from mktsync_core.checks.models import (
    ACKNOWLEDGE_STATUSES,
    FRAME_COLUMNS,
    CheckReport,
    CheckResult,
    CheckStatus,
    Label,
    Msg,
    Text,
)
from mktsync_core.checks.prerequisites import (
    MARKETO_DAILY_BASELINE,
    PREREQUISITE_CHECKS,
    Check,
    build_report,
    detected_edition,
    judge_prerequisites,
    run_prerequisite_checks,
)

__all__ = [
    "ACKNOWLEDGE_STATUSES",
    "FRAME_COLUMNS",
    "MARKETO_DAILY_BASELINE",
    "PREREQUISITE_CHECKS",
    "PREREQUISITE_OBJECTS",
    "Check",
    "CheckReport",
    "CheckResult",
    "CheckStatus",
    "Label",
    "Msg",
    "PrerequisiteData",
    "Text",
    "build_report",
    "detected_edition",
    "fetch_prerequisites",
    "judge_prerequisites",
    "not_connected",
    "run_prerequisite_checks",
]
