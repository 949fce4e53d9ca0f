"""The audit and the hide plan in words: table columns, per-field procedure, the CSV.

Pure functions of the saved plan and a language, so the page and the CSV the
admin receives say exactly the same thing.
"""

from __future__ import annotations

import pandas as pd

from mktsync_core import i18n
from mktsync_core.checks.models import plain
from mktsync_core.i18n import Lang
from mktsync_core.models import Edition
from mktsync_core.visibility.classify import Advice, Reason
from mktsync_core.visibility.plan import AuditedField, VisibilityPlan

#: Columns of the table shown to the user, in order; ``hide`` is the editable one.
TABLE_COLUMNS: tuple[str, ...] = (
    "hide",
    "object_label",
    "label",
    "name",
    "type_text",
    "origin",
    "creates_new",
    "advice_text",
    "reason_text",
)


def type_text(api_type: str, lang: Lang) -> str:
    """A describe type as Salesforce's Setup calls it, e.g. "Currency" for ``currency``."""
    entry = i18n.glossary().get(f"vis.type.{api_type}")
    return entry[lang] if entry else api_type


def reason_text(reason: Reason | str, mapped_to: str, lang: Lang) -> str:
    return plain(i18n.t(f"vis.reason.{reason}", lang, field=mapped_to or "—"))


def breaks_text(f: AuditedField, lang: Lang) -> str:
    """What hiding a must-keep field breaks."""
    return plain(i18n.t(f"vis.breaks.{f.reason}", lang, field=f.mapped_to or f.label))


def table_frame(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The audit frame with the words the table shows (the ``hide`` column is added later)."""
    types = {t: type_text(t, lang) for t in frame["type"].unique()}
    advice = {a.value: plain(i18n.t(f"vis.advice.{a.value}", lang)) for a in Advice}
    origin = {
        True: i18n.t("vis.origin.custom", lang),
        False: i18n.t("vis.origin.standard", lang),
    }
    reasons = {
        (r, m): reason_text(r, m, lang)
        for r, m in frame[["reason", "mapped_to"]].drop_duplicates().itertuples(index=False)
    }
    out = frame.copy()
    out["type_text"] = frame["type"].map(types)
    out["origin"] = frame["custom"].map(origin)
    out["advice_text"] = frame["advice"].map(advice)
    out["reason_text"] = [
        reasons[(r, m)] for r, m in zip(frame["reason"], frame["mapped_to"], strict=True)
    ]
    return out


def procedure(f: AuditedField, object_label: str, edition: Edition, lang: Lang) -> str:
    """How the admin hides one field on this edition (plain text, labels in both languages)."""
    return plain(
        i18n.t(
            f"vis.procedure.{edition.value}", lang, object=object_label, field=f.label, api=f.name
        )
    )


class Status:
    PLANNED = "planned"
    KEPT = "kept"
    HIDDEN = "hidden"


def plan_frame(plan: VisibilityPlan, edition: Edition, lang: Lang) -> pd.DataFrame:
    """One row per field in the hide plan: still visible, kept visible, or hidden by now."""
    by_key = plan.audit.by_key()
    rows = []
    for key in sorted(plan.hide):
        f = by_key[key]
        status = Status.KEPT if key in plan.kept else Status.PLANNED
        object_label = plan.audit.object_label(f.object)
        rows.append(
            {
                "object_label": object_label,
                "label": f.label,
                "name": f.name,
                "type_text": type_text(f.type, lang),
                "creates_new": f.creates_new,
                "reason_text": reason_text(f.reason, f.mapped_to, lang),
                "status": i18n.t(f"vis.status.{status}", lang),
                "procedure": procedure(f, object_label, edition, lang),
            }
        )
    for key, label in sorted(plan.hidden.items()):
        sobject, _, name = key.partition(".")
        rows.append(
            {
                "object_label": plan.audit.object_label(sobject),
                "label": label,
                "name": name,
                "type_text": "",
                "creates_new": None,
                "reason_text": "",
                "status": i18n.t(f"vis.status.{Status.HIDDEN}", lang),
                "procedure": "",
            }
        )
    columns = [
        "object_label",
        "label",
        "name",
        "type_text",
        "creates_new",
        "reason_text",
        "status",
        "procedure",
    ]
    return pd.DataFrame(rows, columns=columns)


def plan_csv(plan: VisibilityPlan, edition: Edition, lang: Lang) -> bytes:
    """The hide plan for the Salesforce admin: UTF-8 with a BOM, so Excel reads Japanese."""
    frame = plan_frame(plan, edition, lang)
    yes, no = i18n.t("vis.yes", lang), i18n.t("vis.no", lang)
    frame["creates_new"] = ["" if v is None else (yes if v else no) for v in frame["creates_new"]]
    frame.columns = [i18n.t(f"vis.col.{c}", lang) for c in frame.columns]
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
