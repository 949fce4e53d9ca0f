"""An error as sentences: what happened, the fix, who must do it, the vendor's own code.

Salesforce and Marketo errors are different models (their codes, fields and
fixers differ), but the user must read them the same way on every page, so
they share this one text shape and the one way it is looked up in the catalogs.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mktsync_core.i18n import Lang, catalog, t


class ErrorText(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    fix: str
    who: str
    details: str | None = None

    def markdown(self) -> str:
        """The full text for one ``st.error`` box (Markdown line breaks between the parts)."""
        body = f"**{self.title}**  \n{self.fix}  \n*{self.who}*"
        return f"{body}  \n{self.details}" if self.details else body


def catalog_error_text(
    base: str,
    *,
    who_key: str,
    field_key: str | None,
    subject: str,
    vendor_code_key: str,
    vendor_code: str | None,
    lang: Lang,
) -> ErrorText:
    """Look up ``{base}.title``, ``.fix`` and the optional ``.details`` of one error code.

    ``{field}`` and ``{subject}`` fill the placeholders of all three; the vendor's
    code is appended to the details for the admin who will search for it.
    """
    field = t(field_key, lang) if field_key else ""
    fmt = {"field": field, "subject": subject}
    details_key = f"{base}.details"
    details = [t(details_key, lang, **fmt)] if details_key in catalog(lang) else []
    if vendor_code:
        details.append(t(vendor_code_key, lang, code=vendor_code))
    return ErrorText(
        title=t(f"{base}.title", lang, **fmt),
        fix=t(f"{base}.fix", lang, **fmt),
        who=t(who_key, lang),
        details=" ".join(details) or None,
    )
