"""The final mapping as CSV, and a previously exported CSV read back as edits.

The export is UTF-8 with a BOM, so Excel on Japanese Windows opens it
correctly. An import is all or nothing: any problem (wrong columns, a field
this org does not have, bad encoding, an empty or oversized file) returns a
:class:`CsvProblem` and the saved edits stay as they were.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from mktsync_core.i18n import Lang, t
from mktsync_core.mapping.models import EditKind, MappingPlan
from mktsync_core.mapping.review import Final, MappingReview, apply_edits, with_final

COLUMNS = ("lead_field", "contact_field", "lead_label", "contact_label", "marketo_proposal", "edit")
MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvProblemKind(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    ENCODING = "encoding"
    COLUMNS = "columns"
    UNKNOWN_FIELDS = "unknown_fields"
    DUPLICATE_LEAD = "duplicate_lead"
    MALFORMED = "malformed"


class CsvProblem(BaseModel):
    """Why an import was refused; ``detail`` names the offending columns or fields."""

    model_config = ConfigDict(frozen=True)

    kind: CsvProblemKind
    detail: str = ""

    def text(self, lang: Lang) -> str:
        return t(
            f"mapping.csv.{self.kind}",
            lang,
            detail=self.detail,
            columns=", ".join(COLUMNS),
            max_rows=MAX_ROWS,
            max_kb=MAX_BYTES // 1000,
        )


def _safe(cell: str) -> str:
    """Labels come from the org: keep spreadsheet programs from running them as formulas."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def _edit_cell(review: MappingReview, lead: str) -> str:
    kinds = [e.kind for e in review.plan.edits if e.lead == lead]
    return "+".join(k.value for k in (EditKind.BREAK, EditKind.PAIR) if k in kinds)


def export_csv(review: MappingReview) -> bytes:
    """Every editable field with its final partner (empty: unmapped), Lead rows first."""
    proposed = review.proposed
    proposed_by_contact = {c: lead for lead, c in proposed.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for lead, contact in review.final.items():
        contact_field = review.fields.contact.get(contact) if contact else None
        writer.writerow(
            [
                lead,
                contact or "",
                _safe(review.fields.lead[lead].label),
                _safe(contact_field.label) if contact_field else "",
                proposed.get(lead, ""),
                _edit_cell(review, lead),
            ]
        )
    for contact in review.unmapped_contact:
        writer.writerow(
            [
                "",
                contact,
                "",
                _safe(review.fields.contact[contact].label),
                proposed_by_contact.get(contact, ""),
                "",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _unknown(names: Iterable[str], known: Iterable[str]) -> list[str]:
    known_set = set(known)
    return sorted({n for n in names if n and n not in known_set})


def read_csv(data: bytes, review: MappingReview) -> MappingPlan | CsvProblem:
    """The plan a previously exported CSV describes for this org, or why it cannot be read.

    Lead fields the file does not mention (added to the org since) keep Marketo's proposal.
    """
    if not data.strip():
        return CsvProblem(kind=CsvProblemKind.EMPTY)
    if len(data) > MAX_BYTES:
        return CsvProblem(kind=CsvProblemKind.TOO_LARGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return CsvProblem(kind=CsvProblemKind.ENCODING)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error:
        # The csv module's own message is English-only: name the line instead.
        return CsvProblem(kind=CsvProblemKind.MALFORMED, detail=str(reader.line_num))
    header = [c.strip() for c in rows[0]]
    numbered = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    body = [r for _, r in numbered]
    if sorted(header) != sorted(COLUMNS):
        return CsvProblem(kind=CsvProblemKind.COLUMNS, detail=", ".join(header))
    if not body:
        return CsvProblem(kind=CsvProblemKind.EMPTY)
    if len(body) > MAX_ROWS:
        return CsvProblem(kind=CsvProblemKind.TOO_LARGE)
    ragged = next((n for n, r in numbered if len(r) != len(header)), None)
    if ragged is not None:
        return CsvProblem(kind=CsvProblemKind.MALFORMED, detail=str(ragged))
    lead_at, contact_at = header.index("lead_field"), header.index("contact_field")
    pairs = [(r[lead_at].strip(), r[contact_at].strip()) for r in body]
    unknown = _unknown((lead for lead, _ in pairs), review.fields.lead) + _unknown(
        (contact for _, contact in pairs), review.fields.contact
    )
    if unknown:
        return CsvProblem(kind=CsvProblemKind.UNKNOWN_FIELDS, detail=", ".join(unknown))
    seen = Counter(lead for lead, _ in pairs if lead)
    twice = sorted(lead for lead, n in seen.items() if n > 1)
    if twice:
        return CsvProblem(kind=CsvProblemKind.DUPLICATE_LEAD, detail=", ".join(twice))
    final: Final = apply_edits(review.fields, review.proposal, ())
    final.update({lead: contact or None for lead, contact in pairs if lead})
    return with_final(review.plan, review.proposal, final)
