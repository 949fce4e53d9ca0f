"""The audit as saved, the user's hide plan, and what a re-check changes.

Everything here is part of the saved progress (refresh-safe) and free of
Streamlit. Rows are identified by ``"Object.Field"`` keys, so the user's Hide
choices survive a re-fetch for every field that still exists.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mktsync_core.models import utcnow
from mktsync_core.salesforce import SfErrorCode
from mktsync_core.visibility.classify import (
    ADVICE_OF,
    AUDIT_COLUMNS,
    Advice,
    Reason,
    field_key,
)


class AuditedObject(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    custom: bool = False


class AuditedField(BaseModel):
    """One visible field as the audit classified it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    object: str
    name: str
    label: str
    type: str
    custom: bool
    creates_new: bool
    reason: Reason
    mapped_to: str = ""

    @property
    def key(self) -> str:
        return field_key(self.object, self.name)

    @property
    def advice(self) -> Advice:
        return ADVICE_OF[self.reason]


class FieldAudit(BaseModel):
    """What the sync user could see at one moment, for one org and user."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    org_id: str
    user_id: str
    audited_at: datetime = Field(default_factory=utcnow)
    api_calls: int = 0
    objects: tuple[AuditedObject, ...] = ()
    fields: tuple[AuditedField, ...] = ()
    # Standard objects the sync user could not describe, and why.
    unreadable: dict[str, SfErrorCode] = Field(default_factory=dict)

    def keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.fields)

    def by_key(self) -> dict[str, AuditedField]:
        return {f.key: f for f in self.fields}

    def counts(self) -> dict[str, int]:
        """Per audited object: visible fields for which Sync Fields creates a new Marketo field."""
        counts = {o.name: 0 for o in self.objects}
        for f in self.fields:
            if f.creates_new:
                counts[f.object] = counts.get(f.object, 0) + 1
        return counts

    def counts_text(self, counts: dict[str, int] | None = None) -> str:
        """Per object, its describe label and number: "Lead 12, Contact 10, …"."""
        shown = self.counts() if counts is None else counts
        return ", ".join(f"{self.object_label(name)} {n}" for name, n in shown.items())

    def object_label(self, name: str) -> str:
        return next((o.label for o in self.objects if o.name == name), name)

    def frame(self) -> pd.DataFrame:
        """The audit as :func:`~mktsync_core.visibility.classify.classify` returned it."""
        labels = {o.name: o.label for o in self.objects}
        rows = [
            (
                f.key,
                f.object,
                labels.get(f.object, f.object),
                f.label,
                f.name,
                f.type,
                f.custom,
                f.creates_new,
                f.advice.value,
                f.reason.value,
                f.mapped_to,
            )
            for f in self.fields
        ]
        frame = pd.DataFrame.from_records(rows, columns=list(AUDIT_COLUMNS))
        return frame.astype({"custom": bool, "creates_new": bool})

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        org_id: str,
        user_id: str,
        objects: tuple[AuditedObject, ...],
        unreadable: dict[str, SfErrorCode] | None = None,
        api_calls: int = 0,
    ) -> FieldAudit:
        columns = ("object", "name", "label", "type", "custom", "creates_new", "reason")
        fields = tuple(
            AuditedField(
                object=o,
                name=n,
                label=label,
                type=t,
                custom=bool(c),
                creates_new=bool(new),
                reason=Reason(r),
                mapped_to=m,
            )
            for (o, n, label, t, c, new, r), m in zip(
                frame.loc[:, list(columns)].itertuples(index=False, name=None),
                frame["mapped_to"],
                strict=True,
            )
        )
        return cls(
            org_id=org_id,
            user_id=user_id,
            api_calls=api_calls,
            objects=objects,
            fields=fields,
            unreadable=unreadable or {},
        )


class Recheck(BaseModel):
    """What one re-check found compared with the audit before it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime
    now_hidden: tuple[str, ...] = ()
    still_visible: tuple[str, ...] = ()
    appeared: tuple[str, ...] = ()
    disappeared: tuple[str, ...] = ()
    # Labels of the fields that disappeared (they are no longer in the audit).
    gone_labels: dict[str, str] = Field(default_factory=dict)


class VisibilityPlan(BaseModel):
    """The latest audit and the user's decisions about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    audit: FieldAudit
    # Visible fields the user wants hidden (always a subset of the audit's keys).
    hide: frozenset[str] = frozenset()
    # Planned hides the user explicitly keeps visible after all.
    kept: frozenset[str] = frozenset()
    # Planned hides a re-check found hidden, with their labels.
    hidden: dict[str, str] = Field(default_factory=dict)
    last_recheck: Recheck | None = None
    # The per-object counts the Sync Fields acknowledgment named, while it stands.
    acknowledged_counts: dict[str, int] | None = None
    # The counts of an acknowledgment a re-check voided (shown so the user knows why).
    voided_counts: dict[str, int] | None = None

    @property
    def unresolved(self) -> frozenset[str]:
        """Planned hides still visible that the user has not explicitly kept."""
        return self.hide - self.kept

    @property
    def settled(self) -> bool:
        return not self.unresolved

    def with_hide(self, keys: frozenset[str]) -> VisibilityPlan:
        """The plan with these visible fields to hide (unknown keys are ignored)."""
        hide = keys & self.audit.keys()
        return self.model_copy(update={"hide": hide, "kept": self.kept & hide})

    def keeping(self, keys: frozenset[str]) -> VisibilityPlan:
        """The plan with these planned hides explicitly kept visible."""
        return self.model_copy(update={"kept": self.kept | (keys & self.hide)})

    def rechecked(self, audit: FieldAudit) -> VisibilityPlan:
        """The plan after a re-fetch: choices kept for fields that still exist, changes listed."""
        before, after = self.audit.keys(), audit.keys()
        old = self.audit.by_key()
        now_hidden = self.hide - after
        # A field hidden earlier that is visible again goes back into the plan.
        back = frozenset(self.hidden) & after
        hide = (self.hide & after) | back
        hidden = {k: v for k, v in self.hidden.items() if k not in after}
        hidden.update({k: old[k].label for k in now_hidden})
        disappeared = before - after
        recheck = Recheck(
            at=audit.audited_at,
            now_hidden=tuple(sorted(now_hidden)),
            still_visible=tuple(sorted(hide)),
            appeared=tuple(sorted(after - before)),
            disappeared=tuple(sorted(disappeared)),
            gone_labels={k: old[k].label for k in disappeared},
        )
        acknowledged = self.acknowledged_counts
        voided = self.voided_counts
        if acknowledged is not None and acknowledged != audit.counts():
            acknowledged, voided = None, acknowledged
        return VisibilityPlan(
            audit=audit,
            hide=hide,
            kept=self.kept & hide,
            hidden=hidden,
            last_recheck=recheck,
            acknowledged_counts=acknowledged,
            voided_counts=voided,
        )
