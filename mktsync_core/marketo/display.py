"""Marketo errors, notices and call counts as sentences in the user's language.

The same shape as the Salesforce messages (what happened, the fix, who must do
it, Marketo's own code for the admin), so both halves of the Verify page read alike.
"""

from __future__ import annotations

from mktsync_core.error_text import ErrorText, catalog_error_text
from mktsync_core.i18n import Lang, t
from mktsync_core.marketo.errors import MktoError, MktoNotice
from mktsync_core.marketo.models import MarketoCalls


def error_text(error: MktoError, lang: Lang) -> ErrorText:
    return catalog_error_text(
        f"marketo.error.{error.code.value}",
        who_key=f"marketo.fixer.{error.fixer.value}",
        field_key=f"marketo.input.{error.field.value}" if error.field else None,
        subject=error.subject or "?",
        vendor_code_key="marketo.details.marketo_code",
        vendor_code=error.mkto_code,
        lang=lang,
    )


def notice_text(notice: MktoNotice, lang: Lang) -> str:
    return t(f"marketo.notice.{notice.value}", lang)


def calls_used_text(calls: MarketoCalls, lang: Lang) -> str:
    """ "This check used N Marketo API calls" - they count towards the instance's daily quota."""
    key = "marketo.calls.used_one" if calls.api_calls == 1 else "marketo.calls.used_other"
    return t(key, lang, n=calls.api_calls, round_trips=calls.round_trips)
