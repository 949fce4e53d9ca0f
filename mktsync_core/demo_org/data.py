"""The demo org's records, generated from a seed so every run shows the same org.

Duplicates are planted, not left to chance: an exact number of emails shared
by several leads (or contacts), in different letter case, and an exact number
of emails shared between a lead and a contact - the cases Marketo's sync does
not de-duplicate. Generation is plain Python over small lists, fast enough to
build a scenario's org on its first request.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from mktsync_core.demo_org.scenarios import Scenario, ScenarioSpec

Record = dict[str, Any]

_FIRST = (
    "Haruto",
    "Yui",
    "Sota",
    "Hina",
    "Ren",
    "Aoi",
    "Yuto",
    "Mei",
    "Daiki",
    "Sakura",
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Lucas",
)
_LAST = (
    "Sato",
    "Suzuki",
    "Takahashi",
    "Tanaka",
    "Watanabe",
    "Ito",
    "Yamamoto",
    "Nakamura",
    "Kobayashi",
    "Kato",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Miller",
)
_DOMAINS = ("example.com", "example.co.jp", "example.jp", "example.org", "example.net")
_COMPANIES = (
    "Sakura Manufacturing",
    "Fuji Analytics",
    "Kaze Retail",
    "Umi Logistics",
    "Hoshi Finance",
    "Mori Health",
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella KK",
)
_COUNTRIES = ("Japan", "Japan", "Japan", "United States", "Singapore", "Germany")
_STATUSES = ("Open - Not Contacted", "Working - Contacted", "Closed - Not Converted")
_SOURCES = ("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Seminar", "Other")


@dataclass(frozen=True)
class Volumes:
    leads: int
    lead_duplicate_groups: int
    contacts: int
    contact_duplicate_groups: int
    lead_contact_overlap: int


NORMAL = Volumes(
    leads=3000,
    lead_duplicate_groups=40,
    contacts=2000,
    contact_duplicate_groups=15,
    lead_contact_overlap=25,
)
# More duplicate groups than one aggregate page (2000) can return.
MANY = Volumes(
    leads=9000,
    lead_duplicate_groups=2300,
    contacts=3000,
    contact_duplicate_groups=400,
    lead_contact_overlap=600,
)


def volumes_for(spec: ScenarioSpec) -> Volumes:
    return MANY if spec.many_duplicates else NORMAL


def make_id(prefix: str, n: int) -> str:
    """An 18-character id with the object's real key prefix."""
    return f"{prefix}{n:012d}AAA"


def _case_variant(email: str, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return email
    if style == 1:
        return email.upper()
    local, _, domain = email.partition("@")
    return ".".join(p.capitalize() for p in local.split(".")) + "@" + domain


def _email(rng: random.Random, namespace: str, i: int) -> str:
    first, last = rng.choice(_FIRST).lower(), rng.choice(_LAST).lower()
    return f"{first}.{last}.{namespace}{i}@{rng.choice(_DOMAINS)}"


def _emails_with_duplicates(
    rng: random.Random, total: int, groups: int, namespace: str, shared: list[str]
) -> tuple[list[str | None], list[str]]:
    """``total`` emails with exactly ``groups`` duplicated ones, plus ``shared`` borrowed ones.

    Returns the shuffled list and the unique base emails (for others to borrow).
    """
    sizes = [2 if rng.random() < 0.7 else 3 for _ in range(groups)]
    extras = sum(sizes) - groups
    base_count = total - extras - len(shared)
    base = [_email(rng, namespace, i) for i in range(base_count)]
    sources = rng.sample(range(base_count), groups)
    no_email = set(rng.sample(sorted(set(range(base_count)) - set(sources)), base_count // 25))
    emails: list[str | None] = [None if i in no_email else e for i, e in enumerate(base)]
    for source, size in zip(sources, sizes, strict=True):
        emails.extend(_case_variant(base[source], rng) for _ in range(size - 1))
    emails.extend(_case_variant(e, rng) for e in shared)
    rng.shuffle(emails)
    with_email = [e for i, e in enumerate(base) if i not in no_email]
    return emails, with_email


def _person(rng: random.Random, email: str | None) -> Record:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return {
        "FirstName": first,
        "LastName": last,
        "Name": f"{first} {last}",
        "Email": email,
        "LeadSource": rng.choice(_SOURCES),
        "HasOptedOutOfEmail": rng.random() < 0.05,
        "IsDeleted": False,
        "CreatedDate": (
            f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            "T09:00:00.000+0000"
        ),
        "mkto71_Lead_Score__c": float(rng.randrange(0, 200, 5)),
    }


def _permission_values(spec: ScenarioSpec, admin: bool) -> Record:
    return {
        "PermissionsApiEnabled": True,
        "PermissionsModifyAllData": admin,
        "PermissionsViewSetup": admin or spec.view_setup,
        "PermissionsPasswordNeverExpires": admin,
        "PermissionsConvertLeads": True,
        "PermissionsEditEvent": True,
        "PermissionsEditTask": True,
        "PermissionsEditHtmlTemplates": True,
        "PermissionsEditPublicDocuments": True,
        "PermissionsEditPublicTemplates": True,
    }


def generate(spec: ScenarioSpec, seed: int) -> dict[str, list[Record]]:
    """All records of the scenario's org, keyed by object name."""
    index = list(Scenario).index(spec.scenario) + 1
    rng = random.Random(f"{seed}:{spec.scenario.value}")
    volumes = volumes_for(spec)
    owner_id = make_id("005", index * 10 + 2)
    sync_user_id = make_id("005", index * 10 + 1)

    lead_emails, lead_base = _emails_with_duplicates(
        rng, volumes.leads, volumes.lead_duplicate_groups, "l", []
    )
    shared = rng.sample(lead_base, volumes.lead_contact_overlap)
    contact_emails, _ = _emails_with_duplicates(
        rng, volumes.contacts, volumes.contact_duplicate_groups, "c", shared
    )
    accounts = [
        {
            "Id": make_id("001", i),
            "Name": f"{rng.choice(_COMPANIES)} {i}",
            "Type": rng.choice(("Prospect", "Customer - Direct", "Partner")),
            "BillingCountry": rng.choice(_COUNTRIES),
            "OwnerId": owner_id,
            "IsDeleted": False,
        }
        for i in range(400)
    ]
    leads = [
        {
            "Id": make_id("00Q", i),
            **_person(rng, email),
            "Company": rng.choice(_COMPANIES),
            "Status": rng.choice(_STATUSES),
            "Country": rng.choice(_COUNTRIES),
            "IsConverted": False,
            "OwnerId": owner_id,
        }
        for i, email in enumerate(lead_emails)
    ]
    contacts = [
        {
            "Id": make_id("003", i),
            **_person(rng, email),
            "AccountId": accounts[i % len(accounts)]["Id"],
            "MailingCountry": rng.choice(_COUNTRIES),
            "OwnerId": owner_id,
        }
        for i, email in enumerate(contact_emails)
    ]
    admin = spec.profile_name == "System Administrator"
    profile_ps, extra_ps = make_id("0PS", index * 10), make_id("0PS", index * 10 + 1)
    return {
        "Lead": leads,
        "Contact": contacts,
        "Account": accounts,
        "Opportunity": [
            {
                "Id": make_id("006", i),
                "Name": f"Deal {i}",
                "AccountId": accounts[i % 400]["Id"],
                "StageName": rng.choice(("Prospecting", "Qualification", "Closed Won")),
                "Amount": float(rng.randrange(10, 500) * 10_000),
                "OwnerId": owner_id,
            }
            for i in range(300)
        ],
        "Campaign": [
            {
                "Id": make_id("701", i),
                "Name": f"Webinar {2024 + i // 6}-{i % 6 + 1}",
                "Type": "Webinar",
                "Status": "Completed",
                "IsActive": True,
                "OwnerId": owner_id,
            }
            for i in range(12)
        ],
        "Event": [
            {
                "Id": make_id("00U", i),
                "Subject": "Meeting",
                "IsAllDayEvent": False,
                "OwnerId": owner_id,
            }
            for i in range(150)
        ],
        "Task": [
            {
                "Id": make_id("00T", i),
                "Subject": "Call",
                "Status": "Completed",
                "Priority": "Normal",
                "OwnerId": owner_id,
            }
            for i in range(400)
        ],
        "User": [
            {
                "Id": sync_user_id,
                "Username": spec.username,
                "FirstName": "Marketo",
                "LastName": "Sync",
                "Name": "Marketo Sync",
                "Email": "marketo-sync@example.com",
                "IsActive": True,
                "UserType": "Standard",
                "ProfileId": make_id("00e", index),
                "Profile.Name": spec.profile_name,
                "Profile.UserLicense.Name": "Salesforce",
                "UserPermissionsMarketingUser": spec.marketing_user,
            },
            {
                "Id": owner_id,
                "Username": f"admin@{spec.scenario.value.replace('_', '-')}.demo",
                "FirstName": "Hanako",
                "LastName": "Admin",
                "Name": "Hanako Admin",
                "Email": "admin@example.com",
                "IsActive": True,
                "UserType": "Standard",
                "ProfileId": make_id("00e", 99),
                "Profile.Name": "System Administrator",
                "Profile.UserLicense.Name": "Salesforce",
                "UserPermissionsMarketingUser": True,
            },
        ],
        "Organization": [
            {
                "Id": make_id("00D", index),
                "Name": spec.org_name,
                "OrganizationType": spec.organization_type,
                "IsSandbox": spec.is_sandbox,
                "InstanceName": "CS112" if spec.is_sandbox else "AP27",
                "TrialExpirationDate": None,
                "NamespacePrefix": None,
                "LanguageLocaleKey": "ja",
            }
        ],
        "PermissionSet": [
            {
                "Id": profile_ps,
                "Name": "X00e_profile",
                "Label": spec.profile_name,
                "IsOwnedByProfile": True,
                **_permission_values(spec, admin),
            },
            {
                "Id": extra_ps,
                "Name": "Marketo_Extras",
                "Label": "Marketo Extras",
                "IsOwnedByProfile": False,
                **{k: False for k in _permission_values(spec, admin)},
                "PermissionsPasswordNeverExpires": True,
            },
        ],
        "PermissionSetAssignment": [
            {
                "Id": make_id("0Pa", index * 10),
                "AssigneeId": sync_user_id,
                "PermissionSetId": profile_ps,
            },
            {
                "Id": make_id("0Pa", index * 10 + 1),
                "AssigneeId": sync_user_id,
                "PermissionSetId": extra_ps,
            },
        ],
        "Product_Interest__c": [
            {
                "Id": make_id("a0B", i),
                "Name": f"PI-{i:05d}",
                "Lead__c": leads[i]["Id"],
                "Product__c": rng.choice(("Analytics", "Automation", "Commerce")),
            }
            for i in range(200)
        ],
        "Subscription__c": [
            {"Id": make_id("a0C", i), "Name": f"SUB-{i:05d}", "Account__c": accounts[i]["Id"]}
            for i in range(80)
        ],
    }
