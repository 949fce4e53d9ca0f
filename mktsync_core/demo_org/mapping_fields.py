"""Lead and Contact custom fields that give the mapping review something real to judge.

Marketo merges similarly named Lead and Contact custom fields (marketo-domain.md
§5); these cover each case the review must explain: same API names that pair
cleanly or with a type, length, picklist or date/time mismatch, differently
named fields with the same label, and fields with no partner at all. None of
them is required and none is a ``mkto71_*`` field, so the prerequisite checks
judge every scenario exactly as before.
"""

from __future__ import annotations

from typing import Any

# (API name, describe type, label, options for schema.fld)
FieldSpec = tuple[str, str, str, dict[str, Any]]

_TIMEFRAME = ("0-3 months", "3-6 months", "6-12 months", "No plans")
_LANGUAGES = ("Japanese", "English")
_SEGMENTS = ("Enterprise", "Mid-Market", "SMB")


LEAD_MAPPING_FIELDS: tuple[FieldSpec, ...] = (
    # Same API name on both objects.
    ("Webinar_Attended__c", "boolean", "Webinar Attended", {}),
    ("Budget__c", "currency", "Budget", {"precision": 16, "scale": 0}),
    ("Twitter_Handle__c", "string", "Twitter Handle", {"length": 50}),
    ("Industry_Segment__c", "picklist", "Industry Segment", {"picklist": _SEGMENTS}),
    ("Last_Event_Date__c", "datetime", "Last Event Date", {}),
    # Same meaning, another API name: paired by label.
    ("Purchase_Timeframe__c", "picklist", "Purchase Timeframe", {"picklist": _TIMEFRAME}),
    ("Language_Preference__c", "picklist", "Preferred Language", {"picklist": _LANGUAGES}),
    # No similar Contact field: left in Unmapped Custom Fields.
    ("LinkedIn_URL__c", "url", "LinkedIn URL", {}),
)


CONTACT_MAPPING_FIELDS: tuple[FieldSpec, ...] = (
    ("Webinar_Attended__c", "boolean", "Webinar Attended", {}),
    # Free text on Contact, currency on Lead: a type mismatch.
    ("Budget__c", "string", "Budget", {"length": 50}),
    # Shorter than on Lead: a length mismatch.
    ("Twitter_Handle__c", "string", "Twitter Handle", {"length": 15}),
    # One more value than on Lead: a picklist mismatch.
    (
        "Industry_Segment__c",
        "picklist",
        "Industry Segment",
        {"picklist": (*_SEGMENTS, "Public Sector")},
    ),
    # A date on Contact, a date/time on Lead: the time of day is lost.
    ("Last_Event_Date__c", "date", "Last Event Date", {}),
    ("Buying_Timeframe__c", "picklist", "Purchase Time Frame", {"picklist": _TIMEFRAME}),
    ("LinkedIn_Profile__c", "url", "LinkedIn Profile", {}),
    ("Assistant_Email__c", "email", "Assistant Email", {}),
)
