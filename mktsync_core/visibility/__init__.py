"""The field-visibility audit and hide plan before Marketo's Sync Fields.

Fetch the describes once (:func:`fetch_describes`), classify them with the pure
:func:`classify` (describes → DataFrame), save the result as a
:class:`FieldAudit` inside a :class:`VisibilityPlan` (part of the progress),
and put it in words with :mod:`mktsync_core.visibility.text`.
"""

from mktsync_core.visibility.classify import (
    AUDIT_COLUMNS,
    STANDARD_OBJECTS,
    Advice,
    Reason,
    classify,
    field_key,
)
from mktsync_core.visibility.fetch import AuditDescribes, fetch_describes, related_custom_objects
from mktsync_core.visibility.mappings import DEFAULT_MAPPINGS, marketo_field_for
from mktsync_core.visibility.plan import (
    AuditedField,
    AuditedObject,
    FieldAudit,
    Recheck,
    VisibilityPlan,
)


def build_audit(fetched: AuditDescribes, *, org_id: str, user_id: str) -> FieldAudit:
    """Classify fetched describes into the audit that is saved with the progress."""
    objects = tuple(
        AuditedObject(name=name, label=d.label, custom=d.custom)
        for name, d in fetched.describes.items()
    )
    return FieldAudit.from_frame(
        classify(fetched.describes),
        org_id=org_id,
        user_id=user_id,
        objects=objects,
        unreadable=fetched.unreadable,
        api_calls=fetched.api_calls,
    )


__all__ = [
    "AUDIT_COLUMNS",
    "DEFAULT_MAPPINGS",
    "STANDARD_OBJECTS",
    "Advice",
    "AuditDescribes",
    "AuditedField",
    "AuditedObject",
    "FieldAudit",
    "Reason",
    "Recheck",
    "VisibilityPlan",
    "build_audit",
    "classify",
    "fetch_describes",
    "field_key",
    "marketo_field_for",
    "related_custom_objects",
]
