"""Which Lead and Contact custom fields Marketo will merge, predicted from the describes.

Marketo's docs say only that it "merges similarly named custom fields on Lead
and Contact into a single Marketo field" and puts the rest in Unmapped Custom
Fields (marketo-domain.md §5); the exact rule is not published. The
prediction therefore pairs fields with the same API name first, then fields
whose labels (or API names) are nearly the same, and labels every proposed
pair with the reason, so the user can judge it against the real screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from difflib import SequenceMatcher

from mktsync_core.mapping.models import (
    CONTACT,
    LEAD,
    CustomFields,
    FieldKey,
    PairReason,
    ProposedPair,
)
from mktsync_core.mapping.standard import fixed_names
from mktsync_core.salesforce import FieldInfo, ObjectDescribe

#: Names at least this similar (difflib ratio of the normalised spellings) count as "similar".
SIMILARITY_THRESHOLD = 0.85
# Marketo's own fields of Step 1: Marketo maps them to its built-in fields, not as editable pairs.
MARKETO_PREFIX = "mkto71_"


def _editable(
    described: ObjectDescribe | None, hidden: Collection[FieldKey]
) -> dict[str, FieldInfo]:
    if described is None:
        return {}
    fixed = fixed_names(described.name)
    return {
        f.name: f
        for f in described.fields
        if f.custom
        and not f.name.lower().startswith(MARKETO_PREFIX)
        and f.name.lower() not in fixed
        and FieldKey(sobject=described.name, name=f.name) not in hidden
    }


def custom_fields(
    describes: Mapping[str, ObjectDescribe], hidden: Collection[FieldKey] = frozenset()
) -> CustomFields:
    """The custom fields whose Lead↔Contact mapping Marketo lets the user edit.

    Fields planned hidden are left out: Marketo will never see them.
    """
    return CustomFields(
        lead=_editable(describes.get(LEAD), hidden),
        contact=_editable(describes.get(CONTACT), hidden),
    )


def normalise(text: str) -> str:
    """A spelling for comparing names: width-folded, case-folded, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _stem(api_name: str) -> str:
    return normalise(api_name.removesuffix("__c"))


def _spellings(fields: Mapping[str, FieldInfo]) -> dict[str, tuple[str, str]]:
    return {name: (normalise(f.label), _stem(name)) for name, f in fields.items()}


def _similar(
    leads: Mapping[str, FieldInfo], contacts: Mapping[str, FieldInfo]
) -> dict[tuple[str, str], float]:
    """Every Lead/Contact pair whose labels or API names are at least similar enough.

    Quadratic in the number of fields: a length bound and difflib's cheap upper
    bound reject almost every pair before the real ratio is computed.
    """
    scores: dict[tuple[str, str], float] = {}
    lead_spellings = _spellings(leads)
    matcher = SequenceMatcher(autojunk=False)
    for contact, contact_spelling in _spellings(contacts).items():
        for which, b in enumerate(contact_spelling):
            if not b:
                continue
            matcher.set_seq2(b)
            for lead, lead_spelling in lead_spellings.items():
                a = lead_spelling[which]
                if not a or 2 * min(len(a), len(b)) < SIMILARITY_THRESHOLD * (len(a) + len(b)):
                    continue
                if a != b:
                    matcher.set_seq1(a)
                    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
                        continue
                score = 1.0 if a == b else matcher.ratio()
                if score >= SIMILARITY_THRESHOLD:
                    scores[lead, contact] = max(score, scores.get((lead, contact), 0.0))
    return scores


def predict_pairs(fields: CustomFields) -> tuple[ProposedPair, ...]:
    """The pairs Marketo is expected to propose, one Contact field per Lead field at most.

    Deterministic: same API names first, then the most similar names, ties by API name.
    """
    contact_by_lower = {name.lower(): name for name in fields.contact}
    pairs: list[ProposedPair] = []
    for lead in sorted(fields.lead):
        contact = contact_by_lower.get(lead.lower())
        if contact is not None:
            pairs.append(ProposedPair(lead=lead, contact=contact, reason=PairReason.SAME_API_NAME))
    taken_lead = {p.lead for p in pairs}
    taken_contact = {p.contact for p in pairs}
    similar = _similar(
        {k: v for k, v in fields.lead.items() if k not in taken_lead},
        {k: v for k, v in fields.contact.items() if k not in taken_contact},
    )
    for _, lead, contact in sorted((-score, lead, c) for (lead, c), score in similar.items()):
        if lead in taken_lead or contact in taken_contact:
            continue
        pairs.append(ProposedPair(lead=lead, contact=contact, reason=PairReason.SIMILAR_LABEL))
        taken_lead.add(lead)
        taken_contact.add(contact)
    return tuple(sorted(pairs, key=lambda p: p.lead))
