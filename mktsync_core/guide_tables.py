"""The guide's tables, as pandas DataFrames in the user's language.

Each table is a function of the language; column headers and fixed cell words
come from the catalogs (``table.*`` keys), UI labels from the glossary, and the
field facts from :mod:`mktsync_core.marketo_fields`. All tables have the same
shape in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from mktsync_core.i18n import Lang, glossary, plain_label, t
from mktsync_core.marketo_fields import (
    EMAIL_OPT_OUT_API_NAME,
    MARKETO_FIELDS,
    OPTIONAL_FIELDS,
    RECOMMENDED_FIELDS,
    DataType,
    MarketoField,
    SfObject,
    Tier,
)


def _word(key: str, lang: Lang) -> str:
    """A glossary label in the user's language only (for data types and objects in cells)."""
    return glossary()[key][lang]


def _frame(lang: Lang, columns: Iterable[str], rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[t(f"table.col.{c}", lang) for c in columns])


_TYPE_KEY = {
    DataType.NUMBER: "sf.type_number",
    DataType.TEXT: "sf.type_text",
    DataType.DATETIME: "sf.type_datetime",
}
_OBJECT_KEY = {SfObject.LEAD: "sf.lead", SfObject.CONTACT: "sf.contact"}


def _list_sep(lang: Lang) -> str:
    return "、" if lang == "ja" else ", "


def _attributes(field: MarketoField, lang: Lang) -> str:
    parts: list[str] = []
    if field.length is not None:
        parts.append(f"{_word('sf.length', lang)} {field.length}")
    if field.decimal_places is not None:
        parts.append(f"{_word('sf.decimal_places', lang)} {field.decimal_places}")
    return _list_sep(lang).join(parts) if parts else "–"


def _objects(field: MarketoField, lang: Lang) -> str:
    return _list_sep(lang).join(_word(_OBJECT_KEY[o], lang) for o in field.objects)


_FIELD_COLUMNS = (
    "label_en",
    "label_ja",
    "field_name",
    "api_name",
    "data_type",
    "attributes",
    "objects",
)


def _field_rows(fields: Iterable[MarketoField], lang: Lang) -> list[list[str]]:
    return [
        [
            f.label_en,
            f.label_ja,
            f.field_name,
            f.api_name,
            _word(_TYPE_KEY[f.data_type], lang),
            _attributes(f, lang),
            _objects(f, lang),
        ]
        for f in fields
    ]


def recommended_fields(lang: Lang) -> pd.DataFrame:
    """Step 1: the three fields Marketo recommends creating on Lead and Contact."""
    return _frame(lang, _FIELD_COLUMNS, _field_rows(RECOMMENDED_FIELDS, lang))


def optional_fields(lang: Lang) -> pd.DataFrame:
    """Step 1: the additional fields you may create the same way."""
    return _frame(lang, _FIELD_COLUMNS, _field_rows(OPTIONAL_FIELDS, lang))


def _tier(field: MarketoField, lang: Lang) -> str:
    key = "recommended" if field.tier is Tier.RECOMMENDED else "optional"
    return t(f"table.value.{key}", lang)


def _field_label(field: MarketoField, lang: Lang) -> str:
    return f"{field.label_ja}（{field.label_en}）" if lang == "ja" else field.label_en


def lead_contact_mapping(lang: Lang) -> pd.DataFrame:
    """Step 1, Map Lead Fields: each Lead field maps to its Contact twin of the same API name."""
    rows = [[_field_label(f, lang), f.api_name, f.api_name, _tier(f, lang)] for f in MARKETO_FIELDS]
    return _frame(lang, ("label", "lead_field", "contact_field", "tier"), rows)


def pe_layout_fields(lang: Lang) -> pd.DataFrame:
    """PE Step 2: the fields to put in the "Marketo" section of the Lead and Contact layouts.

    The order is the docs' (alphabetical by the layout's English label); the
    docs' list starts with Acquisition Date, which sub-step 5 drags first.
    """
    rows: list[tuple[str, list[str]]] = []
    for f in MARKETO_FIELDS:
        note = t("table.value.if_created", lang) if f.tier is Tier.OPTIONAL else ""
        if f.layout_label_en and f.layout_label_en != f.label_en:
            extra = t("table.value.score_label", lang)
            note = f"{note}{_list_sep(lang)}{extra}" if note else extra
        label = f"{f.label_ja}（{f.page_layout_label}）" if lang == "ja" else f.page_layout_label
        rows.append((f.page_layout_label, [label, f.api_name, note or "–"]))
    opt_out = plain_label("sf.email_opt_out", lang)
    standard = t("table.value.standard_field", lang)
    rows.append(("Email Opt Out", [opt_out, EMAIL_OPT_OUT_API_NAME, standard]))
    rows.sort(key=lambda r: r[0])
    return _frame(lang, ("label", "api_name", "note"), [r for _, r in rows])


def ee_profile_permissions(lang: Lang) -> pd.DataFrame:
    """EE/UE Step 2: what to enable on the "Marketo-Salesforce Sync" profile."""
    enabled = t("table.value.enabled", lang)
    crud = _list_sep(lang).join(
        _word(k, lang) for k in ("sf.read", "sf.create", "sf.edit", "sf.delete")
    )
    rows: list[list[str]] = []
    admin = plain_label("sf.administrative_permissions", lang)
    for key in (
        "sf.api_enabled",
        "sf.edit_html_templates",
        "sf.manage_public_documents",
        "sf.manage_public_templates",
    ):
        rows.append([admin, plain_label(key, lang), enabled, "–"])
    rows.append(
        [
            admin,
            plain_label("sf.password_never_expires", lang),
            enabled,
            t("table.value.tip_password", lang),
        ]
    )
    general = plain_label("sf.general_user_permissions", lang)
    for key in ("sf.convert_leads", "sf.edit_events", "sf.edit_tasks"):
        rows.append([general, plain_label(key, lang), enabled, "–"])
    objects = plain_label("sf.standard_object_permissions", lang)
    for key in ("sf.accounts", "sf.campaigns", "sf.contacts", "sf.leads", "sf.opportunities"):
        note = t("table.value.campaigns_note", lang) if key == "sf.campaigns" else "–"
        rows.append([objects, plain_label(key, lang), crud, note])
    return _frame(lang, ("section", "permission", "access", "note"), rows)


def ee_required_field_access(lang: Lang) -> pd.DataFrame:
    """EE/UE Step 2: fields that need Read Access and Edit Access on the sync profile."""
    access = _list_sep(lang).join(_word(k, lang) for k in ("sf.read_access", "sf.edit_access"))
    all_fields = t("table.value.all_fields", lang)
    rows = [
        [plain_label("sf.account", lang), plain_label("sf.type", lang), access],
        [plain_label("sf.event", lang), all_fields, access],
        [plain_label("sf.task", lang), all_fields, access],
    ]
    return _frame(lang, ("object", "fields", "access"), rows)


TABLES: dict[str, Callable[[Lang], pd.DataFrame]] = {
    "recommended_fields": recommended_fields,
    "optional_fields": optional_fields,
    "lead_contact_mapping": lead_contact_mapping,
    "pe_layout_fields": pe_layout_fields,
    "ee_profile_permissions": ee_profile_permissions,
    "ee_required_field_access": ee_required_field_access,
}
