"""What the first sync will take, and whether the org's daily API limit can carry Marketo.

Marketo documents neither its sync throughput nor its API use on the pages the
guide links; the figures come from Adobe's KCS article ka-28190
(marketo-domain.md §7): about 25 calls per 5-minute cycle just to look for
changes (~7,200 a day), plus one call per batch of 200 changed records, plus
at least one call per person synced by a trigger campaign. The initial sync
copies every record the sync user can see, in the same batches of 200. The
duration classes are deliberately coarse: the guide itself only says "hours or
even days".
"""

from __future__ import annotations

from enum import StrEnum
from math import ceil

from pydantic import BaseModel, ConfigDict

from mktsync_core.duplicates.models import OrgVolumes
from mktsync_core.salesforce import ApiLimits

MARKETO_BASELINE_PER_DAY = 7_200
RECORDS_PER_CALL = 200
HOURS_BELOW = 100_000
ONE_DAY_BELOW = 1_000_000


class Duration(StrEnum):
    HOURS = "hours"
    UP_TO_A_DAY = "up_to_a_day"
    DAYS = "days"


class Forecast(BaseModel):
    """The initial sync and Marketo's daily API use, against the org's allocation."""

    model_config = ConfigDict(frozen=True)

    records: int
    initial_calls: int
    duration: Duration
    daily_calls: int
    limits: ApiLimits | None

    @property
    def used_by_others(self) -> int:
        """Calls already used in the rolling 24 hours (other integrations, users, this app)."""
        return self.limits.daily_used if self.limits else 0

    @property
    def share(self) -> float | None:
        """Marketo's daily need plus today's other use, as a share of the daily limit."""
        if self.limits is None or self.limits.daily_max <= 0:
            return None
        return (self.daily_calls + self.used_by_others) / self.limits.daily_max

    @property
    def short(self) -> bool:
        """True when the org would run out of API calls on an ordinary day."""
        return self.share is not None and self.share > 1

    @property
    def first_day_short(self) -> bool:
        """True when the first day (ordinary use plus the initial copy) exceeds the limit."""
        if self.limits is None:
            return False
        first_day = self.daily_calls + self.initial_calls + self.used_by_others
        return first_day > self.limits.daily_max


def forecast(volumes: OrgVolumes, *, daily_changes: int, trigger_syncs: int = 0) -> Forecast:
    """``daily_changes``: records created or changed per day; ``trigger_syncs``: people a day
    that trigger campaigns push to Salesforce one at a time."""
    records = volumes.total
    if records < HOURS_BELOW:
        duration = Duration.HOURS
    elif records < ONE_DAY_BELOW:
        duration = Duration.UP_TO_A_DAY
    else:
        duration = Duration.DAYS
    return Forecast(
        records=records,
        initial_calls=ceil(records / RECORDS_PER_CALL),
        duration=duration,
        daily_calls=(
            MARKETO_BASELINE_PER_DAY
            + ceil(max(daily_changes, 0) / RECORDS_PER_CALL)
            + max(trigger_syncs, 0)
        ),
        limits=volumes.limits,
    )
