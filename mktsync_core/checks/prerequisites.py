"""The checks of the Prerequisites page (Steps 1 and 2 of 3), as pure functions.

Each check takes the fetched :class:`PrerequisiteData` and the edition the
user chose, and returns its results; :data:`PREREQUISITE_CHECKS` lists them in
the order the page shows them. Ids and criteria follow ``marketo-domain.md``
§8 (C1-C9, C12, C18, C19) with the field facts of §1 and §2.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote

from mktsync_core.checks.fetch import PrerequisiteData, fetch_prerequisites, not_connected
from mktsync_core.checks.models import (
    CheckReport,
    CheckResult,
    CheckStatus,
    Evidence,
    Label,
    Msg,
    Param,
    Text,
    render_param,
)
from mktsync_core.marketo_fields import (
    ALL_DAY_EVENT_API_NAME,
    EMAIL_OPT_OUT_API_NAME,
    MARKETO_FIELDS,
    DataType,
    MarketoField,
    Tier,
)
from mktsync_core.models import Edition
from mktsync_core.salesforce import (
    FieldInfo,
    Fixer,
    ObjectDescribe,
    SalesforceGateway,
    SfError,
    SfErrorCode,
    UserInfo,
)

Check = Callable[[PrerequisiteData, Edition], list[CheckResult]]

#: Marketo's sync alone needs about this many API calls a day [KCS ka-28190].
MARKETO_DAILY_BASELINE = 7_200

#: Organization.OrganizationType -> the guide's path.
EDITION_OF_ORG_TYPE: dict[str, Edition] = {
    "Professional Edition": Edition.PROFESSIONAL,
    "Enterprise Edition": Edition.ENTERPRISE,
    "Unlimited Edition": Edition.ENTERPRISE,
    "Performance Edition": Edition.ENTERPRISE,
    "Developer Edition": Edition.ENTERPRISE,
}

#: Standard profile names come back in the running user's language.
SYSTEM_ADMINISTRATOR_NAMES = frozenset({"System Administrator", "システム管理者"})

_OBJECT_LABELS = {
    "Lead": "sf.lead",
    "Contact": "sf.contact",
    "Account": "sf.account",
    "Opportunity": "sf.opportunity",
    "Campaign": "sf.campaign",
    "Event": "sf.event",
    "Task": "sf.task",
}

# Object access (C5): the flags each object needs, and whether lacking them blocks.
_CRUD = ("queryable", "createable", "updateable", "deletable")
_CRUD_LABELS = {
    "queryable": "sf.read",
    "createable": "sf.create",
    "updateable": "sf.edit",
    "deletable": "sf.delete",
}
_OBJECT_NEEDS: dict[str, tuple[tuple[str, ...], CheckStatus]] = {
    "Lead": (_CRUD, CheckStatus.FAIL),
    "Contact": (_CRUD, CheckStatus.FAIL),
    "Account": (_CRUD, CheckStatus.FAIL),
    "Opportunity": (_CRUD, CheckStatus.FAIL),
    # Only for campaign sync (C14), which is optional.
    "Campaign": (_CRUD, CheckStatus.WARN),
    "Event": (("queryable", "createable", "updateable"), CheckStatus.WARN),
    "Task": (("queryable", "createable", "updateable"), CheckStatus.WARN),
}

# System permissions of the EE sync profile (§2b), OR-ed over profile and permission sets.
_PERMISSIONS: tuple[tuple[str, str, str], ...] = (
    ("api_enabled", "sf.api_enabled", "sf.administrative_permissions"),
    ("edit_html_templates", "sf.edit_html_templates", "sf.administrative_permissions"),
    ("manage_public_documents", "sf.manage_public_documents", "sf.administrative_permissions"),
    ("manage_public_templates", "sf.manage_public_templates", "sf.administrative_permissions"),
    ("convert_leads", "sf.convert_leads", "sf.general_user_permissions"),
    ("edit_events", "sf.edit_events", "sf.general_user_permissions"),
    ("edit_tasks", "sf.edit_tasks", "sf.general_user_permissions"),
)

# C8: activity fields Marketo reads and writes (Event/Task "all fields", §2b).
_ACTIVITY_FIELDS: dict[str, tuple[str, ...]] = {
    "Event": (
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
    ),
    "Task": (
        "Subject",
        "Status",
        "Priority",
        "ActivityDate",
        "Description",
        "Type",
        "WhoId",
        "WhatId",
        "OwnerId",
    ),
}

_TYPE_LABELS = {
    DataType.NUMBER: "sf.type_number",
    DataType.DATETIME: "sf.type_datetime",
    DataType.TEXT: "sf.type_text",
}

_DESCRIBE_TYPE_LABELS = {
    "double": "sf.type_number",
    "datetime": "sf.type_datetime",
    "string": "sf.type_text",
}

# Setup pages, relative to the instance (Lightning Experience).
SETUP_COMPANY_INFO = "/lightning/setup/CompanyProfileInfo/home"
SETUP_USERS = "/lightning/setup/ManageUsers/home"
SETUP_PROFILES = "/lightning/setup/EnhancedProfiles/home"
SETUP_PASSWORD_POLICIES = "/lightning/setup/SecurityPolicies/home"


def setup_fields_path(sobject: str) -> str:
    """Object Manager → Fields & Relationships (Event and Task fields live on Activity)."""
    target = "Activity" if sobject in {"Event", "Task"} else sobject
    return f"/lightning/setup/ObjectManager/{target}/FieldsAndRelationships/view"


def setup_layouts_path(sobject: str) -> str:
    return f"/lightning/setup/ObjectManager/{sobject}/PageLayouts/view"


def setup_user_path(user_id: str) -> str:
    return "/lightning/setup/ManageUsers/page?address=" + quote(f"/{user_id}?noredirect=1", "")


def object_label(sobject: str) -> Param:
    key = _OBJECT_LABELS.get(sobject)
    return Label(ui=key) if key else sobject


# ------------------------------------------------------------------ helpers


def _result(
    check_id: str,
    status: CheckStatus,
    title: str,
    reason: str,
    *,
    title_params: dict[str, Param] | None = None,
    params: dict[str, Param] | None = None,
    fix: str | None = None,
    fix_params: dict[str, Param] | None = None,
    fixer: Fixer | None = None,
    setup: str | None = None,
    evidence: dict[str, Evidence] | None = None,
) -> CheckResult:
    """A result; the fix shares the reason's parameters unless given its own."""
    return CheckResult(
        id=check_id,
        status=status,
        title_key=title,
        title_params=title_params or {},
        reason_key=reason,
        reason_params=params or {},
        fix_key=fix,
        fix_params=fix_params if fix_params is not None else (params or {}),
        fixer=fixer,
        setup_path=setup,
        evidence=evidence or {},
    )


def _error_evidence(error: SfError) -> dict[str, Evidence]:
    evidence: dict[str, Evidence] = {"error": error.code.value}
    if error.sf_code:
        evidence["sf_code"] = error.sf_code
    if error.subject:
        evidence["subject"] = error.subject
    return evidence


def error_result(
    check_id: str,
    title: str,
    error: SfError,
    *,
    title_params: dict[str, Param] | None = None,
    manual_fix: str = "checks.not_verifiable.fix",
    setup: str | None = None,
) -> CheckResult:
    """A check whose data could not be read.

    Missing permission: "not verifiable with this user", with what the admin can
    check by hand. Anything else: the error itself, which blocks until fixed.
    """
    params = title_params or {}
    if error.not_verifiable:
        return CheckResult(
            id=check_id,
            status=CheckStatus.NOT_VERIFIABLE,
            title_key=title,
            title_params=params,
            reason_key="checks.not_verifiable.reason",
            fix_key=manual_fix,
            fix_params=params,
            fixer=Fixer.SALESFORCE_ADMIN,
            setup_path=setup,
            evidence=_error_evidence(error),
            error_code=error.code,
        )
    fmt: dict[str, Param] = {"subject": error.subject or "", "field": ""}
    if error.field is not None:
        fmt["field"] = Msg(msg=f"sf.field.{error.field.value}")
    base = f"sf.error.{error.code.value}"
    return CheckResult(
        id=check_id,
        status=CheckStatus.FAIL,
        title_key=title,
        title_params=params,
        reason_key=f"{base}.title",
        reason_params=fmt,
        fix_key=f"{base}.fix",
        fix_params=fmt,
        fixer=error.fixer,
        setup_path=setup,
        evidence=_error_evidence(error),
        error_code=error.code,
    )


def _unavailable(
    data: PrerequisiteData, check_id: str, title: str, sobject: str, error: SfError
) -> CheckResult:
    """A check that needs an object the object-access check (C5) already reports on.

    When the whole describe request failed, that error is reported instead.
    """
    params: dict[str, Param] = {"object": object_label(sobject)}
    if isinstance(data.describes, SfError):
        return error_result(check_id, title, error, title_params=params)
    return CheckResult(
        id=check_id,
        status=CheckStatus.NOT_VERIFIABLE,
        title_key=title,
        title_params=params,
        reason_key="checks.object_unavailable.reason",
        reason_params=params,
        fix_key="checks.object_unavailable.fix",
        fix_params=params,
        fixer=Fixer.SALESFORCE_ADMIN,
        setup_path=SETUP_PROFILES,
        evidence=_error_evidence(error),
        error_code=error.code,
    )


def _field_evidence(field: FieldInfo) -> dict[str, Evidence]:
    evidence: dict[str, Evidence] = {"type": field.type}
    if field.type == "string":
        evidence["length"] = field.length
    elif field.type == "double":
        evidence["precision"] = field.precision
        evidence["scale"] = field.scale
    evidence["updateable"] = field.updateable
    return evidence


def _profile_param(edition: Edition) -> Label:
    return Label(
        ui="sf.system_administrator" if edition is Edition.PROFESSIONAL else "sf.sync_profile"
    )


# ------------------------------------------------------------------ C1 login


def check_api_access(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C1: the login worked, so the org has API access and the user is API Enabled."""
    title = "checks.c1.title"
    if isinstance(data.login, SfError):
        error = data.login
        result = error_result("C1.api_access", title, error)
        if result.status is not CheckStatus.FAIL:
            result = result.model_copy(update={"status": CheckStatus.FAIL})
        return [result]
    login = data.login
    return [
        _result(
            "C1.api_access",
            CheckStatus.PASS,
            title,
            "checks.c1.pass",
            params={"username": login.username or login.user_id, "host": login.instance_host},
            evidence={
                "username": login.username,
                "instance_host": login.instance_host,
                "api_version": login.api_version,
                "auth_mode": login.auth_mode.value,
            },
        )
    ]


# ------------------------------------------------------------ C2 organization


def detected_edition(organization_type: str) -> Edition | None:
    return EDITION_OF_ORG_TYPE.get(organization_type)


def check_edition(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C2: the org's edition (which instructions apply) and whether it is a sandbox."""
    org = data.organization
    if isinstance(org, SfError):
        return [error_result("C2.organization", "checks.c2.edition.title", org)]
    evidence: dict[str, Evidence] = {
        "Name": org.name,
        "OrganizationType": org.organization_type,
        "IsSandbox": org.is_sandbox,
    }
    chosen = Msg(msg=f"edition.{edition.value}")
    found = detected_edition(org.organization_type)
    params: dict[str, Param] = {"org_type": org.organization_type, "chosen": chosen}
    title = "checks.c2.edition.title"
    if found is None:
        edition_result = _result(
            "C2.edition",
            CheckStatus.WARN,
            title,
            "checks.c2.edition.unknown",
            params=params,
            fix="checks.c2.edition.unknown.fix",
            fixer=Fixer.MARKETER,
            setup=SETUP_COMPANY_INFO,
            evidence=evidence,
        )
    elif found is not edition:
        params["detected"] = Msg(msg=f"edition.{found.value}")
        edition_result = _result(
            "C2.edition",
            CheckStatus.WARN,
            title,
            "checks.c2.edition.mismatch",
            params=params,
            fix="checks.c2.edition.mismatch.fix",
            fixer=Fixer.MARKETER,
            setup=SETUP_COMPANY_INFO,
            evidence=evidence,
        )
    else:
        edition_result = _result(
            "C2.edition",
            CheckStatus.PASS,
            title,
            "checks.c2.edition.pass",
            params=params,
            setup=SETUP_COMPANY_INFO,
            evidence=evidence,
        )
    sandbox = "sandbox" if org.is_sandbox else "production"
    sandbox_result = _result(
        "C2.sandbox",
        CheckStatus.INFO if org.is_sandbox else CheckStatus.PASS,
        "checks.c2.sandbox.title",
        f"checks.c2.sandbox.{sandbox}",
        params={"org_name": org.name},
        fix=f"checks.c2.sandbox.{sandbox}.fix",
        fixer=Fixer.MARKETER,
        evidence={"Name": org.name, "IsSandbox": org.is_sandbox},
    )
    return [edition_result, sandbox_result]


# ------------------------------------------------------------ C3 sync user


def check_sync_user(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C3: the sync user is active, has a Salesforce licence, the right profile, Marketing User."""
    user = data.user
    if isinstance(user, SfError):
        return [
            error_result(
                "C3.user",
                "checks.c3.user.title",
                user,
                manual_fix="checks.c3.user.manual",
                setup=SETUP_USERS,
            )
        ]
    setup = setup_user_path(user.id)
    base: dict[str, Param] = {"username": user.username}
    results = [
        _result(
            "C3.user.active",
            CheckStatus.PASS if user.is_active else CheckStatus.FAIL,
            "checks.c3.active.title",
            "checks.c3.active.pass" if user.is_active else "checks.c3.active.fail",
            params=base,
            fix=None if user.is_active else "checks.c3.active.fix",
            fixer=None if user.is_active else Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence={"Username": user.username, "IsActive": user.is_active},
        ),
        _license(user, setup),
        _profile(user, edition, setup),
        _marketing_user(user, edition, setup),
    ]
    return results


def _license(user: UserInfo, setup: str) -> CheckResult:
    evidence: dict[str, Evidence] = {
        "UserType": user.user_type,
        "Profile.UserLicense.Name": user.license_name,
    }
    params: dict[str, Param] = {
        "username": user.username,
        "user_type": user.user_type,
        "license": user.license_name or "-",
    }
    if user.user_type != "Standard" or user.license_name not in (None, "Salesforce"):
        status, reason, fix = CheckStatus.FAIL, "checks.c3.license.fail", "checks.c3.license.fix"
    elif user.license_name is None:
        # Non-admins may not see the licence; UserType alone cannot tell Salesforce Platform apart.
        status, reason = CheckStatus.NOT_VERIFIABLE, "checks.c3.license.hidden"
        fix = "checks.c3.license.manual"
    else:
        return _result(
            "C3.user.license",
            CheckStatus.PASS,
            "checks.c3.license.title",
            "checks.c3.license.pass",
            params=params,
            setup=setup,
            evidence=evidence,
        )
    return _result(
        "C3.user.license",
        status,
        "checks.c3.license.title",
        reason,
        params=params,
        fix=fix,
        fixer=Fixer.SALESFORCE_ADMIN,
        setup=setup,
        evidence=evidence,
    )


def _profile(user: UserInfo, edition: Edition, setup: str) -> CheckResult:
    evidence: dict[str, Evidence] = {"Profile.Name": user.profile_name}
    title = "checks.c3.profile.title"
    params: dict[str, Param] = {"profile": user.profile_name or ""}
    if edition is Edition.ENTERPRISE:
        return _result(
            "C3.user.profile",
            CheckStatus.INFO,
            title,
            "checks.c3.profile.enterprise",
            params=params,
            fix="checks.c3.profile.enterprise.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence=evidence,
        )
    if user.profile_name is None:
        return _result(
            "C3.user.profile",
            CheckStatus.NOT_VERIFIABLE,
            title,
            "checks.c3.profile.hidden",
            params=params,
            fix="checks.c3.profile.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence=evidence,
        )
    if user.profile_name in SYSTEM_ADMINISTRATOR_NAMES:
        return _result(
            "C3.user.profile",
            CheckStatus.PASS,
            title,
            "checks.c3.profile.pass",
            params=params,
            setup=setup,
            evidence=evidence,
        )
    admin_like = user.permissions is not None and user.permissions.modify_all_data
    if user.permissions is not None:
        evidence["PermissionsModifyAllData"] = user.permissions.modify_all_data
    return _result(
        "C3.user.profile",
        CheckStatus.WARN if admin_like else CheckStatus.FAIL,
        title,
        "checks.c3.profile.admin_like" if admin_like else "checks.c3.profile.fail",
        params=params,
        fix="checks.c3.profile.fix",
        fixer=Fixer.SALESFORCE_ADMIN,
        setup=setup,
        evidence=evidence,
    )


def _marketing_user(user: UserInfo, edition: Edition, setup: str) -> CheckResult:
    evidence: dict[str, Evidence] = {"UserPermissionsMarketingUser": user.marketing_user}
    title = "checks.c3.marketing_user.title"
    if user.marketing_user:
        return _result(
            "C3.user.marketing_user",
            CheckStatus.PASS,
            title,
            "checks.c3.marketing_user.pass",
            setup=setup,
            evidence=evidence,
        )
    professional = edition is Edition.PROFESSIONAL
    return _result(
        "C3.user.marketing_user",
        CheckStatus.FAIL if professional else CheckStatus.WARN,
        title,
        "checks.c3.marketing_user.fail_pe" if professional else "checks.c3.marketing_user.warn_ee",
        fix="checks.c3.marketing_user.fix",
        fixer=Fixer.SALESFORCE_ADMIN,
        setup=setup,
        evidence=evidence,
    )


# ------------------------------------------------------ C4 / C19 permissions


def check_permissions(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C4: the system permissions of the EE sync profile (§2b); System Administrator has them."""
    user = data.user
    title = "checks.c4.title"
    if isinstance(user, SfError):
        return [error_result("C4.permissions", "checks.c4.all.title", user, setup=SETUP_PROFILES)]
    if user.permissions is None:
        error = user.permissions_error or SfError(code=SfErrorCode.INSUFFICIENT_ACCESS)
        profile: dict[str, Param] = {"profile": user.profile_name or ""}
        result = error_result(
            "C4.permissions",
            "checks.c4.all.title",
            error,
            manual_fix="checks.c4.manual",
            setup=SETUP_PROFILES,
        )
        if result.status is CheckStatus.NOT_VERIFIABLE:
            result = result.model_copy(update={"fix_params": profile})
        return [result]
    permissions = user.permissions
    results = []
    for attribute, label, section in _PERMISSIONS:
        granted = bool(getattr(permissions, attribute))
        params: dict[str, Param] = {"permission": Label(ui=label), "section": Label(ui=section)}
        results.append(
            _result(
                f"C4.permission.{attribute}",
                CheckStatus.PASS if granted else CheckStatus.WARN,
                title,
                "checks.c4.pass" if granted else "checks.c4.missing",
                title_params={"permission": Label(ui=label)},
                params=params,
                fix=None if granted else "checks.c4.fix",
                fixer=None if granted else Fixer.SALESFORCE_ADMIN,
                setup=SETUP_PROFILES,
                evidence={attribute: granted},
            )
        )
    return results


def check_password_never_expires(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C19: an expiring password stops the sync ("expired credentials")."""
    user = data.user
    title = "checks.c19.title"
    if isinstance(user, SfError):
        return [error_result("C19.password_never_expires", title, user)]
    if user.permissions is None:
        error = user.permissions_error or SfError(code=SfErrorCode.INSUFFICIENT_ACCESS)
        return [
            error_result(
                "C19.password_never_expires",
                title,
                error,
                manual_fix="checks.c19.manual",
                setup=SETUP_PASSWORD_POLICIES,
            )
        ]
    never = user.permissions.password_never_expires
    return [
        _result(
            "C19.password_never_expires",
            CheckStatus.PASS if never else CheckStatus.WARN,
            title,
            "checks.c19.pass" if never else "checks.c19.warn",
            fix=None if never else "checks.c19.fix",
            fixer=None if never else Fixer.SALESFORCE_ADMIN,
            setup=SETUP_PASSWORD_POLICIES,
            evidence={"PermissionsPasswordNeverExpires": never},
        )
    ]


# ------------------------------------------------------------ C5 objects


def check_object_access(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C5: what the sync user may do on each object, from describe (its effective access)."""
    title = "checks.c5.title"
    if isinstance(data.describes, SfError):
        return [error_result("C5.objects", "checks.c5.all.title", data.describes)]
    fix = "checks.c5.fix.pe" if edition is Edition.PROFESSIONAL else "checks.c5.fix.ee"
    results = []
    for sobject, (needed, severity) in _OBJECT_NEEDS.items():
        check_id = f"C5.{sobject.lower()}"
        label = object_label(sobject)
        described = data.describe(sobject)
        if isinstance(described, SfError):
            if described.code is SfErrorCode.NOT_ACCESSIBLE:
                # describe reflects the user's own access: invisible means no Read.
                params: dict[str, Param] = {"object": label}
                results.append(
                    _result(
                        check_id,
                        severity,
                        title,
                        "checks.c5.hidden",
                        title_params=params,
                        params=params,
                        fix=fix,
                        fixer=Fixer.SALESFORCE_ADMIN,
                        setup=SETUP_PROFILES,
                        evidence=_error_evidence(described),
                    )
                )
            else:
                results.append(
                    error_result(check_id, title, described, title_params={"object": label})
                )
            continue
        missing = [flag for flag in needed if not getattr(described, flag)]
        evidence: dict[str, Evidence] = {flag: getattr(described, flag) for flag in _CRUD}
        params = {
            "object": label,
            "missing": Text.join([Label(ui=_CRUD_LABELS[f]) for f in missing]),
        }
        if missing:
            results.append(
                _result(
                    check_id,
                    severity,
                    title,
                    "checks.c5.missing",
                    title_params={"object": label},
                    params=params,
                    fix=fix,
                    fixer=Fixer.SALESFORCE_ADMIN,
                    setup=SETUP_PROFILES,
                    evidence=evidence,
                )
            )
        else:
            results.append(
                _result(
                    check_id,
                    CheckStatus.PASS,
                    title,
                    "checks.c5.pass",
                    title_params={"object": label},
                    params=params,
                    evidence=evidence,
                )
            )
    return results


# -------------------------------------------------------------- C6 fields


def _size(spec: MarketoField) -> Text:
    """The wizard's attributes, as Step 1 states them ("Length 10, Decimal Places 0")."""
    if spec.data_type is DataType.NUMBER:
        return Text.join(
            [
                _attribute("sf.length", spec.length),
                _attribute("sf.decimal_places", spec.decimal_places),
            ]
        )
    if spec.data_type is DataType.TEXT:
        return _attribute("sf.length", spec.length)
    return Text.same("-")


def _attribute(label: str, value: int | None) -> Text:
    return Text(
        en=f"{render_param(Label(ui=label), 'en')} {value}",
        ja=f"{render_param(Label(ui=label), 'ja')} {value}",
    )


def _seen(field: FieldInfo) -> Text:
    """What the field has, in the wizard's terms (describe precision = length + decimals)."""
    if field.type == "double":
        return Text.join(
            [
                _attribute("sf.length", field.precision - field.scale),
                _attribute("sf.decimal_places", field.scale),
            ]
        )
    if field.type == "string":
        return _attribute("sf.length", field.length)
    return Text.same(field.type)


def _size_matches(spec: MarketoField, field: FieldInfo) -> bool:
    if spec.data_type is DataType.NUMBER:
        return (field.precision, field.scale) == (spec.precision, spec.scale)
    if spec.data_type is DataType.TEXT:
        return field.length == spec.describe_length
    return True


def _field_title(spec: MarketoField, sobject: str) -> dict[str, Param]:
    return {
        "field": Text(en=spec.label_en, ja=spec.label_ja),
        "api_name": spec.api_name,
        "object": object_label(sobject),
    }


def check_marketo_fields(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C6: every mkto71 field of Step 1 on Lead and Contact: present, right type, editable."""
    results: list[CheckResult] = []
    for sobject in ("Lead", "Contact"):
        described = data.describe(sobject)
        prefix = f"C6.{sobject.lower()}"
        if isinstance(described, SfError):
            results.append(_unavailable(data, prefix, "checks.c6.all.title", sobject, described))
            continue
        for spec in MARKETO_FIELDS:
            results.append(_marketo_field(described, spec, edition, f"{prefix}.{spec.api_name}"))
    return results


def _marketo_field(
    described: ObjectDescribe, spec: MarketoField, edition: Edition, check_id: str
) -> CheckResult:
    sobject = described.name
    title = "checks.c6.title"
    title_params = _field_title(spec, sobject)
    setup = setup_fields_path(sobject)
    params: dict[str, Param] = {
        **title_params,
        "field_name": spec.field_name,
        "type": Label(ui=_TYPE_LABELS[spec.data_type]),
        "size": _size(spec),
        "profile": _profile_param(edition),
    }
    field = described.field(spec.api_name)
    if field is None:
        recommended = spec.tier is Tier.RECOMMENDED
        return _result(
            check_id,
            CheckStatus.WARN if recommended else CheckStatus.INFO,
            title,
            "checks.c6.missing.recommended" if recommended else "checks.c6.missing.optional",
            title_params=title_params,
            params=params,
            fix="checks.c6.missing.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence={"present": False},
        )
    evidence = _field_evidence(field)
    seen_label = _DESCRIBE_TYPE_LABELS.get(field.type)
    params["seen_type"] = Label(ui=seen_label) if seen_label else field.type
    params["seen_size"] = _seen(field)
    if field.type != spec.describe_type.value:
        return _result(
            check_id,
            CheckStatus.FAIL,
            title,
            "checks.c6.wrong_type",
            title_params=title_params,
            params=params,
            fix="checks.c6.wrong_type.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence=evidence,
        )
    if not field.updateable:
        return _result(
            check_id,
            CheckStatus.FAIL,
            title,
            "checks.c6.read_only",
            title_params=title_params,
            params=params,
            fix="checks.c6.read_only.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence=evidence,
        )
    if not _size_matches(spec, field):
        return _result(
            check_id,
            CheckStatus.WARN,
            title,
            "checks.c6.wrong_size",
            title_params=title_params,
            params=params,
            fix="checks.c6.wrong_size.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup,
            evidence=evidence,
        )
    return _result(
        check_id,
        CheckStatus.PASS,
        title,
        "checks.c6.pass",
        title_params=title_params,
        params=params,
        setup=setup,
        evidence=evidence,
    )


# ------------------------------------------------------------ C7 twins


def _same_shape(a: FieldInfo, b: FieldInfo) -> bool:
    return (a.type, a.length, a.precision, a.scale) == (b.type, b.length, b.precision, b.scale)


def _shape(field: FieldInfo) -> str:
    if field.type == "double":
        return f"double({field.precision},{field.scale})"
    if field.type == "string":
        return f"string({field.length})"
    return field.type


def check_lead_contact_twins(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C7: every mkto71 field on Lead has a Contact twin of the same type (for conversion)."""
    lead, contact = data.describe("Lead"), data.describe("Contact")
    if isinstance(lead, SfError) or isinstance(contact, SfError):
        return []  # C5 and C6 already say why these objects could not be read
    specs = {spec.api_name.lower(): spec for spec in MARKETO_FIELDS}
    lead_fields = [f for f in lead.fields if f.custom and f.name.lower().startswith("mkto71_")]
    setup = setup_fields_path("Lead")
    results = []
    for field in lead_fields:
        spec = specs.get(field.name.lower())
        label = Text(en=spec.label_en, ja=spec.label_ja) if spec else Text.same(field.label)
        title_params: dict[str, Param] = {"field": label, "api_name": field.name}
        twin = contact.field(field.name)
        check_id = f"C7.{field.name}"
        if twin is None:
            results.append(
                _result(
                    check_id,
                    CheckStatus.WARN,
                    "checks.c7.title",
                    "checks.c7.missing",
                    title_params=title_params,
                    params=title_params,
                    fix="checks.c7.missing.fix",
                    fixer=Fixer.SALESFORCE_ADMIN,
                    setup=setup_fields_path("Contact"),
                    evidence={"Lead": _shape(field), "Contact": None},
                )
            )
        elif not _same_shape(field, twin):
            params: dict[str, Param] = {
                **title_params,
                "lead_type": _shape(field),
                "contact_type": _shape(twin),
            }
            results.append(
                _result(
                    check_id,
                    CheckStatus.WARN,
                    "checks.c7.title",
                    "checks.c7.different",
                    title_params=title_params,
                    params=params,
                    fix="checks.c7.different.fix",
                    fixer=Fixer.SALESFORCE_ADMIN,
                    setup=setup,
                    evidence={"Lead": _shape(field), "Contact": _shape(twin)},
                )
            )
        else:
            results.append(
                _result(
                    check_id,
                    CheckStatus.PASS,
                    "checks.c7.title",
                    "checks.c7.pass",
                    title_params=title_params,
                    params=title_params,
                    setup=setup,
                    evidence={"Lead": _shape(field), "Contact": _shape(twin)},
                )
            )
    if lead_fields:
        # The Map Lead Fields setting itself is invisible to the data API.
        results.append(
            _result(
                "C7.map_lead_fields",
                CheckStatus.INFO,
                "checks.c7.map.title",
                "checks.c7.map.reason",
                fix="checks.c7.map.fix",
                fixer=Fixer.SALESFORCE_ADMIN,
                setup=setup,
                evidence={"mkto71_fields_on_lead": len(lead_fields)},
            )
        )
    return results


# --------------------------------------------------- C8 EE field access


def check_enterprise_field_access(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C8 (Enterprise/Unlimited): Read + Edit on Account Type and on Event and Task fields."""
    if edition is not Edition.ENTERPRISE:
        return []
    results: list[CheckResult] = []
    account = data.describe("Account")
    if isinstance(account, SfError):
        results.append(
            _unavailable(data, "C8.account.type", "checks.c8.account.title", "Account", account)
        )
    else:
        field = account.field("Type")
        ok = field is not None and field.updateable
        reason = "checks.c8.account.pass"
        if field is None:
            reason = "checks.c8.account.hidden"
        elif not field.updateable:
            reason = "checks.c8.account.read_only"
        results.append(
            _result(
                "C8.account.type",
                CheckStatus.PASS if ok else CheckStatus.WARN,
                "checks.c8.account.title",
                reason,
                fix=None if ok else "checks.c8.account.fix",
                fixer=None if ok else Fixer.SALESFORCE_ADMIN,
                setup=setup_fields_path("Account"),
                evidence={
                    "present": field is not None,
                    "updateable": field.updateable if field else None,
                },
            )
        )
    for sobject, names in _ACTIVITY_FIELDS.items():
        check_id = f"C8.{sobject.lower()}"
        title_params: dict[str, Param] = {"object": object_label(sobject)}
        described = data.describe(sobject)
        if isinstance(described, SfError):
            results.append(
                _unavailable(data, check_id, "checks.c8.activity.title", sobject, described)
            )
            continue
        hidden = [n for n in names if described.field(n) is None]
        read_only = [
            f.name
            for f in described.fields
            if (f.name in names or (f.custom and not f.calculated and not f.auto_number))
            and not f.updateable
        ]
        ok = not hidden and not read_only
        params: dict[str, Param] = {
            **title_params,
            "hidden": ", ".join(hidden) or "-",
            "read_only": ", ".join(read_only) or "-",
        }
        results.append(
            _result(
                check_id,
                CheckStatus.PASS if ok else CheckStatus.WARN,
                "checks.c8.activity.title",
                "checks.c8.activity.pass" if ok else "checks.c8.activity.warn",
                title_params=title_params,
                params=params,
                fix=None if ok else "checks.c8.activity.fix",
                fixer=None if ok else Fixer.SALESFORCE_ADMIN,
                setup=setup_fields_path(sobject),
                evidence={"hidden": ", ".join(hidden), "read_only": ", ".join(read_only)},
            )
        )
    return results


# ------------------------------------------------------ C9 PE layouts


def check_professional_layouts(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C9 (Professional): the page-layout step; the API shows only the fields behind it."""
    if edition is not Edition.PROFESSIONAL:
        return []
    results = [
        _result(
            "C9.page_layouts",
            CheckStatus.INFO,
            "checks.c9.layouts.title",
            "checks.c9.layouts.reason",
            fix="checks.c9.layouts.fix",
            fixer=Fixer.SALESFORCE_ADMIN,
            setup=setup_layouts_path("Lead"),
        )
    ]
    wanted = (
        ("Lead", EMAIL_OPT_OUT_API_NAME, "sf.email_opt_out", True),
        ("Contact", EMAIL_OPT_OUT_API_NAME, "sf.email_opt_out", True),
        ("Event", ALL_DAY_EVENT_API_NAME, "sf.all_day_event", False),
    )
    for sobject, name, label, must_edit in wanted:
        check_id = f"C9.{sobject.lower()}.{name}"
        title_params: dict[str, Param] = {"object": object_label(sobject), "field": Label(ui=label)}
        described = data.describe(sobject)
        if isinstance(described, SfError):
            results.append(
                _unavailable(data, check_id, "checks.c9.field.title", sobject, described)
            )
            results[-1] = results[-1].model_copy(update={"title_params": title_params})
            continue
        field = described.field(name)
        ok = field is not None and (field.updateable or not must_edit)
        reason = "checks.c9.field.pass"
        if field is None:
            reason = "checks.c9.field.hidden"
        elif not ok:
            reason = "checks.c9.field.read_only"
        results.append(
            _result(
                check_id,
                CheckStatus.PASS if ok else CheckStatus.WARN,
                "checks.c9.field.title",
                reason,
                title_params=title_params,
                params={**title_params, "api_name": name},
                fix=None if ok else "checks.c9.field.fix",
                fixer=None if ok else Fixer.SALESFORCE_ADMIN,
                setup=setup_layouts_path(sobject),
                evidence={
                    "present": field is not None,
                    "updateable": bool(field and field.updateable),
                },
            )
        )
    return results


# ------------------------------------------------ C12 required fields


def check_lead_required_fields(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C12: Salesforce needs Last Name and Company on a lead; Marketo can fill in defaults."""
    lead = data.describe("Lead")
    if isinstance(lead, SfError):
        return []  # C5 and C6 already report it
    required = [
        f.label
        for name in ("LastName", "Company")
        if (f := lead.field(name)) is not None and not f.nillable
    ]
    evidence: dict[str, Evidence] = {
        name: (not f.nillable) if (f := lead.field(name)) else None
        for name in ("LastName", "Company")
    }
    if not required:
        return [
            _result(
                "C12.lead.required_fields",
                CheckStatus.PASS,
                "checks.c12.title",
                "checks.c12.pass",
                evidence=evidence,
            )
        ]
    return [
        _result(
            "C12.lead.required_fields",
            CheckStatus.INFO,
            "checks.c12.title",
            "checks.c12.required",
            params={"fields": Text(en=", ".join(required), ja="、".join(required))},
            fix="checks.c12.fix",
            fixer=Fixer.MARKETER,
            setup=setup_fields_path("Lead"),
            evidence=evidence,
        )
    ]


# ------------------------------------------------------ C18 API headroom


def check_api_headroom(data: PrerequisiteData, edition: Edition) -> list[CheckResult]:
    """C18: the org's daily API allocation against Marketo's ~7,200 calls a day."""
    title = "checks.c18.title"
    limits = data.limits
    if isinstance(limits, SfError):
        return [
            error_result(
                "C18.api_headroom",
                title,
                limits,
                manual_fix="checks.c18.manual",
                setup=SETUP_COMPANY_INFO,
            )
        ]
    params: dict[str, Param] = {
        "remaining": limits.daily_remaining,
        "max": limits.daily_max,
        "used": limits.daily_used,
        "baseline": MARKETO_DAILY_BASELINE,
    }
    evidence: dict[str, Evidence] = {
        "DailyApiRequests.Max": limits.daily_max,
        "DailyApiRequests.Remaining": limits.daily_remaining,
        "source": limits.source.value,
    }
    if limits.daily_remaining <= 0:
        status, reason = CheckStatus.FAIL, "checks.c18.exhausted"
    elif limits.daily_max < MARKETO_DAILY_BASELINE:
        status, reason = CheckStatus.WARN, "checks.c18.small"
    elif limits.daily_remaining < MARKETO_DAILY_BASELINE:
        status, reason = CheckStatus.WARN, "checks.c18.low"
    else:
        status, reason = CheckStatus.PASS, "checks.c18.pass"
    ok = status is CheckStatus.PASS
    return [
        _result(
            "C18.api_headroom",
            status,
            title,
            reason,
            params=params,
            fix=None if ok else "checks.c18.fix",
            fixer=None if ok else Fixer.SALESFORCE_ADMIN,
            setup=SETUP_COMPANY_INFO,
            evidence=evidence,
        )
    ]


# ------------------------------------------------------------- registry

#: Every check of the Prerequisites page, in the order the page lists them.
PREREQUISITE_CHECKS: tuple[Check, ...] = (
    check_api_access,
    check_edition,
    check_sync_user,
    check_permissions,
    check_password_never_expires,
    check_object_access,
    check_marketo_fields,
    check_lead_contact_twins,
    check_enterprise_field_access,
    check_professional_layouts,
    check_lead_required_fields,
    check_api_headroom,
)


def collapse_errors(results: list[CheckResult]) -> list[CheckResult]:
    """One line per error, not one per check, when the same error stopped several checks.

    Only errors that block (the daily limit used up, the network down); "not
    verifiable" items stay apart, each with what the admin can check by hand.
    """
    groups: dict[SfErrorCode, list[CheckResult]] = {}
    for result in results:
        if result.status is CheckStatus.FAIL and result.error_code is not None:
            groups.setdefault(result.error_code, []).append(result)
    merged: list[CheckResult] = []
    for result in results:
        code = result.error_code
        group = groups.get(code) if code is not None else None
        if group is None or len(group) < 2 or result not in group:
            merged.append(result)
        elif result is group[0]:
            merged.append(
                result.model_copy(
                    update={
                        "id": f"fetch.{code.value}" if code else result.id,
                        "title_key": "checks.fetch.title",
                        "title_params": {},
                        "evidence": {
                            **result.evidence,
                            "checks": ", ".join(r.id for r in group),
                        },
                    }
                )
            )
    return merged


def judge_prerequisites(data: PrerequisiteData, edition: Edition) -> tuple[CheckResult, ...]:
    """All prerequisite results for already fetched data (pure: no Salesforce traffic)."""
    if isinstance(data.login, SfError):
        return tuple(check_api_access(data, edition))
    results: list[CheckResult] = []
    for check in PREREQUISITE_CHECKS:
        results.extend(check(data, edition))
    return tuple(collapse_errors(results))


def build_report(
    data: PrerequisiteData,
    edition: Edition,
    *,
    api_calls: int = 0,
    round_trips: int = 0,
    ran_at: datetime | None = None,
) -> CheckReport:
    org = data.organization if not isinstance(data.organization, SfError) else None
    return CheckReport(
        results=judge_prerequisites(data, edition),
        edition=edition,
        detected_edition=detected_edition(org.organization_type) if org else None,
        org_name=org.name if org else None,
        is_sandbox=org.is_sandbox if org else None,
        api_calls=api_calls,
        round_trips=round_trips,
        ran_at=ran_at or datetime.now(UTC),
    )


def run_prerequisite_checks(
    gateway: SalesforceGateway, edition: Edition, *, login_error: SfError | None = None
) -> CheckReport:
    """Fetch and judge everything the Prerequisites page shows; never raises.

    Without a connection nothing is sent: the report holds the login check
    alone, failing with ``login_error`` (the outcome of the failed login).
    """
    if not gateway.connected:
        return build_report(not_connected(login_error), edition)
    with gateway.counting() as used:
        data = fetch_prerequisites(gateway)
    return build_report(data, edition, api_calls=used.api_calls, round_trips=used.round_trips)
