"""The duplicate list as a CSV for the Salesforce admin who will merge the records.

UTF-8 with a byte-order mark, because Excel - what admins in Japan open CSVs
with - reads a BOM-less UTF-8 file as Shift_JIS and garbles the headers.
"""

from __future__ import annotations

from mktsync_core.duplicates.models import DuplicateReport
from mktsync_core.i18n import Lang, t


def to_csv(report: DuplicateReport, lang: Lang) -> bytes:
    frame = report.frame()
    frame["kind"] = frame["kind"].map(lambda kind: t(f"dupes.kind.{kind}", lang))
    frame.columns = [t(f"dupes.column.{c}", lang) for c in frame.columns]
    return frame.to_csv(index=False).encode("utf-8-sig")
