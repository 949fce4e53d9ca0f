"""Errors, notices and call counts as sentences in the user's language.

Pages call these instead of building strings, so every error looks the same
everywhere: what happened, the fix, who must do it, and Salesforce's own
code for the admin.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mktsync_core.i18n import Lang, catalog, t
from mktsync_core.salesforce.counter import CallCounter
from mktsync_core.salesforce.errors import SfError, SfNotice


class ErrorText(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    fix: str
    who: str
    details: str | None = None


def error_text(error: SfError, lang: Lang) -> ErrorText:
    field = t(f"sf.field.{error.field.value}", lang) if error.field else ""
    fmt = {"field": field, "subject": error.subject or ""}
    base = f"sf.error.{error.code.value}"
    details_key = f"{base}.details"
    details = [t(details_key, lang, **fmt)] if details_key in catalog(lang) else []
    if error.sf_code:
        details.append(t("sf.details.salesforce_code", lang, code=error.sf_code))
    return ErrorText(
        title=t(f"{base}.title", lang, **fmt),
        fix=t(f"{base}.fix", lang, **fmt),
        who=t(f"sf.fixer.{error.fixer.value}", lang),
        details=" ".join(details) or None,
    )


def notice_text(notice: SfNotice, lang: Lang) -> str:
    return t(f"sf.notice.{notice.value}", lang)


def calls_used_text(counter: CallCounter, lang: Lang) -> str:
    """ "This check used N API calls" - the daily allocation is shared with Marketo."""
    key = "sf.calls.used_one" if counter.api_calls == 1 else "sf.calls.used_other"
    return t(key, lang, n=counter.api_calls, round_trips=counter.round_trips)
