"""The mapping review's vocabulary: field keys, Marketo's proposed pairs, the user's edits.

Edits are saved in the progress store, so they hold API names only (checked
against Salesforce's API-name syntax): no labels or other free text from the
org can reach the store, and an edit still means the same thing after the
schema is fetched again.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from mktsync_core.salesforce import FieldInfo

# Salesforce API names: a letter, then letters, digits and underscores (namespaces use "__").
ApiName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,79}$")]

LEAD = "Lead"
CONTACT = "Contact"
ACCOUNT = "Account"
OPPORTUNITY = "Opportunity"
#: The objects whose describes the review reads (one composite request).
REVIEW_OBJECTS = (LEAD, CONTACT, ACCOUNT, OPPORTUNITY)


class FieldKey(BaseModel):
    """One field of one object, by API names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sobject: ApiName
    name: ApiName


class PairReason(StrEnum):
    """Why Marketo is expected to merge a Lead and a Contact field (marketo-domain.md §5)."""

    SAME_API_NAME = "same_api_name"
    SIMILAR_LABEL = "similar_label"


class Pair(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lead: ApiName
    contact: ApiName


class ProposedPair(Pair):
    reason: PairReason


class EditKind(StrEnum):
    """The two edits Marketo's mapping screen allows on custom fields."""

    BREAK = "break"
    PAIR = "pair"


class MappingEdit(Pair):
    """One action to take in Marketo's mapping screen: break a proposed pair, or pair two fields."""

    kind: EditKind


class DropReason(StrEnum):
    """Why a saved edit no longer applies to the schema fetched now."""

    FIELD_GONE = "field_gone"
    NOT_PROPOSED = "not_proposed"
    ALREADY_PROPOSED = "already_proposed"


class DroppedEdit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    edit: MappingEdit
    reason: DropReason


class MappingPlan(BaseModel):
    """The saved part of the review: the edits to perform, and those a re-fetch set aside."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edits: tuple[MappingEdit, ...] = ()
    dropped: tuple[DroppedEdit, ...] = ()


class CustomFields(BaseModel):
    """The Lead and Contact custom fields whose mapping can be edited, by API name."""

    model_config = ConfigDict(frozen=True)

    lead: dict[str, FieldInfo]
    contact: dict[str, FieldInfo]
