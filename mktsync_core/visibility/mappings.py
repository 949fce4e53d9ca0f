"""Which Salesforce fields already have a Marketo field, per Adobe's default-mapping page.

Source: ``marketo-domain.md`` §5a, "Default (fixed) standard-field mappings"
([default-map], ``SS/sfdc-sync-details/default-salesforce-field-mapping.md``).
The table below is that list, keyed by the Salesforce API name of each field
the doc names by its label (Salesforce platform knowledge: "Zip/Postal Code" is
``PostalCode``, "Employees" is ``NumberOfEmployees``, "SIC Code" is ``Sic``,
"Converted" is ``IsConverted``, "Deleted" is ``IsDeleted``, …).

Where the doc is unclear, and what the app does about it (always the choice
that can only *over*-state how many fields become permanent, because the user
acknowledges that number before an irreversible click):

* **Opportunity**: the doc says custom Opportunity fields sync, but lists no
  standard Opportunity mapping at all. Every visible Opportunity field is
  therefore counted as one Sync Fields may create.
* **Lead Score → Score**: the doc's "Lead Score" is the ``mkto71_Lead_Score__c``
  field of Step 1 (the PE Step 2 page calls it "Lead Score", Step 1 "Score";
  §1, trap list). The other ``mkto71_*`` fields are Salesforce homes for
  Marketo's own fields, but the mapping page does not list them, so they are
  counted as new fields (they still must stay visible).
* **Record Id**: the doc lists "SFDC Id" among Marketo's read-only system
  fields (the 18-character Salesforce Id), not in the mapping table. The app
  assumes each object's ``Id`` is kept there and never becomes a field of its own.
* **Compound fields** (``Name`` of a person, ``Address``, ``MailingAddress``,
  ``BillingAddress``, …): the doc maps their parts (First Name, Street, City, …)
  and never mentions the compound value. The app assumes it is not a field of
  its own in Marketo; its parts are classified one by one.
* **Custom objects**: their fields reach Marketo through custom-object sync,
  which is enabled separately ([co-enable]); the doc does not say whether Sync
  Fields creates them. They are counted as new.
"""

from __future__ import annotations

#: Salesforce object -> {field API name: Marketo field it maps to} (marketo-domain.md §5a).
DEFAULT_MAPPINGS: dict[str, dict[str, str]] = {
    "Lead": {
        "AnnualRevenue": "Annual Revenue",
        "City": "City",
        "Company": "Company Name",
        "ConvertedDate": "SFDC Converted Date",
        "Country": "Country",
        "CreatedDate": "SFDC Created Date",
        "Description": "Person Notes",
        "Email": "Email Address",
        "Fax": "Fax Number",
        "FirstName": "First Name",
        "HasOptedOutOfEmail": "Unsubscribed",
        "Industry": "Industry",
        "IsConverted": "SFDC Is Converted",
        "IsDeleted": "SFDC Is Deleted",
        "LastName": "Last Name",
        "LeadSource": "Source",
        "mkto71_Lead_Score__c": "Score",
        "MobilePhone": "Mobile Phone Number",
        "NumberOfEmployees": "Num Employees",
        "Phone": "Phone Number",
        "PostalCode": "Postal Code",
        "Rating": "Rating",
        "Salutation": "Salutation",
        "State": "State",
        "Status": "Status",
        "Street": "Address",
        "Title": "Job Title",
        "Website": "Website",
    },
    "Contact": {
        "Birthdate": "Date of Birth",
        "CreatedDate": "SFDC Created Date",
        "Description": "Person Notes",
        "Email": "Email Address",
        "Fax": "Fax Number",
        "FirstName": "First Name",
        "HasOptedOutOfEmail": "Unsubscribed",
        "IsDeleted": "SFDC Is Deleted",
        "LastName": "Last Name",
        "LeadSource": "Source",
        "mkto71_Lead_Score__c": "Score",
        "MailingCity": "City",
        "MailingCountry": "Country",
        "MailingPostalCode": "Postal Code",
        "MailingState": "State",
        "MailingStreet": "Address",
        "MobilePhone": "Mobile Phone Number",
        "Phone": "Phone Number",
        "Salutation": "Salutation",
        "Title": "Job Title",
    },
    "Account": {
        "AnnualRevenue": "Annual Revenue",
        "BillingCity": "Billing City",
        "BillingCountry": "Billing Country",
        "BillingPostalCode": "Billing Postal Code",
        "BillingState": "Billing State",
        "BillingStreet": "Billing Address",
        "Description": "Company Notes",
        "Industry": "Industry",
        "IsDeleted": "SFDC Is Deleted",
        "Name": "Company Name",
        "NumberOfEmployees": "Num Employees",
        "Phone": "Main Phone",
        "Sic": "SIC Code",
        "Site": "Site",
        "Type": "SFDC Type",
        "Website": "Website",
    },
}

#: The read-only Marketo system field every synced record's Id is kept in (§5a).
RECORD_ID_FIELD = "Id"
RECORD_ID_MARKETO_FIELD = "SFDC Id"


def marketo_field_for(sobject: str, field: str) -> str | None:
    """The existing Marketo field a Salesforce field maps to, or None if the doc names none."""
    if field == RECORD_ID_FIELD:
        return RECORD_ID_MARKETO_FIELD
    return DEFAULT_MAPPINGS.get(sobject, {}).get(field)
