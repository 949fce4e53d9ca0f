"""What the gateway reads from an org, as typed values the checks can rely on.

Salesforce payloads are validated here once; a payload that does not fit is
reported as a malformed response instead of failing deep inside a check.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from mktsync_core.salesforce.credentials import AuthMode
from mktsync_core.salesforce.errors import SfError, SfNotice


class _Payload(BaseModel):
    """A Salesforce JSON object: camelCase keys, unknown keys ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class LoginInfo(BaseModel):
    """A verified connection, without the session token."""

    model_config = ConfigDict(frozen=True)

    auth_mode: AuthMode
    username: str | None
    user_id: str
    org_id: str
    instance_host: str
    sandbox: bool | None
    api_version: str
    notices: tuple[SfNotice, ...] = ()


class OrgInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    organization_type: str
    is_sandbox: bool
    instance_name: str | None = None

    @property
    def is_professional(self) -> bool:
        return self.organization_type == "Professional Edition"


class UserPermissions(BaseModel):
    """System permissions of the running user, OR-ed over profile and permission sets."""

    model_config = ConfigDict(frozen=True)

    api_enabled: bool
    modify_all_data: bool
    view_setup: bool
    password_never_expires: bool
    convert_leads: bool
    edit_events: bool
    edit_tasks: bool
    edit_html_templates: bool
    manage_public_documents: bool
    manage_public_templates: bool


# PermissionSet column -> UserPermissions attribute.
PERMISSION_COLUMNS: dict[str, str] = {
    "PermissionsApiEnabled": "api_enabled",
    "PermissionsModifyAllData": "modify_all_data",
    "PermissionsViewSetup": "view_setup",
    "PermissionsPasswordNeverExpires": "password_never_expires",
    "PermissionsConvertLeads": "convert_leads",
    "PermissionsEditEvent": "edit_events",
    "PermissionsEditTask": "edit_tasks",
    "PermissionsEditHtmlTemplates": "edit_html_templates",
    "PermissionsEditPublicDocuments": "manage_public_documents",
    "PermissionsEditPublicTemplates": "manage_public_templates",
}


class UserInfo(BaseModel):
    """The sync user as the org sees it.

    ``license_name`` is None when the licence relationship is hidden from this
    user; ``permissions`` is None (with ``permissions_error``) when the user
    may not read permission sets, which makes those checks "not verifiable".
    """

    model_config = ConfigDict(frozen=True)

    id: str
    username: str
    name: str
    is_active: bool
    user_type: str
    profile_name: str | None
    license_name: str | None
    marketing_user: bool
    permissions: UserPermissions | None
    permissions_error: SfError | None = None


class PicklistValue(_Payload):
    value: str
    label: str | None = None
    active: bool = True
    default_value: bool = False


class FieldInfo(_Payload):
    """One field of a describe, as the running user sees it (hidden fields are absent)."""

    name: str
    label: str
    type: str
    length: int = 0
    precision: int = 0
    scale: int = 0
    custom: bool = False
    calculated: bool = False
    calculated_formula: str | None = None
    updateable: bool = False
    createable: bool = False
    nillable: bool = True
    unique: bool = False
    external_id: bool = False
    encrypted: bool = False
    html_formatted: bool = False
    auto_number: bool = False
    groupable: bool = False
    filterable: bool = False
    picklist_values: tuple[PicklistValue, ...] = ()
    reference_to: tuple[str, ...] = ()
    relationship_name: str | None = None
    soap_type: str | None = None
    # Set on the parts of a compound field (FirstName -> "Name", City -> "Address").
    compound_field_name: str | None = None


class ObjectDescribe(_Payload):
    name: str
    label: str
    custom: bool = False
    queryable: bool = False
    createable: bool = False
    updateable: bool = False
    deletable: bool = False
    fields: tuple[FieldInfo, ...] = ()

    def field(self, name: str) -> FieldInfo | None:
        lowered = name.lower()
        return next((f for f in self.fields if f.name.lower() == lowered), None)

    def fields_frame(self) -> pd.DataFrame:
        """One row per visible field, for tables and CSV exports."""
        rows = [
            {
                "object": self.name,
                "name": f.name,
                "label": f.label,
                "type": f.type,
                "length": f.length,
                "precision": f.precision,
                "scale": f.scale,
                "custom": f.custom,
                "calculated": f.calculated,
                "updateable": f.updateable,
                "encrypted": f.encrypted,
            }
            for f in self.fields
        ]
        return pd.DataFrame(rows, columns=list(FIELD_FRAME_COLUMNS))


FIELD_FRAME_COLUMNS = (
    "object",
    "name",
    "label",
    "type",
    "length",
    "precision",
    "scale",
    "custom",
    "calculated",
    "updateable",
    "encrypted",
)


class SObjectSummary(_Payload):
    name: str
    label: str
    custom: bool = False
    queryable: bool = False
    createable: bool = False
    updateable: bool = False

    @property
    def custom_object(self) -> bool:
        """A queryable custom object proper (not custom metadata, an event, external or big)."""
        return self.custom and self.queryable and self.name.endswith("__c")


class QueryResult(BaseModel):
    """Records of a SOQL query; ``truncated`` when the page budget ran out first."""

    total_size: int
    records: list[dict[str, Any]] = Field(default_factory=list)
    truncated: bool = False

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.records)


class DuplicateGroup(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str
    count: int


class DuplicateScan(BaseModel):
    """Emails shared by several records of one object.

    Aggregate results cannot be paged, so a full page means "at least this many".
    """

    model_config = ConfigDict(frozen=True)

    sobject: str
    groups: tuple[DuplicateGroup, ...]
    limit: int

    @property
    def at_least(self) -> bool:
        return len(self.groups) >= self.limit

    @property
    def duplicate_records(self) -> int:
        return sum(g.count for g in self.groups)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([g.model_dump() for g in self.groups], columns=["email", "count"])


class LimitsSource(StrEnum):
    LIMITS_RESOURCE = "limits_resource"
    LIMIT_INFO_HEADER = "limit_info_header"


class ApiLimits(BaseModel):
    """The org's rolling 24-hour API allocation (shared with Marketo)."""

    model_config = ConfigDict(frozen=True)

    daily_max: int
    daily_remaining: int
    source: LimitsSource

    @property
    def daily_used(self) -> int:
        return self.daily_max - self.daily_remaining


class BulkJobState(StrEnum):
    """Bulk API 2.0 query job states (the ones a query job can be in)."""

    UPLOAD_COMPLETE = "UploadComplete"
    IN_PROGRESS = "InProgress"
    JOB_COMPLETE = "JobComplete"
    FAILED = "Failed"
    ABORTED = "Aborted"


class BulkJob(_Payload):
    """A Bulk API 2.0 query job as the org reports it."""

    id: str
    state: BulkJobState
    number_records_processed: int = 0
    error_message: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in (BulkJobState.JOB_COMPLETE, BulkJobState.FAILED, BulkJobState.ABORTED)


class BulkPage(BaseModel):
    """One page of a query job's CSV results; ``locator`` is None on the last page."""

    model_config = ConfigDict(frozen=True)

    csv: str
    records: int
    locator: str | None
