"""Marketo's fixed standard-field mappings, as the docs list them.

Source: marketo-domain.md §5a, paraphrasing Adobe's "Default Salesforce Field
Mapping" page (``AdobeDocs/marketo.en``,
``help/marketo/product-docs/crm-sync/salesforce-sync/sfdc-sync-details/default-salesforce-field-mapping.md``,
version 1ba9524b). The Japanese Marketo field names in the glossary
(``locales/labels/mapping.json``) come from the same page in
``AdobeDocs/marketo.ja-JP`` (version 15912eac), a machine translation: they
are display hints, never matched on. That page names Billing State's Marketo
field 請求国 (Billing Country), an obvious slip; the glossary says 請求先都道府県.

The docs give Salesforce *labels*; the API names here are Salesforce's
standard ones. "Lead Score" is no standard field: it is the ``mkto71_Lead_Score__c``
field of Step 1, which the Professional Edition Step 2 page also calls "Lead
Score" (see :mod:`mktsync_core.marketo_fields`).

Standard mappings cannot be edited in Marketo; the review shows them read-only.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mktsync_core.mapping.models import ACCOUNT, CONTACT, LEAD, ApiName

SCORE_API_NAME = "mkto71_Lead_Score__c"


class StandardMapping(BaseModel):
    """One fixed mapping: a Salesforce field and the Marketo field it feeds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sobject: ApiName
    api_name: ApiName
    doc_label: str
    # Glossary key of the Marketo field name (``map.mkto.*``).
    marketo: str


def _rows(sobject: str, rows: tuple[tuple[str, str, str], ...]) -> tuple[StandardMapping, ...]:
    return tuple(
        StandardMapping(sobject=sobject, api_name=api, doc_label=label, marketo=f"map.mkto.{key}")
        for api, label, key in rows
    )


STANDARD_MAPPINGS: tuple[StandardMapping, ...] = (
    *_rows(
        LEAD,
        (
            ("AnnualRevenue", "Annual Revenue", "annual_revenue"),
            ("City", "City", "city"),
            ("Company", "Company", "company_name"),
            ("ConvertedDate", "Converted Date", "sfdc_converted_date"),
            ("Country", "Country", "country"),
            ("CreatedDate", "Created Date", "sfdc_created_date"),
            ("Description", "Description", "person_notes"),
            ("Email", "Email", "email_address"),
            ("Fax", "Fax", "fax_number"),
            ("FirstName", "First Name", "first_name"),
            ("HasOptedOutOfEmail", "Email Opt Out", "unsubscribed"),
            ("Industry", "Industry", "industry"),
            ("IsConverted", "Converted", "sfdc_is_converted"),
            ("IsDeleted", "Deleted", "sfdc_is_deleted"),
            ("LastName", "Last Name", "last_name"),
            ("LeadSource", "Lead Source", "source"),
            (SCORE_API_NAME, "Lead Score", "score"),
            ("MobilePhone", "Mobile Phone", "mobile_phone_number"),
            ("NumberOfEmployees", "Employees", "num_employees"),
            ("Phone", "Phone", "phone_number"),
            ("PostalCode", "Zip/Postal Code", "postal_code"),
            ("Rating", "Rating", "rating"),
            ("Salutation", "Salutation", "salutation"),
            ("State", "State/Province", "state"),
            ("Status", "Status", "status"),
            ("Street", "Street", "address"),
            ("Title", "Title", "job_title"),
            ("Website", "Website", "website"),
        ),
    ),
    *_rows(
        CONTACT,
        (
            ("Birthdate", "Birthdate", "date_of_birth"),
            ("CreatedDate", "Created Date", "sfdc_created_date"),
            ("Description", "Contact Description", "person_notes"),
            ("Email", "Email", "email_address"),
            ("Fax", "Business Fax", "fax_number"),
            ("FirstName", "First Name", "first_name"),
            ("HasOptedOutOfEmail", "Email Opt Out", "unsubscribed"),
            ("IsDeleted", "Deleted", "sfdc_is_deleted"),
            ("LastName", "Last Name", "last_name"),
            ("LeadSource", "Lead Source", "source"),
            (SCORE_API_NAME, "Lead Score", "score"),
            ("MailingCity", "Mailing City", "city"),
            ("MailingCountry", "Mailing Country", "country"),
            ("MailingPostalCode", "Mailing Zip/Postal Code", "postal_code"),
            ("MailingState", "Mailing State/Province", "state"),
            ("MailingStreet", "Mailing Street", "address"),
            ("MobilePhone", "Mobile Phone", "mobile_phone_number"),
            ("Phone", "Business Phone", "phone_number"),
            ("Salutation", "Salutation", "salutation"),
            ("Title", "Title", "job_title"),
        ),
    ),
    *_rows(
        ACCOUNT,
        (
            ("AnnualRevenue", "Annual Revenue", "annual_revenue"),
            ("BillingCity", "Billing City", "billing_city"),
            ("BillingCountry", "Billing Country", "billing_country"),
            ("BillingPostalCode", "Billing Zip/Postal Code", "billing_postal_code"),
            ("BillingState", "Billing State/Province", "billing_state"),
            ("BillingStreet", "Billing Street", "billing_address"),
            ("Description", "Account Description", "company_notes"),
            ("Industry", "Industry", "industry"),
            ("IsDeleted", "Deleted", "sfdc_is_deleted"),
            ("Name", "Account Name", "company_name"),
            ("NumberOfEmployees", "Employees", "num_employees"),
            ("Phone", "Account Phone", "main_phone"),
            ("Sic", "SIC Code", "sic_code"),
            ("Site", "Account Site", "site"),
            ("Type", "Account Type", "sfdc_type"),
            ("Website", "Website", "website"),
        ),
    ),
)


def fixed_names(sobject: str) -> frozenset[str]:
    """API names of an object's fields whose mapping is fixed (lower-cased)."""
    return frozenset(m.api_name.lower() for m in STANDARD_MAPPINGS if m.sobject == sobject)
