"""What the Marketo-side verification looks for, and what it found.

The field mapping assumed between Salesforce API names and Marketo REST names
(Marketo REST "Standard Fields" list; domain brief §1 and §5a):

* The ``mkto71_*`` fields created in Salesforce are the Salesforce side of
  fields Marketo already has. Marketo syncs them into its own standard
  fields: Score ``leadScore``, Acquisition Date ``mktoAcquisitionDate``,
  Acquisition Program and Acquisition Program Id ``acquisitionProgramId``
  (Marketo keeps one acquisition-program field; the API gives its id),
  Original * ``original*`` and Inferred * ``inferred*`` (camelCase of the
  label).
* Standard fields map as in the default mapping (Email ``email``, First
  Name ``firstName``, Last Name ``lastName``, Company ``company``).
* Any other Salesforce custom field appears in Marketo under its Salesforce
  API name (``Product_Interest__c``), so a field counts as present when the
  describe lists either its Marketo counterpart or its Salesforce API name
  (case-insensitive). That keeps the check right whichever form an instance uses.
* The sync's own read-only fields ``sfdcType``, ``sfdcLeadId`` and
  ``sfdcContactId`` exist only once the instance is connected to Salesforce;
  sampled records are looked up by the last two.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field

from mktsync_core.marketo_fields import MARKETO_FIELDS, SfObject, Tier
from mktsync_core.models import utcnow


class FieldKind(StrEnum):
    """Why the field is checked: a Step 1 field (by tier), a standard field, a sync field."""

    RECOMMENDED = "recommended"
    OPTIONAL = "optional"
    STANDARD = "standard"
    SYNC = "sync"


class FieldPair(BaseModel):
    model_config = ConfigDict(frozen=True)

    sf_api_name: str | None
    marketo_name: str
    kind: FieldKind


_MKTO71_MARKETO_NAMES = {
    "mkto71_Lead_Score": "leadScore",
    "mkto71_Acquisition_Date": "mktoAcquisitionDate",
    "mkto71_Acquisition_Program": "acquisitionProgramId",
    "mkto71_Acquisition_Program_Id": "acquisitionProgramId",
    "mkto71_Original_Referrer": "originalReferrer",
    "mkto71_Original_Search_Engine": "originalSearchEngine",
    "mkto71_Original_Search_Phrase": "originalSearchPhrase",
    "mkto71_Original_Source_Info": "originalSourceInfo",
    "mkto71_Original_Source_Type": "originalSourceType",
    "mkto71_Inferred_City": "inferredCity",
    "mkto71_Inferred_Company": "inferredCompany",
    "mkto71_Inferred_Country": "inferredCountry",
    "mkto71_Inferred_Metropolitan_Area": "inferredMetropolitanArea",
    "mkto71_Inferred_Phone_Area_Code": "inferredPhoneAreaCode",
    "mkto71_Inferred_Postal_Code": "inferredPostalCode",
    "mkto71_Inferred_State_Region": "inferredStateRegion",
}

SFDC_TYPE = "sfdcType"
SFDC_LEAD_ID = "sfdcLeadId"
SFDC_CONTACT_ID = "sfdcContactId"

#: Every field the verification looks for, in display order.
SYNCED_FIELDS: tuple[FieldPair, ...] = (
    *(
        FieldPair(sf_api_name=sf, marketo_name=mkto, kind=FieldKind.STANDARD)
        for sf, mkto in (
            ("Email", "email"),
            ("FirstName", "firstName"),
            ("LastName", "lastName"),
            ("Company", "company"),
        )
    ),
    *(
        FieldPair(
            sf_api_name=f.api_name,
            marketo_name=_MKTO71_MARKETO_NAMES[f.field_name],
            kind=FieldKind.RECOMMENDED if f.tier is Tier.RECOMMENDED else FieldKind.OPTIONAL,
        )
        for f in MARKETO_FIELDS
    ),
    *(
        FieldPair(sf_api_name=None, marketo_name=name, kind=FieldKind.SYNC)
        for name in (SFDC_TYPE, SFDC_LEAD_ID, SFDC_CONTACT_ID)
    ),
)

#: The Marketo field that holds each object's Salesforce id (the lookup filterType).
ID_FIELD: dict[SfObject, str] = {SfObject.LEAD: SFDC_LEAD_ID, SfObject.CONTACT: SFDC_CONTACT_ID}


class LeadField(BaseModel):
    """One field of Marketo's lead describe that the REST API can use."""

    model_config = ConfigDict(frozen=True)

    name: str
    display_name: str
    data_type: str
    length: int | None = None


class FieldFinding(BaseModel):
    model_config = ConfigDict(frozen=True)

    pair: FieldPair
    found_as: str | None

    @property
    def present(self) -> bool:
        return self.found_as is not None


def find_fields(described: Iterable[LeadField]) -> tuple[FieldFinding, ...]:
    """Each synced field, and the Marketo REST name it was found under."""
    by_lower = {f.name.lower(): f.name for f in described}
    findings = []
    for pair in SYNCED_FIELDS:
        names = (pair.marketo_name, pair.sf_api_name or "")
        found = next((by_lower[n.lower()] for n in names if n and n.lower() in by_lower), None)
        findings.append(FieldFinding(pair=pair, found_as=found))
    return tuple(findings)


class SalesforceSample(BaseModel):
    """Salesforce ids (18 characters) to look up in Marketo."""

    model_config = ConfigDict(frozen=True)

    lead_ids: tuple[str, ...] = ()
    contact_ids: tuple[str, ...] = ()

    def ids(self, sobject: SfObject) -> tuple[str, ...]:
        return self.lead_ids if sobject is SfObject.LEAD else self.contact_ids


class RecordFinding(BaseModel):
    """One sampled Salesforce record, and the Marketo person it arrived as (if it did)."""

    model_config = ConfigDict(frozen=True)

    sf_id: str
    sf_object: SfObject
    marketo_id: int | None = None
    sfdc_type: str | None = None

    @property
    def arrived(self) -> bool:
        return self.marketo_id is not None


class MarketoCalls(BaseModel):
    """Marketo traffic of one verification.

    ``api_calls`` counts the successful REST calls, the ones Marketo charges
    to the daily quota (calls refused with an error code are not charged);
    ``round_trips`` includes retries, refusals and token requests.
    """

    round_trips: int = 0
    api_calls: int = 0
    auth_requests: int = 0


class Verdict(StrEnum):
    SYNCED = "synced"
    PARTLY_SYNCED = "partly_synced"
    NOT_SYNCED = "not_synced"
    FIELDS_ONLY = "fields_only"


class SyncVerification(BaseModel):
    """The evidence that Salesforce data reached Marketo: safe to show, save and export."""

    model_config = ConfigDict(frozen=True)

    munchkin_id: str
    fields: tuple[FieldFinding, ...]
    records: tuple[RecordFinding, ...]
    calls: MarketoCalls
    checked_at: datetime = Field(default_factory=utcnow)

    @property
    def missing_fields(self) -> tuple[FieldFinding, ...]:
        return tuple(f for f in self.fields if not f.present)

    @property
    def missing_records(self) -> tuple[RecordFinding, ...]:
        return tuple(r for r in self.records if not r.arrived)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> Verdict:
        if self.records and len(self.missing_records) == len(self.records):
            return Verdict.NOT_SYNCED
        if self.missing_records or self.missing_fields:
            return Verdict.PARTLY_SYNCED
        return Verdict.SYNCED if self.records else Verdict.FIELDS_ONLY
