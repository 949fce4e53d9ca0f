"""The whole mapping review, computed from the describes and the saved edits.

Everything the page shows comes from :func:`build_review`, a pure function of
the describes, the saved plan and the fields planned hidden, so it can be
tested without Streamlit and timed by the benchmark.

Edits are kept relative to Marketo's proposal (break this pair, pair these
two), because that is how the mapping screen works. A schema fetched again may
make an edit meaningless — a field was deleted or hidden, a proposed pair
vanished, an unmapped pair is now proposed by Marketo itself — and such edits
are set aside with the reason instead of being silently applied or lost.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from mktsync_core.mapping.models import (
    CustomFields,
    DroppedEdit,
    DropReason,
    EditKind,
    FieldKey,
    MappingEdit,
    MappingPlan,
    ProposedPair,
)
from mktsync_core.mapping.predict import custom_fields, predict_pairs
from mktsync_core.mapping.standard import STANDARD_MAPPINGS, StandardMapping
from mktsync_core.mapping.validate import MappingWarning, plan_warnings
from mktsync_core.salesforce import FieldInfo, ObjectDescribe

Final = dict[str, str | None]


class StandardStatus(StrEnum):
    SYNCED = "synced"
    NOT_VISIBLE = "not_visible"
    PLANNED_HIDDEN = "planned_hidden"


class StandardRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    mapping: StandardMapping
    field: FieldInfo | None
    status: StandardStatus


class MappingReview(BaseModel):
    """What Marketo will map, what the user changes, and what to watch out for."""

    model_config = ConfigDict(frozen=True)

    fields: CustomFields
    proposal: tuple[ProposedPair, ...]
    plan: MappingPlan
    final: Final
    warnings: tuple[MappingWarning, ...]
    standard: tuple[StandardRow, ...]

    @cached_property
    def proposed(self) -> dict[str, str]:
        return {p.lead: p.contact for p in self.proposal}

    @cached_property
    def unmapped_lead(self) -> list[str]:
        return [lead for lead, contact in self.final.items() if contact is None]

    @cached_property
    def unmapped_contact(self) -> list[str]:
        used = set(self.final.values())
        return [c for c in self.fields.contact if c not in used]

    def warnings_for(self, lead: str) -> list[MappingWarning]:
        return [w for w in self.warnings if w.lead == lead]


def _drop_reason(
    edit: MappingEdit, fields: CustomFields, proposed: Mapping[str, str]
) -> DropReason | None:
    if edit.lead not in fields.lead or edit.contact not in fields.contact:
        return DropReason.FIELD_GONE
    if edit.kind is EditKind.BREAK and proposed.get(edit.lead) != edit.contact:
        return DropReason.NOT_PROPOSED
    if edit.kind is EditKind.PAIR and proposed.get(edit.lead) == edit.contact:
        return DropReason.ALREADY_PROPOSED
    return None


def reconcile(
    plan: MappingPlan, fields: CustomFields, proposal: Iterable[ProposedPair]
) -> MappingPlan:
    """``plan`` with the edits that no longer apply to this schema set aside, with the reason."""
    proposed = {p.lead: p.contact for p in proposal}
    kept: list[MappingEdit] = []
    dropped = list(plan.dropped)
    for edit in plan.edits:
        reason = _drop_reason(edit, fields, proposed)
        if reason is None:
            kept.append(edit)
        else:
            dropped.append(DroppedEdit(edit=edit, reason=reason))
    if len(kept) == len(plan.edits):
        return plan
    return MappingPlan(edits=tuple(kept), dropped=tuple(dropped))


def apply_edits(
    fields: CustomFields, proposal: Iterable[ProposedPair], edits: Iterable[MappingEdit]
) -> Final:
    """Each editable Lead field's Contact partner once the edits are made (None: unmapped)."""
    final: Final = dict.fromkeys(sorted(fields.lead))
    final.update({p.lead: p.contact for p in proposal})
    for edit in edits:
        if edit.kind is EditKind.BREAK and final.get(edit.lead) == edit.contact:
            final[edit.lead] = None
        elif edit.kind is EditKind.PAIR:
            final[edit.lead] = edit.contact
    return final


def edits_between(
    proposal: Iterable[ProposedPair], final: Mapping[str, str | None]
) -> tuple[MappingEdit, ...]:
    """The fewest screen actions that turn Marketo's proposal into ``final``: breaks first."""
    proposed = {p.lead: p.contact for p in proposal}
    breaks: list[MappingEdit] = []
    pairs: list[MappingEdit] = []
    for lead, contact in final.items():
        before = proposed.get(lead)
        if before == contact:
            continue
        if before is not None:
            breaks.append(MappingEdit(kind=EditKind.BREAK, lead=lead, contact=before))
        if contact is not None:
            pairs.append(MappingEdit(kind=EditKind.PAIR, lead=lead, contact=contact))
    return (*breaks, *pairs)


def with_final(
    plan: MappingPlan, proposal: Iterable[ProposedPair], final: Mapping[str, str | None]
) -> MappingPlan:
    """The plan whose edits produce ``final``; what a re-fetch set aside stays listed."""
    return MappingPlan(edits=edits_between(proposal, final), dropped=plan.dropped)


def standard_rows(
    describes: Mapping[str, ObjectDescribe], hidden: Collection[FieldKey] = frozenset()
) -> tuple[StandardRow, ...]:
    """The fixed mappings of §5a, each with its field as the sync user sees it (if at all)."""
    rows: list[StandardRow] = []
    for mapping in STANDARD_MAPPINGS:
        described = describes.get(mapping.sobject)
        field = described.field(mapping.api_name) if described is not None else None
        status = StandardStatus.SYNCED if field is not None else StandardStatus.NOT_VISIBLE
        if FieldKey(sobject=mapping.sobject, name=mapping.api_name) in hidden:
            status = StandardStatus.PLANNED_HIDDEN
        rows.append(StandardRow(mapping=mapping, field=field, status=status))
    return tuple(rows)


def build_review(
    describes: Mapping[str, ObjectDescribe],
    plan: MappingPlan,
    hidden: Collection[FieldKey] = frozenset(),
) -> MappingReview:
    """The org's mappings with the user's edits applied (pure: the benchmark times this)."""
    fields = custom_fields(describes, hidden)
    proposal = predict_pairs(fields)
    current = reconcile(plan, fields, proposal)
    final = apply_edits(fields, proposal, current.edits)
    return MappingReview(
        fields=fields,
        proposal=proposal,
        plan=current,
        final=final,
        warnings=plan_warnings(fields, final),
        standard=standard_rows(describes, hidden),
    )
