"""Describe metadata of the demo org, shaped like Salesforce's describe JSON.

Realism matters here because later checks read exactly these keys: the
``mkto71_*`` fields of Step 1, system/audit fields, an encrypted field, long
text, formulas and lookups for the field-visibility audit. The describe is
computed per scenario, as Salesforce computes it per user: objects the user
cannot read are absent, read-only access clears ``updateable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from mktsync_core.demo_org.mapping_fields import CONTACT_MAPPING_FIELDS, LEAD_MAPPING_FIELDS
from mktsync_core.demo_org.scenarios import ScenarioSpec

_SOAP_TYPES = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "boolean": "xsd:boolean",
    "double": "xsd:double",
    "currency": "xsd:double",
    "percent": "xsd:double",
    "int": "xsd:int",
    "date": "xsd:date",
    "datetime": "xsd:dateTime",
    "address": "urn:address",
}
_TEXT_LENGTH = {"email": 80, "phone": 40, "url": 255, "picklist": 255, "multipicklist": 4099}
_GROUPABLE = {"id", "reference", "string", "email", "phone", "url", "picklist", "boolean", "date"}
_NUMERIC = {"double", "currency", "percent"}


def fld(name: str, type_: str, label: str, **kw: Any) -> dict[str, Any]:
    """One describe field with Salesforce's defaults for its type."""
    length = kw.pop("length", _TEXT_LENGTH.get(type_, 18 if type_ in {"id", "reference"} else 0))
    calculated = kw.pop("formula", None)
    system = kw.pop("system", False)
    picklist = kw.pop("picklist", ())
    editable = not system and calculated is None and type_ not in {"id", "address"}
    described: dict[str, Any] = {
        "name": name,
        "label": label,
        "type": type_,
        "length": length,
        "byteLength": length * 3,
        "precision": kw.pop("precision", 0),
        "scale": kw.pop("scale", 0),
        "digits": 9 if type_ == "int" else 0,
        "custom": name.endswith("__c"),
        "calculated": calculated is not None,
        "calculatedFormula": calculated,
        "autoNumber": False,
        "updateable": editable,
        "createable": editable,
        "nillable": type_ != "boolean" and type_ != "id",
        "defaultedOnCreate": type_ == "boolean" or system,
        "unique": False,
        "externalId": False,
        "idLookup": type_ == "id",
        "encrypted": type_ == "encryptedstring",
        "htmlFormatted": False,
        "filterable": type_ != "textarea" or length <= 255,
        "sortable": type_ not in {"textarea", "multipicklist"} or length <= 255,
        "groupable": type_ in _GROUPABLE and calculated is None,
        "aggregatable": type_ in _NUMERIC | {"int", "date", "datetime", "string", "email"},
        "picklistValues": [
            {
                "active": True,
                "defaultValue": i == 0 and type_ == "picklist",
                "label": v,
                "value": v,
                "validFor": None,
            }
            for i, v in enumerate(picklist)
        ],
        "restrictedPicklist": False,
        "dependentPicklist": False,
        "controllerName": None,
        "referenceTo": list(kw.pop("reference_to", ())),
        "relationshipName": kw.pop("relationship", None),
        "compoundFieldName": kw.pop("compound", None),
        "soapType": _SOAP_TYPES.get(type_, "xsd:string"),
        "deprecatedAndHidden": False,
        "inlineHelpText": kw.pop("help", None),
    }
    described.update(kw)
    return described


def _audit() -> list[dict[str, Any]]:
    return [
        fld("IsDeleted", "boolean", "Deleted", system=True),
        fld("CreatedDate", "datetime", "Created Date", system=True),
        fld(
            "CreatedById",
            "reference",
            "Created By ID",
            system=True,
            reference_to=["User"],
            relationship="CreatedBy",
        ),
        fld("LastModifiedDate", "datetime", "Last Modified Date", system=True),
        fld(
            "LastModifiedById",
            "reference",
            "Last Modified By ID",
            system=True,
            reference_to=["User"],
            relationship="LastModifiedBy",
        ),
        fld("SystemModstamp", "datetime", "System Modstamp", system=True),
    ]


def _viewed() -> list[dict[str, Any]]:
    """Per-user "recently viewed" stamps Salesforce keeps on many objects."""
    return [
        fld("LastViewedDate", "datetime", "Last Viewed Date", system=True),
        fld("LastReferencedDate", "datetime", "Last Referenced Date", system=True),
    ]


def _id() -> dict[str, Any]:
    return fld("Id", "id", "Record ID", system=True, nillable=False)


def _owner(*targets: str) -> dict[str, Any]:
    return fld(
        "OwnerId",
        "reference",
        "Owner ID",
        reference_to=list(targets or ("User",)),
        relationship="Owner",
        nillable=False,
    )


def _name_parts() -> list[dict[str, Any]]:
    return [
        fld("LastName", "string", "Last Name", length=80, nillable=False, compound="Name"),
        fld("FirstName", "string", "First Name", length=40, compound="Name"),
        fld(
            "Salutation",
            "picklist",
            "Salutation",
            picklist=("Mr.", "Ms.", "Mrs.", "Dr.", "Prof."),
            compound="Name",
        ),
        fld("Name", "string", "Full Name", length=121, system=True),
    ]


def _address(prefix: str, label: str) -> list[dict[str, Any]]:
    compound = f"{prefix}Address"
    return [
        fld(f"{prefix}Street", "textarea", f"{label} Street", length=255, compound=compound),
        fld(f"{prefix}City", "string", f"{label} City", length=40, compound=compound),
        fld(f"{prefix}State", "string", f"{label} State/Province", length=80, compound=compound),
        fld(
            f"{prefix}PostalCode",
            "string",
            f"{label} Zip/Postal Code",
            length=20,
            compound=compound,
        ),
        fld(f"{prefix}Country", "string", f"{label} Country", length=80, compound=compound),
        fld(compound, "address", f"{label} Address".strip()),
    ]


def marketo_fields() -> list[dict[str, Any]]:
    """The Step 1 fields exactly as the guide asks for them (salesforce type mapping of §1)."""
    text = [
        ("Acquisition_Program", "Acquisition Program"),
        ("Original_Referrer", "Original Referrer"),
        ("Original_Search_Engine", "Original Search Engine"),
        ("Original_Search_Phrase", "Original Search Phrase"),
        ("Original_Source_Info", "Original Source Info"),
        ("Original_Source_Type", "Original Source Type"),
        ("Inferred_City", "Inferred City"),
        ("Inferred_Company", "Inferred Company"),
        ("Inferred_Country", "Inferred Country"),
        ("Inferred_Metropolitan_Area", "Inferred Metropolitan Area"),
        ("Inferred_Phone_Area_Code", "Inferred Phone Area Code"),
        ("Inferred_Postal_Code", "Inferred Postal Code"),
        ("Inferred_State_Region", "Inferred State Region"),
    ]
    return [
        fld("mkto71_Lead_Score__c", "double", "Score", precision=10, scale=0),
        fld("mkto71_Acquisition_Date__c", "datetime", "Acquisition Date"),
        fld(
            "mkto71_Acquisition_Program_Id__c",
            "double",
            "Acquisition Program Id",
            precision=18,
            scale=0,
        ),
        *(fld(f"mkto71_{api}__c", "string", label, length=255) for api, label in text),
    ]


_LEAD_STATUS = (
    "Open - Not Contacted",
    "Working - Contacted",
    "Closed - Converted",
    "Closed - Not Converted",
)
_LEAD_SOURCE = ("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Seminar", "Other")
_INDUSTRY = ("Manufacturing", "Technology", "Finance", "Retail", "Healthcare", "Education")


def _lead() -> list[dict[str, Any]]:
    return [
        _id(),
        fld(
            "MasterRecordId",
            "reference",
            "Master Record ID",
            system=True,
            reference_to=["Lead"],
            relationship="MasterRecord",
        ),
        *_name_parts(),
        fld("Title", "string", "Title", length=128),
        fld("Company", "string", "Company", length=255, nillable=False),
        *_address("", ""),
        fld("Phone", "phone", "Phone"),
        fld("MobilePhone", "phone", "Mobile Phone"),
        fld("Fax", "phone", "Fax"),
        fld("Email", "email", "Email"),
        fld("Website", "url", "Website"),
        fld("Description", "textarea", "Description", length=32000),
        fld("LeadSource", "picklist", "Lead Source", picklist=_LEAD_SOURCE),
        fld(
            "Status",
            "picklist",
            "Status",
            picklist=_LEAD_STATUS,
            nillable=False,
            defaultedOnCreate=True,
        ),
        fld("Industry", "picklist", "Industry", picklist=_INDUSTRY),
        fld("Rating", "picklist", "Rating", picklist=("Hot", "Warm", "Cold")),
        fld("AnnualRevenue", "currency", "Annual Revenue", precision=18, scale=0),
        fld("NumberOfEmployees", "int", "Employees"),
        fld("HasOptedOutOfEmail", "boolean", "Email Opt Out"),
        _owner("Group", "User"),
        fld("IsConverted", "boolean", "Converted", updateable=False),
        fld("ConvertedDate", "date", "Converted Date", updateable=False),
        fld(
            "ConvertedAccountId",
            "reference",
            "Converted Account ID",
            updateable=False,
            reference_to=["Account"],
            relationship="ConvertedAccount",
        ),
        fld(
            "ConvertedContactId",
            "reference",
            "Converted Contact ID",
            updateable=False,
            reference_to=["Contact"],
            relationship="ConvertedContact",
        ),
        fld(
            "ConvertedOpportunityId",
            "reference",
            "Converted Opportunity ID",
            updateable=False,
            reference_to=["Opportunity"],
            relationship="ConvertedOpportunity",
        ),
        fld("IsUnreadByOwner", "boolean", "Unread By Owner"),
        *_audit(),
        fld("LastActivityDate", "date", "Last Activity", system=True),
        fld("EmailBouncedReason", "string", "Email Bounced Reason", length=255),
        fld("EmailBouncedDate", "datetime", "Email Bounced Date"),
        *marketo_fields(),
        fld(
            "Lead_Region__c",
            "string",
            "Lead Region",
            length=1300,
            formula="CASE(Country, 'Japan', 'APAC', 'EMEA')",
        ),
        fld("Internal_Notes__c", "textarea", "Internal Notes", length=32768, htmlFormatted=False),
        fld(
            "Legacy_CRM_Id__c",
            "string",
            "Legacy CRM Id",
            length=40,
            unique=True,
            externalId=True,
            idLookup=True,
        ),
        fld(
            "Primary_Product__c",
            "picklist",
            "Primary Product",
            picklist=("Analytics", "Automation", "Commerce"),
        ),
        *(fld(name, type_, label, **kw) for name, type_, label, kw in LEAD_MAPPING_FIELDS),
        *_viewed(),
        fld(
            "Enrichment_Vendor_Id__c",
            "string",
            "Enrichment Vendor Id",
            length=36,
            help="Written by the data-enrichment integration.",
        ),
        fld("Estimated_Deal_Size__c", "currency", "Estimated Deal Size", precision=16, scale=2),
    ]


def _contact() -> list[dict[str, Any]]:
    return [
        _id(),
        fld(
            "MasterRecordId",
            "reference",
            "Master Record ID",
            system=True,
            reference_to=["Contact"],
            relationship="MasterRecord",
        ),
        fld(
            "AccountId", "reference", "Account ID", reference_to=["Account"], relationship="Account"
        ),
        *_name_parts(),
        *_address("Mailing", "Mailing"),
        *_address("Other", "Other"),
        fld("Phone", "phone", "Business Phone"),
        fld("Fax", "phone", "Business Fax"),
        fld("MobilePhone", "phone", "Mobile Phone"),
        fld("Email", "email", "Email"),
        fld("Title", "string", "Title", length=128),
        fld("Department", "string", "Department", length=80),
        fld("LeadSource", "picklist", "Lead Source", picklist=_LEAD_SOURCE),
        fld("Birthdate", "date", "Birthdate"),
        fld("Description", "textarea", "Contact Description", length=32000),
        _owner(),
        fld("HasOptedOutOfEmail", "boolean", "Email Opt Out"),
        fld("DoNotCall", "boolean", "Do Not Call"),
        *_audit(),
        fld("LastActivityDate", "date", "Last Activity", system=True),
        fld("EmailBouncedReason", "string", "Email Bounced Reason", length=255),
        *marketo_fields(),
        fld("Bank_Account__c", "encryptedstring", "Bank Account", length=175, encrypted=True),
        fld("Notes__c", "textarea", "Notes", length=131072),
        fld(
            "Days_Since_Created__c",
            "double",
            "Days Since Created",
            precision=18,
            scale=0,
            formula="TODAY() - DATEVALUE(CreatedDate)",
        ),
        fld(
            "Preferred_Language__c",
            "picklist",
            "Preferred Language",
            picklist=("Japanese", "English"),
        ),
        *(fld(name, type_, label, **kw) for name, type_, label, kw in CONTACT_MAPPING_FIELDS),
        *_viewed(),
        fld(
            "ERP_Customer_Id__c",
            "string",
            "ERP Customer Id",
            length=20,
            unique=True,
            externalId=True,
            idLookup=True,
        ),
    ]


def _account() -> list[dict[str, Any]]:
    return [
        _id(),
        fld(
            "MasterRecordId",
            "reference",
            "Master Record ID",
            system=True,
            reference_to=["Account"],
            relationship="MasterRecord",
        ),
        fld("Name", "string", "Account Name", length=255, nillable=False),
        fld(
            "Type",
            "picklist",
            "Account Type",
            picklist=("Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other"),
        ),
        fld(
            "ParentId",
            "reference",
            "Parent Account ID",
            reference_to=["Account"],
            relationship="Parent",
        ),
        *_address("Billing", "Billing"),
        *_address("Shipping", "Shipping"),
        fld("Phone", "phone", "Account Phone"),
        fld("Fax", "phone", "Account Fax"),
        fld("AccountNumber", "string", "Account Number", length=40),
        fld("Website", "url", "Website"),
        fld("Sic", "string", "SIC Code", length=20),
        fld("Industry", "picklist", "Industry", picklist=_INDUSTRY),
        fld("AnnualRevenue", "currency", "Annual Revenue", precision=18, scale=0),
        fld("NumberOfEmployees", "int", "Employees"),
        fld(
            "Ownership",
            "picklist",
            "Ownership",
            picklist=("Public", "Private", "Subsidiary", "Other"),
        ),
        fld("TickerSymbol", "string", "Ticker Symbol", length=20),
        fld("Description", "textarea", "Account Description", length=32000),
        fld("Rating", "picklist", "Account Rating", picklist=("Hot", "Warm", "Cold")),
        fld("Site", "string", "Account Site", length=80),
        _owner(),
        *_audit(),
        fld("Customer_Tier__c", "picklist", "Customer Tier", picklist=("Gold", "Silver", "Bronze")),
        fld(
            "Integration_Sync_Hash__c",
            "string",
            "Integration Sync Hash",
            length=64,
            help="Written by the ERP integration.",
        ),
        fld("ARR__c", "currency", "ARR", precision=16, scale=2),
    ]


def _opportunity() -> list[dict[str, Any]]:
    return [
        _id(),
        fld(
            "AccountId", "reference", "Account ID", reference_to=["Account"], relationship="Account"
        ),
        fld("Name", "string", "Name", length=120, nillable=False),
        fld("Description", "textarea", "Description", length=32000),
        fld(
            "StageName",
            "picklist",
            "Stage",
            nillable=False,
            picklist=(
                "Prospecting",
                "Qualification",
                "Proposal/Price Quote",
                "Closed Won",
                "Closed Lost",
            ),
        ),
        fld("Amount", "currency", "Amount", precision=18, scale=2),
        fld("Probability", "percent", "Probability (%)", precision=3, scale=0),
        fld("CloseDate", "date", "Close Date", nillable=False),
        fld("Type", "picklist", "Opportunity Type", picklist=("New Business", "Existing Business")),
        fld("NextStep", "string", "Next Step", length=255),
        fld("LeadSource", "picklist", "Lead Source", picklist=_LEAD_SOURCE),
        fld("IsClosed", "boolean", "Closed", system=True),
        fld("IsWon", "boolean", "Won", system=True),
        fld(
            "ForecastCategoryName",
            "picklist",
            "Forecast Category",
            picklist=("Pipeline", "Best Case", "Commit", "Omitted", "Closed"),
        ),
        fld(
            "CampaignId",
            "reference",
            "Campaign ID",
            reference_to=["Campaign"],
            relationship="Campaign",
        ),
        _owner(),
        *_audit(),
        fld("Competitor__c", "string", "Competitor", length=100),
        fld(
            "ExpectedRevenue",
            "currency",
            "Expected Revenue",
            precision=18,
            scale=2,
            formula="Amount * Probability",
        ),
        fld("Discount_Amount__c", "currency", "Discount Amount", precision=16, scale=2),
        fld(
            "ERP_Order_Id__c",
            "string",
            "ERP Order Id",
            length=30,
            unique=True,
            externalId=True,
            idLookup=True,
        ),
        fld("Deal_Notes__c", "textarea", "Deal Notes", length=32768, htmlFormatted=True),
    ]


def _campaign() -> list[dict[str, Any]]:
    return [
        _id(),
        fld("Name", "string", "Name", length=80, nillable=False),
        fld(
            "ParentId",
            "reference",
            "Parent Campaign ID",
            reference_to=["Campaign"],
            relationship="Parent",
        ),
        fld(
            "Type",
            "picklist",
            "Type",
            picklist=("Webinar", "Trade Show", "Email", "Seminar / Conference"),
        ),
        fld(
            "Status",
            "picklist",
            "Status",
            picklist=("Planned", "In Progress", "Completed", "Aborted"),
        ),
        fld("StartDate", "date", "Start Date"),
        fld("EndDate", "date", "End Date"),
        fld("BudgetedCost", "currency", "Budgeted Cost in Campaign", precision=18, scale=0),
        fld("ActualCost", "currency", "Actual Cost in Campaign", precision=18, scale=0),
        fld("IsActive", "boolean", "Active"),
        fld("NumberOfLeads", "int", "Leads in Campaign", system=True),
        fld("NumberOfContacts", "int", "Contacts in Campaign", system=True),
        _owner(),
        *_audit(),
    ]


def _activity(kind: str) -> list[dict[str, Any]]:
    common = [
        _id(),
        fld("WhoId", "reference", "Name ID", reference_to=["Contact", "Lead"], relationship="Who"),
        fld(
            "WhatId",
            "reference",
            "Related To ID",
            reference_to=["Account", "Opportunity", "Campaign"],
            relationship="What",
        ),
        fld("Subject", "string", "Subject", length=255),
        fld("ActivityDate", "date", "Due Date Only" if kind == "Task" else "Date"),
        fld("Description", "textarea", "Description", length=32000),
        fld("Type", "picklist", "Type", picklist=("Call", "Email", "Meeting", "Other")),
        _owner(),
        *_audit(),
    ]
    if kind == "Event":
        return [
            *common,
            fld("Location", "string", "Location", length=255),
            fld("IsAllDayEvent", "boolean", "All-Day Event"),
            fld("ActivityDateTime", "datetime", "Due Date Time"),
            fld("DurationInMinutes", "int", "Duration"),
            fld("StartDateTime", "datetime", "Start Date Time"),
            fld("EndDateTime", "datetime", "End Date Time"),
        ]
    return [
        *common,
        fld(
            "Status",
            "picklist",
            "Status",
            picklist=("Not Started", "In Progress", "Completed"),
            nillable=False,
        ),
        fld("Priority", "picklist", "Priority", picklist=("High", "Normal", "Low"), nillable=False),
        fld("IsHighPriority", "boolean", "High Priority", system=True),
        fld("IsClosed", "boolean", "Closed", system=True),
        fld("TaskSubtype", "picklist", "Task Subtype", picklist=("Task", "Email", "Call")),
    ]


def _user() -> list[dict[str, Any]]:
    return [
        _id(),
        fld("Username", "string", "Username", length=80, nillable=False, unique=True),
        *_name_parts()[:2],
        fld("Name", "string", "Full Name", length=121, system=True),
        fld("Email", "email", "Email", nillable=False),
        fld("IsActive", "boolean", "Active"),
        fld(
            "UserType",
            "picklist",
            "User Type",
            system=True,
            picklist=("Standard", "PowerPartner", "CsnOnly"),
        ),
        fld(
            "ProfileId",
            "reference",
            "Profile ID",
            reference_to=["Profile"],
            relationship="Profile",
            nillable=False,
        ),
        fld(
            "UserRoleId", "reference", "Role ID", reference_to=["UserRole"], relationship="UserRole"
        ),
        fld("UserPermissionsMarketingUser", "boolean", "Marketing User"),
        fld("LastLoginDate", "datetime", "Last Login", system=True),
        fld("LastPasswordChangeDate", "datetime", "Last Password Change or Reset", system=True),
        fld(
            "TimeZoneSidKey",
            "picklist",
            "Time Zone",
            picklist=("Asia/Tokyo", "America/Los_Angeles"),
        ),
        fld("LanguageLocaleKey", "picklist", "Language", picklist=("ja", "en_US")),
        *_audit(),
    ]


def _organization() -> list[dict[str, Any]]:
    return [
        _id(),
        fld("Name", "string", "Name", length=80, system=True),
        fld(
            "OrganizationType",
            "picklist",
            "Edition",
            system=True,
            picklist=(
                "Professional Edition",
                "Enterprise Edition",
                "Unlimited Edition",
                "Developer Edition",
            ),
        ),
        fld("IsSandbox", "boolean", "Is Sandbox", system=True),
        fld("InstanceName", "string", "Instance Name", length=5, system=True),
        fld("TrialExpirationDate", "datetime", "Trial Expiration Date", system=True),
        fld("NamespacePrefix", "string", "Namespace Prefix", length=15, system=True),
        fld("LanguageLocaleKey", "picklist", "Language", system=True, picklist=("ja", "en_US")),
    ]


PERMISSION_FIELDS = (
    ("PermissionsApiEnabled", "API Enabled"),
    ("PermissionsModifyAllData", "Modify All Data"),
    ("PermissionsViewSetup", "View Setup and Configuration"),
    ("PermissionsPasswordNeverExpires", "Password Never Expires"),
    ("PermissionsConvertLeads", "Convert Leads"),
    ("PermissionsEditEvent", "Edit Events"),
    ("PermissionsEditTask", "Edit Tasks"),
    ("PermissionsEditHtmlTemplates", "Edit HTML Templates"),
    ("PermissionsEditPublicDocuments", "Manage Public Documents"),
    ("PermissionsEditPublicTemplates", "Manage Public Classic Email Templates"),
)


def _permission_set() -> list[dict[str, Any]]:
    return [
        _id(),
        fld("Name", "string", "Name", length=80),
        fld("Label", "string", "Label", length=80),
        fld("IsOwnedByProfile", "boolean", "Is Owned By Profile", system=True),
        fld(
            "ProfileId",
            "reference",
            "Profile ID",
            system=True,
            reference_to=["Profile"],
            relationship="Profile",
        ),
        *(fld(api, "boolean", label) for api, label in PERMISSION_FIELDS),
        *_audit(),
    ]


def _permission_set_assignment() -> list[dict[str, Any]]:
    return [
        _id(),
        fld(
            "AssigneeId", "reference", "Assignee ID", reference_to=["User"], relationship="Assignee"
        ),
        fld(
            "PermissionSetId",
            "reference",
            "Permission Set ID",
            reference_to=["PermissionSet"],
            relationship="PermissionSet",
        ),
        fld("SystemModstamp", "datetime", "System Modstamp", system=True),
    ]


def _product_interest() -> list[dict[str, Any]]:
    return [
        _id(),
        fld("Name", "string", "Product Interest Name", length=80),
        _owner(),
        fld("Lead__c", "reference", "Lead", reference_to=["Lead"], relationship="Lead__r"),
        fld(
            "Contact__c",
            "reference",
            "Contact",
            reference_to=["Contact"],
            relationship="Contact__r",
        ),
        fld("Product__c", "picklist", "Product", picklist=("Analytics", "Automation", "Commerce")),
        fld("Interest_Level__c", "double", "Interest Level", precision=3, scale=0),
        fld("Raw_Web_Payload__c", "textarea", "Raw Web Payload", length=131072),
        fld(
            "Days_Since_Interest__c",
            "double",
            "Days Since Interest",
            precision=18,
            scale=0,
            formula="TODAY() - DATEVALUE(CreatedDate)",
        ),
        fld("Tracking_Token__c", "encryptedstring", "Tracking Token", length=175, encrypted=True),
        *_audit(),
    ]


def _subscription() -> list[dict[str, Any]]:
    return [
        _id(),
        fld(
            "Name",
            "string",
            "Subscription Number",
            length=80,
            autoNumber=True,
            updateable=False,
            createable=False,
        ),
        fld(
            "Account__c",
            "reference",
            "Account",
            reference_to=["Account"],
            relationship="Account__r",
            nillable=False,
        ),
        fld("Renewal_Date__c", "date", "Renewal Date"),
        fld("Seats__c", "double", "Seats", precision=6, scale=0),
        *_audit(),
    ]


@dataclass(frozen=True)
class ObjectSchema:
    name: str
    label: str
    label_plural: str
    key_prefix: str
    fields: tuple[dict[str, Any], ...]
    createable: bool = True
    # Dotted relationship paths SOQL may select (e.g. Profile.Name on User).
    relationship_paths: frozenset[str] = field(default_factory=frozenset)

    @property
    def custom(self) -> bool:
        return self.name.endswith("__c")


_OBJECTS: tuple[tuple[str, str, str, str, Any, bool], ...] = (
    ("Lead", "Lead", "Leads", "00Q", _lead, True),
    ("Contact", "Contact", "Contacts", "003", _contact, True),
    ("Account", "Account", "Accounts", "001", _account, True),
    ("Opportunity", "Opportunity", "Opportunities", "006", _opportunity, True),
    ("Campaign", "Campaign", "Campaigns", "701", _campaign, True),
    ("Event", "Event", "Events", "00U", lambda: _activity("Event"), True),
    ("Task", "Task", "Tasks", "00T", lambda: _activity("Task"), True),
    ("User", "User", "Users", "005", _user, True),
    ("Organization", "Organization", "Organizations", "00D", _organization, False),
    ("PermissionSet", "Permission Set", "Permission Sets", "0PS", _permission_set, True),
    (
        "PermissionSetAssignment",
        "Permission Set Assignment",
        "Permission Set Assignments",
        "0Pa",
        _permission_set_assignment,
        True,
    ),
    (
        "Product_Interest__c",
        "Product Interest",
        "Product Interests",
        "a0B",
        _product_interest,
        True,
    ),
    ("Subscription__c", "Subscription", "Subscriptions", "a0C", _subscription, True),
)

_USER_PATHS = frozenset({"Profile.Name", "Profile.UserLicense.Name"})


@cache
def base_objects() -> dict[str, ObjectSchema]:
    """Every object as an administrator sees it."""
    return {
        name: ObjectSchema(
            name=name,
            label=label,
            label_plural=plural,
            key_prefix=prefix,
            fields=tuple(build()),
            createable=createable,
            relationship_paths=_USER_PATHS if name == "User" else frozenset(),
        )
        for name, label, plural, prefix, build, createable in _OBJECTS
    }


_BROKEN_MARKETO = {
    "Lead": {"missing": {"mkto71_Acquisition_Program__c", "mkto71_Acquisition_Program_Id__c"}},
    "Contact": {
        "missing": {"mkto71_Acquisition_Program__c"}
        | {
            f"mkto71_Inferred_{s}__c"
            for s in (
                "City",
                "Company",
                "Country",
                "Metropolitan_Area",
                "Phone_Area_Code",
                "Postal_Code",
                "State_Region",
            )
        },
    },
}


def _contact_score_as_text() -> dict[str, Any]:
    return fld("mkto71_Lead_Score__c", "string", "Score", length=10)


def _read_only(described: dict[str, Any]) -> dict[str, Any]:
    return {**described, "updateable": False, "createable": False}


@cache
def objects_for(spec: ScenarioSpec) -> dict[str, ObjectSchema]:
    """The objects as the scenario's sync user sees them (the describe is per user)."""
    result: dict[str, ObjectSchema] = {}
    for name, schema in base_objects().items():
        if name in spec.hidden_objects:
            continue
        if not spec.view_setup and name in {"PermissionSet", "PermissionSetAssignment"}:
            continue
        fields = list(schema.fields)
        if spec.marketo_fields_broken and name in _BROKEN_MARKETO:
            missing = _BROKEN_MARKETO[name]["missing"]
            fields = [f for f in fields if f["name"] not in missing]
            if name == "Contact":
                fields = [
                    _contact_score_as_text() if f["name"] == "mkto71_Lead_Score__c" else f
                    for f in fields
                ]
        read_only = name in spec.read_only_objects
        if read_only:
            fields = [_read_only(f) for f in fields]
        paths = schema.relationship_paths
        if not spec.view_setup:
            paths = paths - {"Profile.UserLicense.Name"}
        result[name] = ObjectSchema(
            name=name,
            label=schema.label,
            label_plural=schema.label_plural,
            key_prefix=schema.key_prefix,
            fields=tuple(fields),
            createable=schema.createable and not read_only,
            relationship_paths=paths,
        )
    return result


def describe_json(schema: ObjectSchema, version: str) -> dict[str, Any]:
    base = f"/services/data/v{version}/sobjects/{schema.name}"
    return {
        "name": schema.name,
        "label": schema.label,
        "labelPlural": schema.label_plural,
        "keyPrefix": schema.key_prefix,
        "custom": schema.custom,
        "customSetting": False,
        "queryable": True,
        "retrieveable": True,
        "searchable": True,
        "createable": schema.createable,
        "updateable": schema.createable,
        "deletable": schema.createable,
        "undeletable": schema.createable,
        "layoutable": True,
        "fields": list(schema.fields),
        "recordTypeInfos": [],
        "childRelationships": [],
        "urls": {"describe": f"{base}/describe", "sobject": base, "rowTemplate": f"{base}/{{ID}}"},
    }


def global_describe_json(objects: dict[str, ObjectSchema], version: str) -> dict[str, Any]:
    summaries = []
    for schema in objects.values():
        described = describe_json(schema, version)
        described.pop("fields")
        described.pop("recordTypeInfos")
        described.pop("childRelationships")
        summaries.append(described)
    return {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": summaries}


#: The objects a large org is padded on (the field-visibility audit's five objects).
PADDED_OBJECTS = ("Lead", "Contact", "Account", "Opportunity", "Product_Interest__c")

# What real orgs accumulate: integration ids, notes, formulas, money, picklists, flags.
_PADDING_KINDS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("Legacy_System_{n}_Id__c", "string", "Legacy System {n} Id", {"length": 40}),
    ("Notes_{n}__c", "textarea", "Notes {n}", {"length": 32768}),
    (
        "Days_Open_{n}__c",
        "double",
        "Days Open {n}",
        {"precision": 18, "formula": "TODAY() - DATEVALUE(CreatedDate)"},
    ),
    ("Revenue_{n}__c", "currency", "Revenue {n}", {"precision": 16, "scale": 2}),
    ("Region_{n}__c", "picklist", "Region {n}", {"picklist": ("APAC", "EMEA", "AMER")}),
    ("Opt_In_{n}__c", "boolean", "Opt In {n}", {}),
    ("Renewal_Date_{n}__c", "date", "Renewal Date {n}", {}),
    ("Tax_Number_{n}__c", "encryptedstring", "Tax Number {n}", {"length": 175, "encrypted": True}),
    ("Web_Visits_{n}__c", "double", "Web Visits {n}", {"precision": 9}),
    ("Segment_{n}__c", "string", "Segment {n}", {"length": 80}),
)


def _padding(count: int) -> list[dict[str, Any]]:
    fields = []
    for i in range(count):
        name, type_, label, kw = _PADDING_KINDS[i % len(_PADDING_KINDS)]
        n = f"{i + 1:03d}"
        fields.append(fld(name.format(n=n), type_, label.format(n=n), **dict(kw)))
    return fields


@cache
def padded_objects(spec: ScenarioSpec, fields_per_object: int) -> dict[str, ObjectSchema]:
    """The scenario's objects with :data:`PADDED_OBJECTS` grown to ``fields_per_object`` fields."""
    objects = dict(objects_for(spec))
    for name in PADDED_OBJECTS:
        schema = objects.get(name)
        if schema is None or len(schema.fields) >= fields_per_object:
            continue
        extra = _padding(fields_per_object - len(schema.fields))
        objects[name] = replace(schema, fields=(*schema.fields, *extra))
    return objects


def without_fields(
    objects: dict[str, ObjectSchema], hidden: frozenset[tuple[str, str]]
) -> dict[str, ObjectSchema]:
    """The objects as a user sees them whose profile hides these (object, field) pairs."""
    by_object: dict[str, set[str]] = {}
    for sobject, field_name in hidden:
        by_object.setdefault(sobject, set()).add(field_name)
    result = dict(objects)
    for sobject, names in by_object.items():
        schema = result.get(sobject)
        if schema is not None:
            kept = tuple(f for f in schema.fields if f["name"] not in names)
            result[sobject] = replace(schema, fields=kept)
    return result
