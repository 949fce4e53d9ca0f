"""The field-visibility audit: classification, the plan across re-checks, the demo org's admin."""

import pytest

from mktsync_core import i18n, registry
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.models import ConfirmationId, Edition, Fact, VerifiedConnection
from mktsync_core.progress import Progress
from mktsync_core.salesforce import ObjectDescribe, SalesforceGateway
from mktsync_core.visibility import (
    DEFAULT_MAPPINGS,
    FieldAudit,
    VisibilityPlan,
    build_audit,
    classify,
    fetch_describes,
    related_custom_objects,
)
from mktsync_core.visibility.text import plan_csv, plan_frame

ACK = ConfirmationId.CREDENTIALS_SYNC_FIELDS_PERMANENT


def field(name, type_="string", label=None, **kw):
    return {"name": name, "label": label or name, "type": type_, **kw}


# Shaped like Salesforce's describe JSON (camelCase keys, extra keys ignored).
LEAD = {
    "name": "Lead",
    "label": "Lead",
    "custom": False,
    "fields": [
        field("Id", "id", "Lead ID"),
        field("LastName", compoundFieldName="Name"),
        field("FirstName", compoundFieldName="Name"),
        field("Name", label="Full Name"),
        field("Street", "textarea", compoundFieldName="Address", length=255),
        field("City", compoundFieldName="Address"),
        field("Address", "address"),
        field("Email", "email"),
        field("Company"),
        field("SystemModstamp", "datetime"),
        field("LastViewedDate", "datetime"),
        field("mkto71_Lead_Score__c", "double", "Score", custom=True, updateable=True),
        field("mkto71_Inferred_City__c", "string", custom=True, updateable=True),
        field(
            "Region__c",
            custom=True,
            calculated=True,
            calculatedFormula="CASE(Country, 'Japan', 'APAC', 'EMEA')",
        ),
        field(
            "Age__c",
            "double",
            custom=True,
            calculated=True,
            calculatedFormula="TODAY() - DATEVALUE(CreatedDate)",
        ),
        field("SSN__c", "encryptedstring", custom=True, encrypted=True, updateable=True),
        field("Notes__c", "textarea", custom=True, length=32768, updateable=True),
        field("Budget__c", "currency", custom=True, updateable=True),
        field("Tier__c", "picklist", custom=True, updateable=True, picklistValues=[{"value": "A"}]),
        field("ERP_Key__c", custom=True, externalId=True, unique=True, updateable=True),
        field("Partner__c", "reference", custom=True, referenceTo=["Account"], updateable=True),
    ],
}
INVOICE = {
    "name": "Invoice__c",
    "label": "Invoice",
    "custom": True,
    "fields": [
        field("Id", "id"),
        field("Account__c", "reference", custom=True, referenceTo=["Account"]),
        field("Amount__c", "currency", custom=True, updateable=True),
    ],
}
LINE = {
    "name": "Invoice_Line__c",
    "label": "Invoice Line",
    "custom": True,
    "fields": [field("Invoice__c", "reference", custom=True, referenceTo=["Invoice__c"])],
}
UNRELATED = {
    "name": "Config__c",
    "label": "Config",
    "custom": True,
    "fields": [field("Value__c", custom=True)],
}


def describes(*payloads):
    return {p["name"]: ObjectDescribe.model_validate(p) for p in payloads}


def rows():
    frame = classify(describes(LEAD, INVOICE))
    return frame.set_index("key")


@pytest.mark.parametrize(
    ("key", "advice", "reason", "creates_new"),
    [
        ("Lead.Id", "not_hideable", "record_id", False),
        ("Lead.Name", "not_hideable", "compound", False),
        ("Lead.Address", "not_hideable", "compound", False),
        ("Lead.LastName", "must_keep", "default_mapping", False),
        ("Lead.Street", "must_keep", "default_mapping", False),
        ("Lead.Email", "must_keep", "email", False),
        ("Lead.Company", "must_keep", "default_mapping", False),
        ("Lead.SystemModstamp", "not_hideable", "audit", True),
        ("Lead.LastViewedDate", "likely_unneeded", "system", True),
        ("Lead.mkto71_Lead_Score__c", "must_keep", "marketo_field", False),
        ("Lead.mkto71_Inferred_City__c", "must_keep", "marketo_field", True),
        ("Lead.Region__c", "likely_unneeded", "formula", True),
        ("Lead.Age__c", "likely_unneeded", "formula_volatile", True),
        ("Lead.SSN__c", "likely_unneeded", "encrypted", True),
        ("Lead.Notes__c", "likely_unneeded", "long_text", True),
        ("Lead.Budget__c", "likely_unneeded", "currency", True),
        ("Lead.Tier__c", "your_call", "custom", True),
        ("Lead.ERP_Key__c", "likely_unneeded", "integration_id", True),
        ("Lead.Partner__c", "likely_unneeded", "lookup", True),
        ("Invoice__c.Account__c", "must_keep", "relationship", True),
        ("Invoice__c.Amount__c", "likely_unneeded", "currency", True),
    ],
)
def test_classification_of_realistic_fields(key, advice, reason, creates_new):
    row = rows().loc[key]
    assert (row["advice"], row["reason"], bool(row["creates_new"])) == (
        advice,
        reason,
        creates_new,
    )


def test_mapped_fields_name_the_marketo_field_they_fill():
    frame = rows()
    assert frame.loc["Lead.Company", "mapped_to"] == "Company Name"
    assert frame.loc["Lead.mkto71_Lead_Score__c", "mapped_to"] == "Score"
    assert frame.loc["Lead.Id", "mapped_to"] == "SFDC Id"


def test_the_default_mappings_follow_the_doc_list():
    # marketo-domain.md §5a: 28 Lead rows (Lead Score is the mkto71 field), 20 Contact, 16 Account.
    assert (len(DEFAULT_MAPPINGS["Lead"]), len(DEFAULT_MAPPINGS["Contact"])) == (28, 20)
    assert len(DEFAULT_MAPPINGS["Account"]) == 16
    assert "Opportunity" not in DEFAULT_MAPPINGS  # the doc lists none: every field counts as new


def test_counts_per_object():
    frame = classify(describes(LEAD, INVOICE))
    assert frame.groupby("object", sort=False)["creates_new"].sum().to_dict() == {
        "Lead": 11,
        "Invoice__c": 2,
    }


def test_custom_objects_related_one_or_two_levels_deep():
    found = related_custom_objects(describes(LEAD, INVOICE, LINE, UNRELATED))
    assert found == ["Invoice_Line__c", "Invoice__c"]


def audit(*keys_by_object: tuple[str, list[str]], org="00D1", user="0051") -> FieldAudit:
    payloads = [
        {"name": o, "label": o, "fields": [field(n, custom=True) for n in names]}
        for o, names in keys_by_object
    ]
    from mktsync_core.visibility import AuditDescribes

    fetched = AuditDescribes(describes=describes(*payloads), unreadable={}, api_calls=2)
    return build_audit(fetched, org_id=org, user_id=user)


def test_a_recheck_keeps_choices_for_fields_that_still_exist_and_lists_the_changes():
    first = audit(("Lead", ["A__c", "B__c", "C__c", "D__c"]))
    plan = VisibilityPlan(audit=first).with_hide(frozenset({"Lead.A__c", "Lead.B__c"}))
    second = audit(("Lead", ["B__c", "D__c", "E__c"]))
    again = plan.rechecked(second)
    assert again.hide == {"Lead.B__c"}
    assert again.hidden == {"Lead.A__c": "A__c"}
    assert again.last_recheck.now_hidden == ("Lead.A__c",)
    assert again.last_recheck.still_visible == ("Lead.B__c",)
    assert again.last_recheck.appeared == ("Lead.E__c",)
    assert set(again.last_recheck.disappeared) == {"Lead.A__c", "Lead.C__c"}
    # a hidden field that becomes visible again is planned again
    back = again.rechecked(first)
    assert back.hide == {"Lead.A__c", "Lead.B__c"}
    assert back.hidden == {}


def connection(org="00D1", user="0051") -> VerifiedConnection:
    return VerifiedConnection(
        org_id=org,
        org_name="Acme",
        organization_type="Professional Edition",
        sandbox=False,
        user_id=user,
        username="sync@acme.example",
        instance_host="acme.my.salesforce.com",
    )


def test_the_acknowledgment_needs_an_audit_of_this_org_and_settled_hides():
    progress = Progress(setup_id="test-setup-1", connection=connection())
    assert registry.missing_needs(ACK, progress) == [
        Fact.FIELDS_AUDITED,
        Fact.PLANNED_HIDES_SETTLED,
    ]
    assert registry.give(progress, ACK) == progress
    progress = registry.record_field_audit(progress, audit(("Lead", ["A__c", "B__c"])))
    progress = registry.update_plan(
        progress, progress.visibility.with_hide(frozenset({"Lead.A__c"}))
    )
    assert registry.missing_needs(ACK, progress) == [Fact.PLANNED_HIDES_SETTLED]
    kept = registry.update_plan(progress, progress.visibility.keeping(frozenset({"Lead.A__c"})))
    given = registry.give(kept, ACK)
    assert registry.is_given(ACK, given)
    assert registry.confirmation_params(registry.confirmation(ACK), given) == {
        "n": 2,
        "per_object": "Lead 2",
    }
    # an audit of another user is not an audit of this connection
    other = given.model_copy(update={"connection": connection(user="0059")})
    assert not registry.is_given(ACK, other)


def test_a_recheck_with_other_numbers_withdraws_the_acknowledgment_honestly():
    progress = Progress(setup_id="test-setup-1", connection=connection())
    progress = registry.record_field_audit(progress, audit(("Lead", ["A__c", "B__c"])))
    progress = registry.give(progress, ACK)
    same = registry.record_field_audit(progress, audit(("Lead", ["A__c", "B__c"])))
    assert registry.is_given(ACK, same)
    changed = registry.record_field_audit(progress, audit(("Lead", ["A__c", "B__c", "C__c"])))
    assert not registry.is_given(ACK, changed)
    assert ACK not in changed.confirmations
    assert registry.voided_statement(ACK, changed) == "Lead 2"
    again = registry.give(changed, ACK)
    assert registry.is_given(ACK, again) and registry.voided_statement(ACK, again) is None


def test_another_org_starts_a_new_plan():
    progress = Progress(setup_id="test-setup-1", connection=connection())
    progress = registry.record_field_audit(progress, audit(("Lead", ["A__c"])))
    progress = registry.update_plan(
        progress, progress.visibility.with_hide(frozenset({"Lead.A__c"}))
    )
    moved = registry.record_connection(progress, connection(org="00D9"))
    assert moved.visibility is None


def logged_in(org: DemoOrg, scenario=Scenario.HEALTHY) -> SalesforceGateway:
    gateway = SalesforceGateway(demo_session(org))
    gateway.login(SCENARIOS[scenario].credentials())
    return gateway


def test_the_demo_org_fetch_costs_one_call_and_finds_the_related_custom_objects():
    org = DemoOrg()
    gateway = logged_in(org)
    before = org.api_calls_used(SCENARIOS[Scenario.HEALTHY])
    fetched = fetch_describes(gateway)
    # The login read the object list; the describes go in one composite.
    assert org.api_calls_used(SCENARIOS[Scenario.HEALTHY]) - before == fetched.api_calls == 1
    assert list(fetched.describes) == [
        "Lead",
        "Contact",
        "Account",
        "Opportunity",
        "Product_Interest__c",
        "Subscription__c",
    ]


def test_the_demo_org_admin_can_hide_a_field_from_the_sync_user():
    org = DemoOrg()
    gateway = logged_in(org)
    assert fetch_describes(gateway).describes["Lead"].field("Internal_Notes__c") is not None
    org.hide_field(Scenario.HEALTHY, "Lead", "Internal_Notes__c")
    assert fetch_describes(gateway).describes["Lead"].field("Internal_Notes__c") is not None
    gateway.refresh()  # what the page's re-check does: the describes were kept for the login
    assert fetch_describes(gateway).describes["Lead"].field("Internal_Notes__c") is None
    query = gateway.query("SELECT Internal_Notes__c FROM Lead LIMIT 1")
    assert not hasattr(query, "records")  # the hidden field is unknown to the sync user's SOQL
    org.show_field(Scenario.HEALTHY, "Lead", "Internal_Notes__c")
    gateway.refresh()
    assert fetch_describes(gateway).describes["Lead"].field("Internal_Notes__c") is not None


def test_the_large_org_knob_gives_five_objects_of_500_fields():
    gateway = logged_in(DemoOrg(fields_per_object=500))
    fetched = fetch_describes(gateway)
    sizes = {n: len(d.fields) for n, d in fetched.describes.items()}
    assert [sizes[n] for n in ("Lead", "Contact", "Account", "Opportunity")] == [500] * 4
    assert sizes["Product_Interest__c"] == 500
    frame = classify(fetched.describes)
    assert len(frame) >= 2500


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_plan_lists_the_procedure_per_field_and_exports_with_a_bom(edition, lang):
    plan = VisibilityPlan(audit=audit(("Lead", ["Secret__c", "B__c"])))
    plan = plan.with_hide(frozenset({"Lead.Secret__c"}))
    frame = plan_frame(plan, edition, lang)
    assert list(frame["name"]) == ["Secret__c"]
    procedure = frame.loc[0, "procedure"]
    assert "Secret__c" in procedure and "**" not in procedure
    if edition is Edition.ENTERPRISE:
        assert "Setup" in procedure and "設定" in procedure  # the label in both languages
    data = plan_csv(plan, edition, lang)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Secret__c" in data.decode("utf-8-sig")
