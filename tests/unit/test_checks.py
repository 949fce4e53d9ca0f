"""Each prerequisite check over hand-built data: pass, warn, fail, not verifiable.

The checks are pure functions of :class:`PrerequisiteData`, so no Salesforce
(real or demo) is needed here. Every result produced is also rendered in both
languages, which catches a missing catalog key or placeholder at once.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pytest

from mktsync_core.checks import (
    FRAME_COLUMNS,
    PREREQUISITE_CHECKS,
    CheckReport,
    CheckResult,
    CheckStatus,
    Label,
    PrerequisiteData,
    Text,
    build_report,
    judge_prerequisites,
    not_connected,
)
from mktsync_core.checks.prerequisites import (
    check_api_access,
    check_api_headroom,
    check_edition,
    check_enterprise_field_access,
    check_lead_contact_twins,
    check_lead_required_fields,
    check_marketo_fields,
    check_object_access,
    check_password_never_expires,
    check_permissions,
    check_professional_layouts,
    check_sync_user,
    collapse_errors,
)
from mktsync_core.i18n import LANGS, Lang, catalog, t
from mktsync_core.marketo_fields import MARKETO_FIELDS, DataType, MarketoField
from mktsync_core.models import Edition
from mktsync_core.salesforce import (
    ApiLimits,
    AuthMode,
    FieldInfo,
    Fixer,
    LimitsSource,
    LoginInfo,
    ObjectDescribe,
    OrgInfo,
    SfError,
    SfErrorCode,
    UserInfo,
    UserPermissions,
)

PE, EE = Edition.PROFESSIONAL, Edition.ENTERPRISE
NOT_VISIBLE = SfError(code=SfErrorCode.NOT_ACCESSIBLE, sf_code="NOT_FOUND")
DENIED = SfError(code=SfErrorCode.INSUFFICIENT_ACCESS, sf_code="INSUFFICIENT_ACCESS")
LIMIT = SfError(code=SfErrorCode.REQUEST_LIMIT_EXCEEDED, sf_code="REQUEST_LIMIT_EXCEEDED")
DOWN = SfError(code=SfErrorCode.NETWORK_UNREACHABLE)

# ------------------------------------------------------------------ builders


def fld(name: str, type_: str = "string", **kw: Any) -> FieldInfo:
    defaults: dict[str, Any] = {
        "label": name,
        "updateable": True,
        "createable": True,
        "custom": name.endswith("__c"),
    }
    if type_ == "string":
        defaults["length"] = 255
    return FieldInfo(name=name, type=type_, **{**defaults, **kw})


def marketo_field(spec: MarketoField, **kw: Any) -> FieldInfo:
    shape: dict[str, Any] = {"label": spec.label_en}
    if spec.data_type is DataType.NUMBER:
        shape.update(precision=spec.precision, scale=spec.scale, length=0)
    elif spec.data_type is DataType.DATETIME:
        shape["length"] = 0
    return fld(spec.api_name, spec.describe_type.value, **{**shape, **kw})


def obj(name: str, fields: list[FieldInfo], **flags: bool) -> ObjectDescribe:
    crud = {"queryable": True, "createable": True, "updateable": True, "deletable": True}
    return ObjectDescribe(name=name, label=name, fields=tuple(fields), **{**crud, **flags})


def person_object(name: str) -> ObjectDescribe:
    return obj(
        name,
        [
            fld("Id", "id", updateable=False, nillable=False),
            fld("LastName", nillable=False, label="Last Name"),
            fld("Company", nillable=False, label="Company"),
            fld("HasOptedOutOfEmail", "boolean"),
            *(marketo_field(spec) for spec in MARKETO_FIELDS),
        ],
    )


def activity(name: str, names: tuple[str, ...]) -> ObjectDescribe:
    return obj(name, [fld(n) for n in names], deletable=True)


EVENT_FIELDS = (
    "Subject",
    "StartDateTime",
    "EndDateTime",
    "DurationInMinutes",
    "IsAllDayEvent",
    "Description",
    "Location",
    "Type",
    "WhoId",
    "WhatId",
    "OwnerId",
)
TASK_FIELDS = (
    "Subject",
    "Status",
    "Priority",
    "ActivityDate",
    "Description",
    "Type",
    "WhoId",
    "WhatId",
    "OwnerId",
)


def describes() -> dict[str, ObjectDescribe | SfError]:
    return {
        "Lead": person_object("Lead"),
        "Contact": person_object("Contact"),
        "Account": obj("Account", [fld("Name"), fld("Type", "picklist")]),
        "Opportunity": obj("Opportunity", [fld("Name")]),
        "Campaign": obj("Campaign", [fld("Name")]),
        "Event": activity("Event", EVENT_FIELDS),
        "Task": activity("Task", TASK_FIELDS),
    }


def permissions(**changes: bool) -> UserPermissions:
    granted = dict.fromkeys(UserPermissions.model_fields, True)
    return UserPermissions(**{**granted, **changes})


def user(**changes: Any) -> UserInfo:
    values: dict[str, Any] = {
        "id": "005000000000011AAA",
        "username": "marketo@example.com",
        "name": "Marketo Sync",
        "is_active": True,
        "user_type": "Standard",
        "profile_name": "System Administrator",
        "license_name": "Salesforce",
        "marketing_user": True,
        "permissions": permissions(),
    }
    return UserInfo(**{**values, **changes})


def login() -> LoginInfo:
    return LoginInfo(
        auth_mode=AuthMode.PASSWORD,
        username="marketo@example.com",
        user_id="005000000000011AAA",
        org_id="00D000000000001AAA",
        instance_host="example.my.salesforce.com",
        sandbox=False,
        api_version="59.0",
    )


def org(org_type: str = "Professional Edition", sandbox: bool = False) -> OrgInfo:
    return OrgInfo(
        id="00D000000000001AAA", name="Example KK", organization_type=org_type, is_sandbox=sandbox
    )


def limits(remaining: int = 13_000, total: int = 15_000) -> ApiLimits:
    return ApiLimits(
        daily_max=total, daily_remaining=remaining, source=LimitsSource.LIMIT_INFO_HEADER
    )


def data(**parts: Any) -> PrerequisiteData:
    values: dict[str, Any] = {
        "login": login(),
        "organization": org(),
        "user": user(),
        "describes": describes(),
        "limits": limits(),
    }
    return PrerequisiteData(**{**values, **parts})


def with_describe(name: str, value: ObjectDescribe | SfError) -> PrerequisiteData:
    return data(describes={**describes(), name: value})


def replace_field(described: ObjectDescribe, name: str, new: FieldInfo | None) -> ObjectDescribe:
    fields = [f for f in described.fields if f.name != name]
    if new is not None:
        fields.append(new)
    return described.model_copy(update={"fields": tuple(fields)})


def rendered(results: list[CheckResult]) -> list[CheckResult]:
    """Render every text of every result in both languages (missing keys raise)."""
    for result in results:
        for lang in LANGS:
            assert result.title(lang)
            assert result.reason(lang)
            fix = result.fix(lang)
            assert fix is None or "{" not in fix.replace("{ui:", "")
            assert "{" not in result.reason(lang)
            if result.fixer is not None:
                assert result.who(lang)
    return results


def by_id(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.id: r for r in rendered(results)}


def statuses(results: list[CheckResult]) -> dict[str, CheckStatus]:
    return {r.id: r.status for r in rendered(results)}


# ------------------------------------------------------------------------ C1


def test_c1_passes_after_a_login() -> None:
    [result] = rendered(check_api_access(data(), PE))
    assert (result.id, result.status) == ("C1.api_access", CheckStatus.PASS)
    assert result.evidence["instance_host"] == "example.my.salesforce.com"


def test_c1_fails_with_the_login_error_and_nothing_else_runs() -> None:
    error = SfError(code=SfErrorCode.API_DISABLED_FOR_ORG, sf_code="API_DISABLED_FOR_ORG")
    results = rendered(list(judge_prerequisites(not_connected(error), PE)))
    assert [(r.id, r.status) for r in results] == [("C1.api_access", CheckStatus.FAIL)]
    [result] = results
    assert result.fixer is Fixer.SALESFORCE_ADMIN
    assert result.reason("en") == t("sf.error.api_disabled_for_org.title", "en")
    assert result.evidence["sf_code"] == "API_DISABLED_FOR_ORG"


def test_c1_without_a_login_error_says_not_connected() -> None:
    [result] = judge_prerequisites(not_connected(), PE)
    assert result.status is CheckStatus.FAIL
    assert result.error_code is SfErrorCode.NOT_CONNECTED


def test_c1_is_never_merely_not_verifiable() -> None:
    [result] = check_api_access(not_connected(DENIED), PE)
    assert result.status is CheckStatus.FAIL


# ------------------------------------------------------------------------ C2


def test_c2_edition_matches_and_production() -> None:
    results = statuses(check_edition(data(), PE))
    assert results == {"C2.edition": CheckStatus.PASS, "C2.sandbox": CheckStatus.PASS}


@pytest.mark.parametrize(
    ("org_type", "chosen"),
    [("Professional Edition", EE), ("Enterprise Edition", PE), ("Unlimited Edition", PE)],
)
def test_c2_warns_when_the_org_disagrees_with_the_chosen_edition(
    org_type: str, chosen: Edition
) -> None:
    result = by_id(check_edition(data(organization=org(org_type)), chosen))["C2.edition"]
    assert result.status is CheckStatus.WARN
    assert result.fixer is Fixer.MARKETER
    assert org_type in result.reason("en")
    assert t(f"edition.{chosen.value}", "ja") in result.reason("ja")


def test_c2_warns_on_an_edition_the_guide_does_not_cover() -> None:
    result = by_id(check_edition(data(organization=org("Group Edition")), PE))["C2.edition"]
    assert result.status is CheckStatus.WARN
    assert result.reason_key == "checks.c2.edition.unknown"


def test_c2_sandbox_is_a_reminder_to_tick_the_box() -> None:
    result = by_id(check_edition(data(organization=org("Enterprise Edition", True)), EE))
    assert result["C2.edition"].status is CheckStatus.PASS
    assert result["C2.sandbox"].status is CheckStatus.INFO
    assert "Sandbox" in (result["C2.sandbox"].fix("en") or "")


def test_c2_not_verifiable_or_error() -> None:
    [denied] = rendered(check_edition(data(organization=DENIED), PE))
    assert (denied.id, denied.status) == ("C2.organization", CheckStatus.NOT_VERIFIABLE)
    [down] = rendered(check_edition(data(organization=DOWN), PE))
    assert down.status is CheckStatus.FAIL
    assert down.reason_key == "sf.error.network_unreachable.title"


# ------------------------------------------------------------------------ C3


def test_c3_healthy_professional_user() -> None:
    assert set(statuses(check_sync_user(data(), PE)).values()) == {CheckStatus.PASS}


def test_c3_inactive_user_fails() -> None:
    result = by_id(check_sync_user(data(user=user(is_active=False)), PE))["C3.user.active"]
    assert result.status is CheckStatus.FAIL
    assert result.setup_path and "ManageUsers" in result.setup_path


def test_c3_licence_other_than_salesforce_fails() -> None:
    changed = user(license_name="Salesforce Platform")
    result = by_id(check_sync_user(data(user=changed), PE))["C3.user.license"]
    assert result.status is CheckStatus.FAIL
    partner = by_id(check_sync_user(data(user=user(user_type="PowerPartner")), PE))
    assert partner["C3.user.license"].status is CheckStatus.FAIL


def test_c3_hidden_licence_is_not_verifiable() -> None:
    result = by_id(check_sync_user(data(user=user(license_name=None)), EE))["C3.user.license"]
    assert result.status is CheckStatus.NOT_VERIFIABLE
    assert result.fix_key == "checks.c3.license.manual"


@pytest.mark.parametrize("name", ["System Administrator", "システム管理者"])
def test_c3_professional_profile_passes_in_either_language(name: str) -> None:
    result = by_id(check_sync_user(data(user=user(profile_name=name)), PE))["C3.user.profile"]
    assert result.status is CheckStatus.PASS


def test_c3_professional_profile_other_than_system_administrator() -> None:
    weak = user(profile_name="Standard User", permissions=permissions(modify_all_data=False))
    assert by_id(check_sync_user(data(user=weak), PE))["C3.user.profile"].status is (
        CheckStatus.FAIL
    )
    clone = user(profile_name="Custom Admin")
    result = by_id(check_sync_user(data(user=clone), PE))["C3.user.profile"]
    assert result.status is CheckStatus.WARN
    assert result.evidence["PermissionsModifyAllData"] is True


def test_c3_enterprise_profile_is_information() -> None:
    changed = user(profile_name="Marketo-Salesforce Sync")
    result = by_id(check_sync_user(data(user=changed), EE))["C3.user.profile"]
    assert result.status is CheckStatus.INFO
    assert "Marketo-Salesforce Sync" in result.reason("ja")


def test_c3_marketing_user_fails_on_professional_and_warns_on_enterprise() -> None:
    changed = data(user=user(marketing_user=False))
    pe = by_id(check_sync_user(changed, PE))["C3.user.marketing_user"]
    ee = by_id(check_sync_user(changed, EE))["C3.user.marketing_user"]
    assert (pe.status, ee.status) == (CheckStatus.FAIL, CheckStatus.WARN)
    assert pe.fixer is Fixer.SALESFORCE_ADMIN


def test_c3_unreadable_user_is_not_verifiable() -> None:
    [result] = rendered(check_sync_user(data(user=DENIED), PE))
    assert (result.id, result.status) == ("C3.user", CheckStatus.NOT_VERIFIABLE)
    assert result.fix_key == "checks.c3.user.manual"


# ------------------------------------------------------------------- C4, C19


def test_c4_all_permissions_pass() -> None:
    results = statuses(check_permissions(data(), EE))
    assert len(results) == 7
    assert set(results.values()) == {CheckStatus.PASS}


def test_c4_missing_permission_warns() -> None:
    changed = data(user=user(permissions=permissions(convert_leads=False)))
    result = by_id(check_permissions(changed, EE))["C4.permission.convert_leads"]
    assert result.status is CheckStatus.WARN
    assert "Convert Leads" in result.reason("en")
    assert "リードをコンバート" in result.reason("ja")


def test_c4_unreadable_permissions_are_not_verifiable_with_a_manual_check() -> None:
    changed = user(permissions=None, permissions_error=DENIED, profile_name="Sync")
    [result] = rendered(check_permissions(data(user=changed), EE))
    assert (result.id, result.status) == ("C4.permissions", CheckStatus.NOT_VERIFIABLE)
    fix = result.fix("en") or ""
    assert '"Sync"' in fix and "API Enabled" in fix
    assert result.fixer is Fixer.SALESFORCE_ADMIN


def test_c4_permission_query_error_is_reported() -> None:
    changed = user(permissions=None, permissions_error=DOWN)
    [result] = rendered(check_permissions(data(user=changed), EE))
    assert result.status is CheckStatus.FAIL


def test_c19_password_never_expires() -> None:
    [ok] = rendered(check_password_never_expires(data(), PE))
    assert ok.status is CheckStatus.PASS
    expiring = data(user=user(permissions=permissions(password_never_expires=False)))
    [warn] = rendered(check_password_never_expires(expiring, PE))
    assert warn.status is CheckStatus.WARN
    hidden = data(user=user(permissions=None, permissions_error=DENIED))
    [nv] = rendered(check_password_never_expires(hidden, PE))
    assert nv.status is CheckStatus.NOT_VERIFIABLE
    assert "Password Policies" in (nv.fix("en") or "")


# ------------------------------------------------------------------------ C5


def test_c5_full_access_passes() -> None:
    results = statuses(check_object_access(data(), EE))
    assert list(results) == [
        "C5.lead",
        "C5.contact",
        "C5.account",
        "C5.opportunity",
        "C5.campaign",
        "C5.event",
        "C5.task",
    ]
    assert set(results.values()) == {CheckStatus.PASS}


def test_c5_read_only_opportunity_fails_and_names_the_missing_permissions() -> None:
    read_only = obj("Opportunity", [], createable=False, updateable=False, deletable=False)
    result = by_id(check_object_access(with_describe("Opportunity", read_only), EE))
    opportunity = result["C5.opportunity"]
    assert opportunity.status is CheckStatus.FAIL
    assert "Create" in opportunity.reason("en") and "Delete" in opportunity.reason("en")
    assert "作成" in opportunity.reason("ja")
    assert opportunity.evidence == {
        "queryable": True,
        "createable": False,
        "updateable": False,
        "deletable": False,
    }


def test_c5_invisible_campaign_warns_but_invisible_lead_fails() -> None:
    campaign = by_id(check_object_access(with_describe("Campaign", NOT_VISIBLE), EE))
    assert campaign["C5.campaign"].status is CheckStatus.WARN
    lead = by_id(check_object_access(with_describe("Lead", NOT_VISIBLE), PE))
    assert lead["C5.lead"].status is CheckStatus.FAIL
    assert lead["C5.lead"].fix_key == "checks.c5.fix.pe"


def test_c5_event_without_edit_warns() -> None:
    event = obj("Event", [], updateable=False)
    result = by_id(check_object_access(with_describe("Event", event), EE))["C5.event"]
    assert result.status is CheckStatus.WARN


def test_c5_denied_describe_is_not_verifiable() -> None:
    result = by_id(check_object_access(with_describe("Account", DENIED), EE))["C5.account"]
    assert result.status is CheckStatus.NOT_VERIFIABLE


def test_c5_failed_composite_gives_one_error() -> None:
    [result] = rendered(check_object_access(data(describes=DOWN), EE))
    assert (result.id, result.status) == ("C5.objects", CheckStatus.FAIL)


# ------------------------------------------------------------------------ C6

SCORE = MARKETO_FIELDS[0]
ACQ_PROGRAM = MARKETO_FIELDS[2]
INFERRED_CITY = next(f for f in MARKETO_FIELDS if f.field_name == "mkto71_Inferred_City")


def test_c6_all_fields_pass_on_lead_and_contact() -> None:
    results = statuses(check_marketo_fields(data(), PE))
    assert len(results) == 2 * len(MARKETO_FIELDS) == 32
    assert set(results.values()) == {CheckStatus.PASS}
    assert "C6.lead.mkto71_Lead_Score__c" in results
    assert "C6.contact.mkto71_Inferred_State_Region__c" in results


def test_c6_missing_recommended_field_warns_and_optional_is_information() -> None:
    lead = replace_field(person_object("Lead"), ACQ_PROGRAM.api_name, None)
    lead = replace_field(lead, INFERRED_CITY.api_name, None)
    results = by_id(check_marketo_fields(with_describe("Lead", lead), PE))
    missing = results["C6.lead.mkto71_Acquisition_Program__c"]
    assert missing.status is CheckStatus.WARN
    assert missing.fixer is Fixer.SALESFORCE_ADMIN
    assert missing.setup_path == "/lightning/setup/ObjectManager/Lead/FieldsAndRelationships/view"
    fix = missing.fix("en") or ""
    assert "mkto71_Acquisition_Program" in fix and "255" in fix
    assert "System Administrator" in fix
    assert "新規顧客獲得プログラム" in missing.title("ja")
    assert results["C6.lead.mkto71_Inferred_City__c"].status is CheckStatus.INFO
    assert results["C6.contact.mkto71_Acquisition_Program__c"].status is CheckStatus.PASS


def test_c6_wrong_type_fails() -> None:
    as_text = marketo_field(SCORE).model_copy(update={"type": "string", "length": 10})
    contact = replace_field(person_object("Contact"), SCORE.api_name, as_text)
    result = by_id(check_marketo_fields(with_describe("Contact", contact), PE))[
        "C6.contact.mkto71_Lead_Score__c"
    ]
    assert result.status is CheckStatus.FAIL
    assert result.evidence == {"type": "string", "length": 10, "updateable": True}
    assert "Number" in result.reason("en") and "Text" in result.reason("en")


def test_c6_read_only_field_fails_with_the_editions_profile() -> None:
    read_only = marketo_field(SCORE, updateable=False)
    lead = replace_field(person_object("Lead"), SCORE.api_name, read_only)
    result = by_id(check_marketo_fields(with_describe("Lead", lead), EE))[
        "C6.lead.mkto71_Lead_Score__c"
    ]
    assert result.status is CheckStatus.FAIL
    assert result.reason_key == "checks.c6.read_only"
    assert "Marketo-Salesforce Sync" in (result.fix("en") or "")


def test_c6_other_size_warns() -> None:
    bigger = marketo_field(SCORE, precision=18)
    short = marketo_field(ACQ_PROGRAM, length=80)
    lead = replace_field(person_object("Lead"), SCORE.api_name, bigger)
    lead = replace_field(lead, ACQ_PROGRAM.api_name, short)
    results = by_id(check_marketo_fields(with_describe("Lead", lead), PE))
    score = results["C6.lead.mkto71_Lead_Score__c"]
    assert score.status is CheckStatus.WARN
    assert "Length (長さ) 18" in score.reason("en").replace("**", "")
    assert results["C6.lead.mkto71_Acquisition_Program__c"].status is CheckStatus.WARN


def test_c6_unreadable_object_is_not_verifiable() -> None:
    results = by_id(check_marketo_fields(with_describe("Contact", NOT_VISIBLE), PE))
    assert results["C6.contact"].status is CheckStatus.NOT_VERIFIABLE
    assert results["C6.contact"].reason_key == "checks.object_unavailable.reason"
    assert results["C6.lead.mkto71_Lead_Score__c"].status is CheckStatus.PASS


# ------------------------------------------------------------------------ C7


def test_c7_twins_pass_and_the_mapping_reminder_is_information() -> None:
    results = statuses(check_lead_contact_twins(data(), PE))
    assert len(results) == len(MARKETO_FIELDS) + 1
    assert results.pop("C7.map_lead_fields") is CheckStatus.INFO
    assert set(results.values()) == {CheckStatus.PASS}


def test_c7_lead_field_without_contact_twin_warns_with_map_lead_fields() -> None:
    contact = replace_field(person_object("Contact"), INFERRED_CITY.api_name, None)
    result = by_id(check_lead_contact_twins(with_describe("Contact", contact), PE))[
        "C7.mkto71_Inferred_City__c"
    ]
    assert result.status is CheckStatus.WARN
    assert "Map Lead Fields" in (result.fix("en") or "")
    assert "リードフィールドをマッピングする" in (result.fix("ja") or "")


def test_c7_twin_of_another_type_warns() -> None:
    as_text = marketo_field(SCORE).model_copy(update={"type": "string", "length": 10})
    contact = replace_field(person_object("Contact"), SCORE.api_name, as_text)
    result = by_id(check_lead_contact_twins(with_describe("Contact", contact), PE))[
        "C7.mkto71_Lead_Score__c"
    ]
    assert result.status is CheckStatus.WARN
    assert result.evidence == {"Lead": "double(10,0)", "Contact": "string(10)"}


def test_c7_also_covers_extra_mkto71_fields() -> None:
    lead = person_object("Lead")
    lead = lead.model_copy(update={"fields": (*lead.fields, fld("mkto71_Custom__c"))})
    results = statuses(check_lead_contact_twins(with_describe("Lead", lead), PE))
    assert results["C7.mkto71_Custom__c"] is CheckStatus.WARN


def test_c7_says_nothing_without_lead_fields_or_without_describes() -> None:
    bare = obj("Lead", [fld("LastName")])
    assert check_lead_contact_twins(with_describe("Lead", bare), PE) == []
    assert check_lead_contact_twins(with_describe("Contact", NOT_VISIBLE), PE) == []


# ------------------------------------------------------------------------ C8


def test_c8_only_for_enterprise() -> None:
    assert check_enterprise_field_access(data(), PE) == []
    results = statuses(check_enterprise_field_access(data(), EE))
    assert results == {
        "C8.account.type": CheckStatus.PASS,
        "C8.event": CheckStatus.PASS,
        "C8.task": CheckStatus.PASS,
    }


def test_c8_read_only_account_type_and_hidden_event_field_warn() -> None:
    parts = describes()
    account = parts["Account"]
    event = parts["Event"]
    assert isinstance(account, ObjectDescribe) and isinstance(event, ObjectDescribe)
    parts["Account"] = replace_field(account, "Type", fld("Type", "picklist", updateable=False))
    parts["Event"] = replace_field(event, "IsAllDayEvent", None)
    results = by_id(check_enterprise_field_access(data(describes=parts), EE))
    assert results["C8.account.type"].status is CheckStatus.WARN
    assert results["C8.account.type"].reason_key == "checks.c8.account.read_only"
    assert results["C8.event"].status is CheckStatus.WARN
    assert "IsAllDayEvent" in results["C8.event"].reason("en")
    assert results["C8.event"].setup_path and "Activity" in results["C8.event"].setup_path


def test_c8_read_only_custom_task_field_warns() -> None:
    task = activity("Task", TASK_FIELDS)
    task = task.model_copy(update={"fields": (*task.fields, fld("Score__c", updateable=False))})
    result = by_id(check_enterprise_field_access(with_describe("Task", task), EE))["C8.task"]
    assert result.status is CheckStatus.WARN
    assert result.evidence["read_only"] == "Score__c"


def test_c8_unreadable_event_is_not_verifiable() -> None:
    result = by_id(check_enterprise_field_access(with_describe("Event", NOT_VISIBLE), EE))
    assert result["C8.event"].status is CheckStatus.NOT_VERIFIABLE


# ------------------------------------------------------------------------ C9


def test_c9_only_for_professional() -> None:
    assert check_professional_layouts(data(), EE) == []
    results = statuses(check_professional_layouts(data(), PE))
    assert results == {
        "C9.page_layouts": CheckStatus.INFO,
        "C9.lead.HasOptedOutOfEmail": CheckStatus.PASS,
        "C9.contact.HasOptedOutOfEmail": CheckStatus.PASS,
        "C9.event.IsAllDayEvent": CheckStatus.PASS,
    }


def test_c9_read_only_email_opt_out_and_hidden_all_day_event_warn() -> None:
    parts = describes()
    lead, event = parts["Lead"], parts["Event"]
    assert isinstance(lead, ObjectDescribe) and isinstance(event, ObjectDescribe)
    opt_out = fld("HasOptedOutOfEmail", "boolean", updateable=False)
    parts["Lead"] = replace_field(lead, "HasOptedOutOfEmail", opt_out)
    parts["Event"] = replace_field(event, "IsAllDayEvent", None)
    results = by_id(check_professional_layouts(data(describes=parts), PE))
    assert results["C9.lead.HasOptedOutOfEmail"].status is CheckStatus.WARN
    assert results["C9.event.IsAllDayEvent"].status is CheckStatus.WARN
    assert "終日イベント" in results["C9.event.IsAllDayEvent"].title("ja")


def test_c9_unreadable_contact_is_not_verifiable() -> None:
    results = by_id(check_professional_layouts(with_describe("Contact", NOT_VISIBLE), PE))
    result = results["C9.contact.HasOptedOutOfEmail"]
    assert result.status is CheckStatus.NOT_VERIFIABLE
    assert "Email Opt Out" in result.title("en")


# ----------------------------------------------------------------------- C12


def test_c12_required_last_name_and_company_are_a_reminder() -> None:
    [result] = rendered(check_lead_required_fields(data(), PE))
    assert (result.id, result.status) == ("C12.lead.required_fields", CheckStatus.INFO)
    assert "Last Name, Company" in result.reason("en")
    assert "Last Name、Company" in result.reason("ja")
    assert result.fixer is Fixer.MARKETER


def test_c12_passes_when_nothing_is_required() -> None:
    lead = replace_field(person_object("Lead"), "Company", fld("Company"))
    lead = replace_field(lead, "LastName", fld("LastName"))
    [result] = rendered(check_lead_required_fields(with_describe("Lead", lead), PE))
    assert result.status is CheckStatus.PASS
    assert check_lead_required_fields(with_describe("Lead", NOT_VISIBLE), PE) == []


# ----------------------------------------------------------------------- C18


@pytest.mark.parametrize(
    ("remaining", "total", "status", "reason"),
    [
        (13_000, 15_000, CheckStatus.PASS, "checks.c18.pass"),
        (7_200, 15_000, CheckStatus.PASS, "checks.c18.pass"),
        (7_199, 15_000, CheckStatus.WARN, "checks.c18.low"),
        (5_000, 5_000, CheckStatus.WARN, "checks.c18.small"),
        (0, 15_000, CheckStatus.FAIL, "checks.c18.exhausted"),
    ],
)
def test_c18_headroom_against_marketos_baseline(
    remaining: int, total: int, status: CheckStatus, reason: str
) -> None:
    [result] = rendered(check_api_headroom(data(limits=limits(remaining, total)), PE))
    assert (result.status, result.reason_key) == (status, reason)
    assert result.evidence["DailyApiRequests.Remaining"] == remaining
    assert f"{total:,}" in result.reason("ja")


def test_c18_not_verifiable_without_limits_or_header() -> None:
    [result] = rendered(check_api_headroom(data(limits=DENIED), PE))
    assert result.status is CheckStatus.NOT_VERIFIABLE
    assert "Company Information" in (result.fix("en") or "")
    [down] = rendered(check_api_headroom(data(limits=DOWN), PE))
    assert down.status is CheckStatus.FAIL


# ------------------------------------------------------------- whole page


def test_registry_order_and_a_healthy_org_blocks_nothing() -> None:
    assert PREREQUISITE_CHECKS[0] is check_api_access
    results = rendered(list(judge_prerequisites(data(), PE)))
    assert results[0].id == "C1.api_access"
    assert len({r.id for r in results}) == len(results), "ids must be unique"
    found = {r.id: r.status for r in results if r.status is not CheckStatus.PASS}
    assert found == {
        "C7.map_lead_fields": CheckStatus.INFO,
        "C9.page_layouts": CheckStatus.INFO,
        "C12.lead.required_fields": CheckStatus.INFO,
    }


def test_one_line_for_an_error_that_stopped_several_checks() -> None:
    stopped = data(organization=LIMIT, user=LIMIT, describes=LIMIT, limits=limits(0))
    results = rendered(list(judge_prerequisites(stopped, PE)))
    merged = [r for r in results if r.error_code is SfErrorCode.REQUEST_LIMIT_EXCEEDED]
    assert [r.id for r in merged] == ["fetch.request_limit_exceeded"]
    [line] = merged
    assert line.status is CheckStatus.FAIL
    assert line.title("en") == t("checks.fetch.title", "en")
    checks = str(line.evidence["checks"])
    assert "C2.organization" in checks and "C5.objects" in checks and "C6.lead" in checks
    assert {r.id for r in results} == {
        "C1.api_access",
        "fetch.request_limit_exceeded",
        "C9.page_layouts",
        "C18.api_headroom",
    }


def test_not_verifiable_items_are_never_merged() -> None:
    denied = data(user=user(permissions=None, permissions_error=DENIED))
    results = collapse_errors(list(judge_prerequisites(denied, PE)))
    ids = {r.id for r in results if r.status is CheckStatus.NOT_VERIFIABLE}
    assert ids == {"C4.permissions", "C19.password_never_expires"}


# ---------------------------------------------------------------- the report


def report(parts: PrerequisiteData | None = None, edition: Edition = PE) -> CheckReport:
    return build_report(
        parts or data(),
        edition,
        api_calls=4,
        round_trips=4,
        ran_at=datetime(2025, 1, 6, 9, 30, tzinfo=UTC),
    )


def test_report_gates() -> None:
    healthy = report()
    assert not healthy.blocking and not healthy.needs_acknowledgment
    assert healthy.detected_edition is PE and healthy.org_name == "Example KK"
    warned = report(data(user=user(permissions=permissions(convert_leads=False))))
    assert not warned.blocking and warned.needs_acknowledgment
    assert [r.id for r in warned.to_acknowledge] == ["C4.permission.convert_leads"]
    failed = report(data(user=user(marketing_user=False)))
    assert failed.blocking
    assert [r.id for r in failed.failures] == ["C3.user.marketing_user"]
    assert failed.status_counts()[CheckStatus.FAIL] == 1
    assert failed.by_id("C3.user.marketing_user") is failed.failures[0]


def test_report_detects_the_orgs_edition() -> None:
    mismatch = report(data(organization=org("Unlimited Edition")), PE)
    assert mismatch.detected_edition is EE
    assert mismatch.ids(CheckStatus.WARN) >= {"C2.edition"}


@pytest.mark.parametrize("lang", LANGS)
def test_frame_has_localized_columns_and_plain_text(lang: Lang) -> None:
    frame = report(data(user=user(marketing_user=False))).frame(
        lang,
        instance_url="https://example.my.salesforce.com/",
    )
    assert list(frame.columns) == [t(f"checks.column.{c}", lang) for c in FRAME_COLUMNS]
    row = frame[frame[t("checks.column.check", lang)] == "C3.user.marketing_user"].iloc[0]
    assert row[t("checks.column.status", lang)] == t("checks.status.fail", lang)
    assert row[t("checks.column.setup", lang)].startswith(
        "https://example.my.salesforce.com/lightning/setup/ManageUsers/page?address=%2F005"
    )
    assert not frame.map(lambda v: "**" in str(v)).any().any()


def test_csv_has_a_bom_and_round_trips_through_pandas() -> None:
    data_ = report(data(user=user(marketing_user=False)))
    for lang in LANGS:
        raw = data_.to_csv(lang)
        assert raw.startswith(b"\xef\xbb\xbf")
        back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
        pd.testing.assert_frame_equal(back, data_.frame(lang))
    assert "要修正".encode() in data_.to_csv("ja")


def test_report_round_trips_as_json() -> None:
    original = report(data(user=user(permissions=None, permissions_error=DENIED)))
    restored = CheckReport.model_validate_json(original.model_dump_json())
    assert restored == original
    nv = restored.by_id("C4.permissions")
    assert nv is not None and nv.error_code is SfErrorCode.INSUFFICIENT_ACCESS
    assert json.loads(original.model_dump_json())["results"][0]["id"] == "C1.api_access"


def test_parameters_render_per_language() -> None:
    text = Text.join([Label(ui="sf.read"), Label(ui="sf.delete")])
    assert text.en == "**Read** (参照), **Delete** (削除)"
    assert text.ja == "**参照**（Read）、**削除**（Delete）"


def test_every_check_key_exists_in_both_catalogs() -> None:
    en, ja = catalog("en"), catalog("ja")
    checks_en = {k for k in en if k.startswith("checks.")}
    assert checks_en == {k for k in ja if k.startswith("checks.")}
    assert {f"checks.status.{s.value}" for s in CheckStatus} <= checks_en
    assert {f"checks.column.{c}" for c in FRAME_COLUMNS} <= checks_en
