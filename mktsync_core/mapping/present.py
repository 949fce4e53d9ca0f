"""The review in the user's language: the editor's table, the standard table, the action list.

The action list is phrased for Marketo's mapping screen with its own labels
(glossary ``mkto.*``), because the user performs it there, by hand, after
Confirm Credentials.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from mktsync_core.i18n import Lang, plain_label, t
from mktsync_core.mapping.models import DroppedEdit, EditKind, MappingEdit
from mktsync_core.mapping.review import Final, MappingReview
from mktsync_core.mapping.validate import compatible, named, shape
from mktsync_core.salesforce import FieldInfo

#: The editor's columns; ``contact`` and ``break`` are the editable ones.
EDITOR_COLUMNS = ("lead", "proposed", "break", "contact", "compatible", "warnings")
NONE = "—"


def field_text(field: FieldInfo | None, api_name: str) -> str:
    """How a field is named to the user: its label with the API name, which never changes."""
    return api_name if field is None else named(field)


def _lead_text(review: MappingReview, name: str) -> str:
    return field_text(review.fields.lead.get(name), name)


def _contact_text(review: MappingReview, name: str | None) -> str:
    return NONE if name is None else field_text(review.fields.contact.get(name), name)


def _separator(lang: Lang) -> str:
    return "、" if lang == "ja" else ", "


def compatible_contacts(review: MappingReview, lead: str, limit: int = 5) -> list[str]:
    """Up to ``limit`` unmapped Contact fields that could take this Lead field without a warning."""
    field = review.fields.lead[lead]
    found: list[str] = []
    for contact in review.unmapped_contact:
        if compatible(field, review.fields.contact[contact]):
            found.append(contact)
            if len(found) == limit:
                break
    return found


def editor_frame(review: MappingReview, lang: Lang) -> pd.DataFrame:
    """One row per editable Lead custom field, indexed by API name (stable across reruns)."""
    proposed = review.proposed
    by_lead: dict[str, list[str]] = {}
    for warning in review.warnings:
        by_lead.setdefault(warning.lead, []).append(warning.short(lang))
    rows = []
    for lead, contact in review.final.items():
        before = proposed.get(lead)
        broken = before is not None and contact is None
        compatible = compatible_contacts(review, lead) if contact is None else []
        rows.append(
            {
                "lead": _lead_text(review, lead),
                "proposed": _contact_text(review, before),
                "break": broken,
                "contact": before if broken else contact,
                "compatible": _separator(lang).join(_contact_text(review, c) for c in compatible),
                "warnings": _separator(lang).join(dict.fromkeys(by_lead.get(lead, []))),
            }
        )
    frame = pd.DataFrame(rows, columns=list(EDITOR_COLUMNS), index=list(review.final))
    frame["break"] = frame["break"].astype(bool)
    frame["contact"] = frame["contact"].astype(object)
    return frame


def contact_options(review: MappingReview) -> list[str]:
    return sorted(review.fields.contact, key=lambda c: review.fields.contact[c].label.casefold())


def contact_option_text(review: MappingReview) -> Callable[[str | int | float | bool], str]:
    """The selectbox's ``format_func``: label, API name and type of each Contact field."""
    texts = {
        c: f"{_contact_text(review, c)} · {shape(f)}" for c, f in review.fields.contact.items()
    }
    return lambda name: texts.get(str(name), str(name))


def _cell(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def final_from_editor(review: MappingReview, edited: pd.DataFrame) -> Final:
    """Each Lead field's partner as the editor shows it: a ticked break means unmapped."""
    final: Final = {}
    for lead, row in edited.iterrows():
        contact = _cell(row["contact"])
        valid = isinstance(contact, str) and contact in review.fields.contact
        final[str(lead)] = None if bool(_cell(row["break"])) or not valid else str(contact)
    return final


def standard_frame(review: MappingReview, lang: Lang) -> pd.DataFrame:
    """The fixed mappings, read-only: Salesforce field (as the org labels it), Marketo field."""
    rows = [
        {
            "object": t(f"mapping.object.{row.mapping.sobject}", lang),
            "salesforce": field_text(row.field, row.mapping.api_name)
            if row.field is not None
            else f"{row.mapping.doc_label} ({row.mapping.api_name})",
            "marketo": plain_label(row.mapping.marketo, lang),
            "status": t(f"mapping.standard.{row.status}", lang),
        }
        for row in review.standard
    ]
    return pd.DataFrame(rows, columns=["object", "salesforce", "marketo", "status"])


def _edit_text(review: MappingReview, edit: MappingEdit, lang: Lang, key: str) -> str:
    return t(
        key,
        lang,
        lead=_lead_text(review, edit.lead),
        contact=_contact_text(review, edit.contact),
    )


def actions(review: MappingReview, lang: Lang) -> list[str]:
    """What to do in Marketo's mapping screen, step by step, with its labels."""
    edits = review.plan.edits
    if not edits:
        return [t("mapping.action.none", lang)]
    steps = [t("mapping.action.open", lang)]
    steps += [_edit_text(review, e, lang, f"mapping.action.{e.kind}") for e in edits]
    steps.append(t("mapping.action.finish", lang))
    return steps


def dropped_text(review: MappingReview, dropped: DroppedEdit, lang: Lang) -> str:
    edit = _edit_text(review, dropped.edit, lang, f"mapping.edit.{dropped.edit.kind}")
    return t(f"mapping.dropped.{dropped.reason}", lang, edit=edit)


def edit_summary(review: MappingReview, lang: Lang) -> str:
    counts = {kind: sum(e.kind is kind for e in review.plan.edits) for kind in EditKind}
    return t(
        "mapping.edits.summary",
        lang,
        n=len(review.plan.edits),
        breaks=counts[EditKind.BREAK],
        pairs=counts[EditKind.PAIR],
    )
