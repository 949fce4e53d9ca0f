"""Which Salesforce records to look for in Marketo: recent ones from the org, or pasted ids.

Marketo stores the 18-character Salesforce id; people often copy the
15-character one from a Salesforce URL, so pasted ids are converted (the
three extra characters encode the case of the first fifteen, Salesforce's
documented algorithm). Key prefixes tell leads (``00Q``) from contacts (``003``).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from mktsync_core.marketo.models import SalesforceSample
from mktsync_core.marketo_fields import SfObject
from mktsync_core.salesforce import SalesforceGateway, SfError

SAMPLE_SIZE = 5
MAX_PASTED = 50
_PREFIX = {"00Q": SfObject.LEAD, "003": SfObject.CONTACT}
_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_SEPARATORS = re.compile(r"[\s,;、，]+")
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def to_18(sf_id: str) -> str:
    """The 18-character form of a 15- or 18-character Salesforce id."""
    if len(sf_id) == 18:
        return sf_id
    suffix = ""
    for chunk in (sf_id[0:5], sf_id[5:10], sf_id[10:15]):
        bits = sum(1 << i for i, ch in enumerate(chunk) if "A" <= ch <= "Z")
        suffix += _SUFFIX_CHARS[bits]
    return sf_id + suffix


class PastedIds(BaseModel):
    model_config = ConfigDict(frozen=True)

    sample: SalesforceSample
    rejected: tuple[str, ...] = ()
    truncated: bool = False


def parse_pasted_ids(text: str) -> PastedIds:
    """Lead and contact ids in free text (one per line, or separated by commas or spaces)."""
    leads: list[str] = []
    contacts: list[str] = []
    rejected: list[str] = []
    truncated = False
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        sobject = _PREFIX.get(token[:3]) if _ID.match(token) else None
        if sobject is None:
            rejected.append(token)
            continue
        bucket = leads if sobject is SfObject.LEAD else contacts
        full = to_18(token)
        if full in bucket:
            continue
        if len(leads) + len(contacts) >= MAX_PASTED:
            truncated = True
            break
        bucket.append(full)
    return PastedIds(
        sample=SalesforceSample(lead_ids=tuple(leads), contact_ids=tuple(contacts)),
        rejected=tuple(rejected),
        truncated=truncated,
    )


# Converted leads are not looked up as leads: Marketo holds them as contacts.
_RECENT = {
    SfObject.LEAD: "SELECT Id FROM Lead WHERE IsConverted = false ORDER BY CreatedDate DESC"
    " LIMIT {n}",
    SfObject.CONTACT: "SELECT Id FROM Contact ORDER BY CreatedDate DESC LIMIT {n}",
}


def recent_ids(gateway: SalesforceGateway, size: int = SAMPLE_SIZE) -> SalesforceSample | SfError:
    """The newest ``size`` leads and contacts the sync user can see (2 API calls).

    The newest records are the strictest test: an initial sync that is still
    running, or a sync that stopped, misses them first.
    """
    found: dict[SfObject, tuple[str, ...]] = {}
    for sobject, soql in _RECENT.items():
        result = gateway.query(soql.format(n=size), max_pages=1)
        if isinstance(result, SfError):
            return result
        found[sobject] = tuple(to_18(str(r["Id"])) for r in result.records)
    return SalesforceSample(lead_ids=found[SfObject.LEAD], contact_ids=found[SfObject.CONTACT])
