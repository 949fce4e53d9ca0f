"""The field-visibility audit: every field the sync user can see, classified.

:func:`classify` is a pure function from describes to a :class:`pandas.DataFrame`
(one row per visible field), so it can be tested on recorded-shaped payloads
and timed on large orgs without Streamlit or a network.

Each row says whether Sync Fields will create a **new** Marketo field for it
(:mod:`mktsync_core.visibility.mappings` says which fields map to existing ones,
and where the doc is unclear), and gives a recommendation with its reason:

* **must keep** - the ``mkto71_*`` fields of Step 1, Email, the fields the
  default mappings need (§5a), and the lookups Marketo links records through
  (contact → account [account-sync], opportunity → account [opp-sync], owners
  [owner-sync], custom objects → Lead/Contact/Account [co-sync]);
* **likely unneeded** - the backlog best practices (§6d: "make only needed
  fields visible", "hide frequently changing fields you don't need, for example
  currency fields") and the field-sync rules (§5b: formulas propagate only when
  the record itself changes, lookups sync the ID and not the name): encrypted
  fields, integration IDs, formulas, currency, long text areas, lookups, other
  read-only system-maintained fields;
* **cannot be hidden** - the record Id, compound fields (hidden through their
  parts) and the audit fields. [SF knowledge] Salesforce shows Id, CreatedById,
  CreatedDate, LastModifiedById, LastModifiedDate, SystemModstamp and IsDeleted
  to every user; field-level security does not list them;
* **your call** - everything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import pandas as pd

from mktsync_core.salesforce import ObjectDescribe
from mktsync_core.visibility.mappings import RECORD_ID_FIELD, marketo_field_for

MARKETO_PREFIX = "mkto71_"
PERSON_OBJECTS = frozenset({"Lead", "Contact"})
#: The objects custom-object sync relates custom objects to [co-sync].
SYNC_PARENTS = frozenset({"Lead", "Contact", "Account"})
#: The standard objects the audit always covers, in the order they are shown.
STANDARD_OBJECTS: tuple[str, ...] = ("Lead", "Contact", "Account", "Opportunity")

# [SF knowledge] Audit fields every user sees; field-level security does not list them.
AUDIT_FIELDS = frozenset(
    {
        "IsDeleted",
        "CreatedById",
        "CreatedDate",
        "LastModifiedById",
        "LastModifiedDate",
        "SystemModstamp",
    }
)
# Lookups Marketo links records through (account-sync, opp-sync, owner-sync).
_LINKING_LOOKUPS = frozenset(
    {
        ("Contact", "AccountId"),
        ("Opportunity", "AccountId"),
        ("Lead", "OwnerId"),
        ("Contact", "OwnerId"),
        ("Account", "OwnerId"),
    }
)
_INTEGRATION = re.compile(
    r"integration|external|legacy|erp|sap_|netsuite|vendor|enrich|hash|guid|uuid|sync_id|_key__c$",
    re.I,
)
_ID_LIKE = re.compile(r"(_id|id)__c$", re.I)
_VOLATILE = re.compile(r"\b(TODAY|NOW)\s*\(", re.I)
LONG_TEXT_THRESHOLD = 255


class Advice(StrEnum):
    MUST_KEEP = "must_keep"
    LIKELY_UNNEEDED = "likely_unneeded"
    YOUR_CALL = "your_call"
    NOT_HIDEABLE = "not_hideable"


class Reason(StrEnum):
    RECORD_ID = "record_id"
    COMPOUND = "compound"
    AUDIT = "audit"
    EMAIL = "email"
    MARKETO_FIELD = "marketo_field"
    DEFAULT_MAPPING = "default_mapping"
    RELATIONSHIP = "relationship"
    ENCRYPTED = "encrypted"
    INTEGRATION_ID = "integration_id"
    FORMULA_VOLATILE = "formula_volatile"
    FORMULA = "formula"
    CURRENCY = "currency"
    LONG_TEXT = "long_text"
    LOOKUP = "lookup"
    SYSTEM = "system"
    STANDARD = "standard"
    CUSTOM = "custom"


ADVICE_OF: dict[Reason, Advice] = {
    Reason.RECORD_ID: Advice.NOT_HIDEABLE,
    Reason.COMPOUND: Advice.NOT_HIDEABLE,
    Reason.AUDIT: Advice.NOT_HIDEABLE,
    Reason.EMAIL: Advice.MUST_KEEP,
    Reason.MARKETO_FIELD: Advice.MUST_KEEP,
    Reason.DEFAULT_MAPPING: Advice.MUST_KEEP,
    Reason.RELATIONSHIP: Advice.MUST_KEEP,
    Reason.ENCRYPTED: Advice.LIKELY_UNNEEDED,
    Reason.INTEGRATION_ID: Advice.LIKELY_UNNEEDED,
    Reason.FORMULA_VOLATILE: Advice.LIKELY_UNNEEDED,
    Reason.FORMULA: Advice.LIKELY_UNNEEDED,
    Reason.CURRENCY: Advice.LIKELY_UNNEEDED,
    Reason.LONG_TEXT: Advice.LIKELY_UNNEEDED,
    Reason.LOOKUP: Advice.LIKELY_UNNEEDED,
    Reason.SYSTEM: Advice.LIKELY_UNNEEDED,
    Reason.STANDARD: Advice.YOUR_CALL,
    Reason.CUSTOM: Advice.YOUR_CALL,
}

#: Columns of the audit frame, in order. ``key`` ("Object.Field") identifies a row.
AUDIT_COLUMNS: tuple[str, ...] = (
    "key",
    "object",
    "object_label",
    "label",
    "name",
    "type",
    "custom",
    "creates_new",
    "advice",
    "reason",
    "mapped_to",
)


def field_key(sobject: str, field: str) -> str:
    return f"{sobject}.{field}"


def _reason(sobject: str, custom_object: bool, f: Any, compound_parents: frozenset[str]) -> Reason:
    name: str = f.name
    if name == RECORD_ID_FIELD:
        return Reason.RECORD_ID
    if name in compound_parents or f.type == "address":
        return Reason.COMPOUND
    if name in AUDIT_FIELDS:
        return Reason.AUDIT
    if name == "Email" and sobject in PERSON_OBJECTS:
        return Reason.EMAIL
    if name.startswith(MARKETO_PREFIX):
        return Reason.MARKETO_FIELD
    if marketo_field_for(sobject, name) is not None:
        return Reason.DEFAULT_MAPPING
    if (sobject, name) in _LINKING_LOOKUPS or (
        custom_object and f.type == "reference" and SYNC_PARENTS.intersection(f.reference_to)
    ):
        return Reason.RELATIONSHIP
    if f.encrypted or f.type == "encryptedstring":
        return Reason.ENCRYPTED
    if f.external_id or (
        f.custom
        and f.type == "string"
        and (_INTEGRATION.search(name) or (f.unique and _ID_LIKE.search(name)))
    ):
        return Reason.INTEGRATION_ID
    if f.calculated:
        formula = f.calculated_formula or ""
        return Reason.FORMULA_VOLATILE if _VOLATILE.search(formula) else Reason.FORMULA
    if f.type == "currency":
        return Reason.CURRENCY
    if f.type == "textarea" and (f.length > LONG_TEXT_THRESHOLD or f.html_formatted):
        return Reason.LONG_TEXT
    if f.type == "reference":
        return Reason.LOOKUP
    if not f.custom and not f.updateable and not f.createable:
        return Reason.SYSTEM
    return Reason.CUSTOM if f.custom else Reason.STANDARD


def _creates_new(sobject: str, name: str, reason: Reason) -> bool:
    """Whether Sync Fields makes a new Marketo field (see :mod:`.mappings` for the doubts)."""
    if reason in (Reason.RECORD_ID, Reason.COMPOUND):
        return False
    return marketo_field_for(sobject, name) is None


def classify(describes: Mapping[str, ObjectDescribe]) -> pd.DataFrame:
    """One row per field the sync user can see, in :data:`AUDIT_COLUMNS` order.

    Objects come in the mapping's order; fields in describe order.
    """
    rows: list[tuple[object, ...]] = []
    for sobject, described in describes.items():
        custom_object = described.custom
        compound_parents = frozenset(
            f.compound_field_name for f in described.fields if f.compound_field_name
        )
        for f in described.fields:
            reason = _reason(sobject, custom_object, f, compound_parents)
            rows.append(
                (
                    field_key(sobject, f.name),
                    sobject,
                    described.label,
                    f.label,
                    f.name,
                    f.type,
                    f.custom,
                    _creates_new(sobject, f.name, reason),
                    ADVICE_OF[reason].value,
                    reason.value,
                    marketo_field_for(sobject, f.name) or "",
                )
            )
    frame = pd.DataFrame.from_records(rows, columns=list(AUDIT_COLUMNS))
    return frame.astype({"custom": bool, "creates_new": bool})
