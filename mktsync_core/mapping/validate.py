"""Advisory warnings about the pairs the mapping will end up with.

Marketo's docs set no rule on which field types may be paired (marketo-domain.md
§5), but its field-sync rules (§5b) say what goes wrong when they differ: a
type change deletes data in non-matching fields, and differing picklists
offer only their common values. Every warning here is advice with its reason;
none blocks the step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from mktsync_core.checks.models import Label, Param, Text, render_param
from mktsync_core.i18n import Lang, t
from mktsync_core.mapping.models import CustomFields
from mktsync_core.salesforce import FieldInfo


class WarningKind(StrEnum):
    TYPE_MISMATCH = "type_mismatch"
    LENGTH_MISMATCH = "length_mismatch"
    PICKLIST_MISMATCH = "picklist_mismatch"
    PAIRED_TWICE = "paired_twice"
    DATA_LOSS = "data_loss"


class LossCause(StrEnum):
    """How a pair loses data, for the reason a data-loss warning gives."""

    TIME = "time"
    DECIMALS = "decimals"
    READ_ONLY = "read_only"


class Family(StrEnum):
    """Describe types grouped by the values they can hold."""

    TEXT = "text"
    PICKLIST = "picklist"
    MULTIPICKLIST = "multipicklist"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    REFERENCE = "reference"
    OTHER = "other"


_FAMILIES: dict[str, Family] = {
    **dict.fromkeys(
        ("string", "textarea", "email", "phone", "url", "encryptedstring", "combobox"), Family.TEXT
    ),
    "picklist": Family.PICKLIST,
    "multipicklist": Family.MULTIPICKLIST,
    **dict.fromkeys(("double", "currency", "percent", "int", "long"), Family.NUMBER),
    "date": Family.DATE,
    "datetime": Family.DATETIME,
    "boolean": Family.BOOLEAN,
    **dict.fromkeys(("reference", "id"), Family.REFERENCE),
}
_DATES = frozenset({Family.DATE, Family.DATETIME})


def family(field: FieldInfo) -> Family:
    return _FAMILIES.get(field.type, Family.OTHER)


class MappingWarning(BaseModel):
    """One advisory finding about a Lead↔Contact pair, as a catalog key and parameters."""

    model_config = ConfigDict(frozen=True)

    kind: WarningKind
    lead: str
    contact: str
    # How the user knows the two fields: label and API name.
    lead_name: str
    contact_name: str
    cause: LossCause | None = None
    params: dict[str, Param] = {}

    @property
    def key(self) -> str:
        base = f"mapping.warn.{self.kind}"
        return base if self.cause is None else f"{base}.{self.cause}"

    def text(self, lang: Lang) -> str:
        rendered = {k: render_param(v, lang) for k, v in self.params.items()}
        return t(self.key, lang, lead=self.lead_name, contact=self.contact_name, **rendered)

    def short(self, lang: Lang) -> str:
        return t(f"mapping.warn.{self.kind}.short", lang)


def named(field: FieldInfo) -> str:
    """A field as the user should read it: its label, with the API name that never changes."""
    return f"{field.label} ({field.name})"


def shape(field: FieldInfo) -> str:
    """A field's type as Salesforce's describe names it, with its length or decimals."""
    if family(field) is Family.TEXT and field.length:
        return f"{field.type}({field.length})"
    if family(field) is Family.NUMBER and field.precision:
        return f"{field.type}({field.precision},{field.scale})"
    return field.type


def _values(field: FieldInfo) -> set[str]:
    return {v.value for v in field.picklist_values if v.active}


def _listed(values: set[str]) -> Text:
    return Text.join(list[Label | Text | str](sorted(values))) if values else Text(en="–", ja="–")


def _read_only(field: FieldInfo) -> bool:
    return field.calculated or not field.updateable


def _mismatch(lead: FieldInfo, contact: FieldInfo) -> tuple[WarningKind, LossCause | None] | None:
    """How the two fields' types disagree, if they do (at most one finding: the gravest)."""
    lf, cf = family(lead), family(contact)
    if {lf, cf} == _DATES:
        return WarningKind.DATA_LOSS, LossCause.TIME
    if lf is not cf:
        return WarningKind.TYPE_MISMATCH, None
    if lf is Family.TEXT and lead.length and contact.length and lead.length != contact.length:
        return WarningKind.LENGTH_MISMATCH, None
    if lf in (Family.PICKLIST, Family.MULTIPICKLIST) and _values(lead) != _values(contact):
        return WarningKind.PICKLIST_MISMATCH, None
    if lf is Family.NUMBER and lead.scale != contact.scale:
        return WarningKind.DATA_LOSS, LossCause.DECIMALS
    return None


def compatible(lead: FieldInfo, contact: FieldInfo) -> bool:
    """True when pairing the two would draw no warning (cheap: for listing candidates)."""
    return _mismatch(lead, contact) is None and not (_read_only(lead) or _read_only(contact))


def _mismatch_params(kind: WarningKind, lead: FieldInfo, contact: FieldInfo) -> dict[str, Param]:
    if kind is WarningKind.PICKLIST_MISMATCH:
        return {
            "only_lead": _listed(_values(lead) - _values(contact)),
            "only_contact": _listed(_values(contact) - _values(lead)),
        }
    shapes: dict[str, Param] = {"lead_type": shape(lead), "contact_type": shape(contact)}
    if kind is WarningKind.LENGTH_MISMATCH:
        shapes["shorter"] = min(lead.length, contact.length)
    return shapes


def pair_warnings(
    lead: FieldInfo, contact: FieldInfo, pairs_of_contact: int = 1
) -> list[MappingWarning]:
    """What can go wrong when these two fields become one Marketo field.

    ``pairs_of_contact``: how many Lead fields the plan pairs with this Contact field.
    """
    found: list[MappingWarning] = []

    def warn(kind: WarningKind, params: dict[str, Param], cause: LossCause | None = None) -> None:
        found.append(
            MappingWarning(
                kind=kind,
                lead=lead.name,
                contact=contact.name,
                lead_name=named(lead),
                contact_name=named(contact),
                cause=cause,
                params=params,
            )
        )

    if pairs_of_contact > 1:
        warn(WarningKind.PAIRED_TWICE, {"n": pairs_of_contact})
    mismatch = _mismatch(lead, contact)
    if mismatch is not None:
        kind, cause = mismatch
        warn(kind, _mismatch_params(kind, lead, contact), cause)
    for side in (lead, contact):
        if _read_only(side):
            warn(WarningKind.DATA_LOSS, {"field": named(side)}, LossCause.READ_ONLY)
    return found


def plan_warnings(
    fields: CustomFields, final: Mapping[str, str | None]
) -> tuple[MappingWarning, ...]:
    """Warnings for every pair of the final mapping, plus Contact fields paired more than once."""
    uses = Counter(c for c in final.values() if c is not None)
    found: list[MappingWarning] = []
    for lead, contact in final.items():
        if contact is None or lead not in fields.lead or contact not in fields.contact:
            continue
        found.extend(pair_warnings(fields.lead[lead], fields.contact[contact], uses[contact]))
    return tuple(found)
