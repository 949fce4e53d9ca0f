"""Errors, notices and call counts as sentences in the user's language.

Pages call these instead of building strings, so every error looks the same
everywhere: what happened, the fix, who must do it, and Salesforce's own
code for the admin.
"""

from __future__ import annotations

from mktsync_core.error_text import ErrorText, catalog_error_text
from mktsync_core.i18n import Lang, t
from mktsync_core.salesforce.counter import CallCounter
from mktsync_core.salesforce.errors import SfError, SfNotice


def error_text(error: SfError, lang: Lang) -> ErrorText:
    return catalog_error_text(
        f"sf.error.{error.code.value}",
        who_key=f"sf.fixer.{error.fixer.value}",
        field_key=f"sf.field.{error.field.value}" if error.field else None,
        subject=error.subject or "",
        vendor_code_key="sf.details.salesforce_code",
        vendor_code=error.sf_code,
        lang=lang,
    )


def notice_text(notice: SfNotice, lang: Lang) -> str:
    return t(f"sf.notice.{notice.value}", lang)


def calls_used_text(counter: CallCounter, lang: Lang) -> str:
    """ "This check used N API calls" - the daily allocation is shared with Marketo."""
    key = "sf.calls.used_one" if counter.api_calls == 1 else "sf.calls.used_other"
    return t(key, lang, n=counter.api_calls, round_trips=counter.round_trips)
