"""Fetching the describes the audit needs, with as few API calls as possible.

Cost: one global describe (to find the custom objects), then one composite
request per 25 objects for the describes of Lead, Contact, Account,
Opportunity and every queryable custom object (``gateway.describe`` batches
them). After the prerequisite checks of a password login it usually costs
nothing: the login read the object list, the checks' composite carried these
describes, and the gateway keeps both per login. A custom object is audited
when it is related to those objects: one of its lookups points at one of them,
or - "one or two levels deep" [co-sync] - at a custom object that does.
Callers fetch once per verified login and keep the result; a re-check
refreshes the gateway first, then fetches again.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mktsync_core.salesforce import ObjectDescribe, SalesforceGateway, SfError, SfErrorCode
from mktsync_core.visibility.classify import STANDARD_OBJECTS


class AuditDescribes(BaseModel):
    """The describes to classify, in display order, and the objects that could not be read."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    describes: dict[str, ObjectDescribe]
    unreadable: dict[str, SfErrorCode]
    api_calls: int


def related_custom_objects(
    describes: dict[str, ObjectDescribe], roots: tuple[str, ...] = STANDARD_OBJECTS
) -> list[str]:
    """Custom objects with a lookup to a root object, or to a custom object that has one."""
    custom = {n: d for n, d in describes.items() if d.custom}

    def targets(d: ObjectDescribe) -> set[str]:
        return {t for f in d.fields if f.type == "reference" for t in f.reference_to}

    direct = {n for n, d in custom.items() if targets(d) & set(roots)}
    second = {n for n, d in custom.items() if n not in direct and targets(d) & direct}
    return sorted(direct | second)


def fetch_describes(gateway: SalesforceGateway) -> AuditDescribes | SfError:
    """The describes of the standard objects and their related custom objects; never raises."""
    with gateway.counting() as used:
        listed = gateway.list_objects()
        if isinstance(listed, SfError):
            return listed
        candidates = [o.name for o in listed if o.custom_object]
        fetched = gateway.describe([*STANDARD_OBJECTS, *candidates])
    if isinstance(fetched, SfError):
        return fetched
    readable = {n: d for n, d in fetched.items() if isinstance(d, ObjectDescribe)}
    unreadable = {
        n: d.code for n, d in fetched.items() if isinstance(d, SfError) and n in STANDARD_OBJECTS
    }
    ordered = [n for n in STANDARD_OBJECTS if n in readable] + related_custom_objects(readable)
    return AuditDescribes(
        describes={n: readable[n] for n in ordered},
        unreadable=unreadable,
        api_calls=used.api_calls,
    )
