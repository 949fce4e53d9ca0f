"""Which Salesforce fields already have a Marketo field, per Adobe's default-mapping page.

Source: ``marketo-domain.md`` §5a, "Default (fixed) standard-field mappings"
([default-map], ``SS/sfdc-sync-details/default-salesforce-field-mapping.md``).
The list itself lives once, in :data:`mktsync_core.mapping.standard.STANDARD_MAPPINGS`
(the mapping review shows the same rows read-only); this module keys it the way the
audit asks, by object and API name, with the English Marketo field name from the
glossary, so the audit and the review can never disagree about which fields are fixed.

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

from mktsync_core.i18n import glossary
from mktsync_core.mapping.standard import STANDARD_MAPPINGS


def _default_mappings() -> dict[str, dict[str, str]]:
    # English names, not the user's language: the audit's ``mapped_to`` column is data
    # (saved in the progress, compared in tests), and Marketo's API names are English.
    labels = glossary()
    out: dict[str, dict[str, str]] = {}
    for m in STANDARD_MAPPINGS:
        out.setdefault(m.sobject, {})[m.api_name] = labels[m.marketo]["en"]
    return out


#: Salesforce object -> {field API name: Marketo field it maps to} (marketo-domain.md §5a).
DEFAULT_MAPPINGS: dict[str, dict[str, str]] = _default_mappings()

#: The read-only Marketo system field every synced record's Id is kept in (§5a).
RECORD_ID_FIELD = "Id"
RECORD_ID_MARKETO_FIELD = "SFDC Id"


def marketo_field_for(sobject: str, field: str) -> str | None:
    """The existing Marketo field a Salesforce field maps to, or None if the doc names none."""
    if field == RECORD_ID_FIELD:
        return RECORD_ID_MARKETO_FIELD
    return DEFAULT_MAPPINGS.get(sobject, {}).get(field)
