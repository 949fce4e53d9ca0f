"""Marketo errors, notices and call counts as sentences in the user's language.

The same shape as the Salesforce messages (what happened, the fix, who must do
it, Marketo's own code for the admin), so both halves of the Verify page read alike.
"""

from __future__ import annotations

from mktsync_core.i18n import Lang, catalog, t
from mktsync_core.marketo.errors import MktoError, MktoNotice
from mktsync_core.marketo.models import MarketoCalls
from mktsync_core.salesforce import ErrorText


def error_text(error: MktoError, lang: Lang) -> ErrorText:
    field = t(f"marketo.input.{error.field.value}", lang) if error.field else ""
    fmt = {"field": field, "subject": error.subject or "?"}
    base = f"marketo.error.{error.code.value}"
    details_key = f"{base}.details"
    details = [t(details_key, lang, **fmt)] if details_key in catalog(lang) else []
    if error.mkto_code:
        details.append(t("marketo.details.marketo_code", lang, code=error.mkto_code))
    return ErrorText(
        title=t(f"{base}.title", lang, **fmt),
        fix=t(f"{base}.fix", lang, **fmt),
        who=t(f"marketo.fixer.{error.fixer.value}", lang),
        details=" ".join(details) or None,
    )


def notice_text(notice: MktoNotice, lang: Lang) -> str:
    return t(f"marketo.notice.{notice.value}", lang)


def calls_used_text(calls: MarketoCalls, lang: Lang) -> str:
    """ "This check used N Marketo API calls" - they count towards the instance's daily quota."""
    key = "marketo.calls.used_one" if calls.api_calls == 1 else "marketo.calls.used_other"
    return t(key, lang, n=calls.api_calls, round_trips=calls.round_trips)
