"""What a duplicate scan found, and the small part of it that is saved with the progress."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from mktsync_core.models import utcnow
from mktsync_core.salesforce import ApiLimits, SfError

Ids = npt.NDArray[np.bytes_]


class ScanMethod(StrEnum):
    """Server-side aggregates (a few API calls) or the complete scan (Bulk API 2.0)."""

    AGGREGATE = "aggregate"
    BULK = "bulk"


class ScanStatus(StrEnum):
    COMPLETE = "complete"
    # Figures are lower bounds: an aggregate page was full ("at least").
    AT_LEAST = "at_least"
    FAILED = "failed"
    CANCELLED = "cancelled"


class DupKind(StrEnum):
    """Where the same email appears more than once, as Marketo will see it."""

    LEAD = "lead"
    CONTACT = "contact"
    OVERLAP = "overlap"


class OrgVolumes(BaseModel):
    """Record counts of the synced objects and the org's API allocation."""

    model_config = ConfigDict(frozen=True)

    counts: dict[str, int]
    limits: ApiLimits | None = None

    def count(self, sobject: str) -> int:
        return self.counts.get(sobject, 0)

    @property
    def people(self) -> int:
        return self.count("Lead") + self.count("Contact")

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class KindSummary(BaseModel):
    """One line of the per-object summary: how many emails are duplicated, on how many records."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: DupKind
    emails: int
    records: int
    at_least: bool = False


class DuplicateRow(BaseModel):
    """One duplicated email (normalised: trimmed, lower case) and the records that carry it."""

    model_config = ConfigDict(frozen=True)

    kind: DupKind
    email: str
    leads: int
    contacts: int
    lead_ids: tuple[str, ...] = ()
    contact_ids: tuple[str, ...] = ()

    @property
    def records(self) -> int:
        return self.leads + self.contacts


_KINDS = tuple(DupKind)
_KIND_VALUES: npt.NDArray[np.object_] = np.array([k.value for k in _KINDS], dtype=object)
_NO_IDS = np.empty(0, dtype="S18")


def _offsets(lengths: npt.ArrayLike) -> npt.NDArray[np.intp]:
    out = np.zeros(np.size(lengths) + 1, dtype=np.intp)
    np.cumsum(lengths, out=out[1:])
    return out


def _as_ids(ids: Iterable[str]) -> Ids:
    encoded = [i.encode() for i in ids]
    return np.array(encoded, dtype=bytes) if encoded else _NO_IDS


class DuplicateGroups:
    """Every duplicated email of a scan, in compact columns rather than one object per group.

    A complete scan of a million leads finds tens of thousands of groups; the
    page shows the top ones and the CSV lists them all, so the groups are kept
    as arrays (kind code, counts, the record ids of all groups in one array with
    offsets) and the email texts, and turned into rows or a DataFrame only for
    what is asked. Iterating yields :class:`DuplicateRow` objects (for tests
    and small results); ``len()`` is the number of groups. Immutable.
    """

    __slots__ = (
        "_contact_ids",
        "_contact_offsets",
        "_contacts",
        "_emails",
        "_kinds",
        "_lead_ids",
        "_lead_offsets",
        "_leads",
        "_order",
    )

    def __init__(
        self,
        kinds: npt.NDArray[np.uint8],
        emails: Sequence[str],
        leads: npt.ArrayLike,
        contacts: npt.ArrayLike,
        lead_ids: Ids,
        lead_offsets: npt.NDArray[np.intp],
        contact_ids: Ids,
        contact_offsets: npt.NDArray[np.intp],
    ) -> None:
        self._kinds = kinds
        self._emails: npt.NDArray[np.object_] = np.array(emails, dtype=object).reshape(-1)
        self._leads = np.asarray(leads, dtype=np.int64)
        self._contacts = np.asarray(contacts, dtype=np.int64)
        self._lead_ids, self._lead_offsets = lead_ids, lead_offsets
        self._contact_ids, self._contact_offsets = contact_ids, contact_offsets
        # Display order: most records first, then by email; stable, so ties keep kind order.
        ranking = pd.DataFrame({"records": self._leads + self._contacts, "email": self._emails})
        self._order: npt.NDArray[np.intp] = ranking.sort_values(
            ["records", "email"], ascending=[False, True], kind="stable"
        ).index.to_numpy(dtype=np.intp)
        for array in (self._kinds, self._emails, self._leads, self._contacts, self._order):
            array.flags.writeable = False

    @classmethod
    def empty(cls) -> DuplicateGroups:
        return cls.from_rows(())

    @classmethod
    def build(
        cls,
        *,
        kind: DupKind,
        emails: Sequence[str],
        leads: npt.ArrayLike,
        contacts: npt.ArrayLike,
        lead_ids: Ids,
        contact_ids: Ids,
    ) -> DuplicateGroups:
        """Groups of one kind whose ids are complete (as many ids as records), group after group."""
        kinds = np.full(len(emails), _KINDS.index(kind), dtype=np.uint8)
        return cls(
            kinds,
            emails,
            leads,
            contacts,
            lead_ids,
            _offsets(leads),
            contact_ids,
            _offsets(contacts),
        )

    @classmethod
    def from_rows(cls, rows: Iterable[DuplicateRow]) -> DuplicateGroups:
        rows = [r if isinstance(r, DuplicateRow) else DuplicateRow.model_validate(r) for r in rows]
        return cls(
            np.array([_KINDS.index(r.kind) for r in rows], dtype=np.uint8),
            [r.email for r in rows],
            [r.leads for r in rows],
            [r.contacts for r in rows],
            _as_ids(i for r in rows for i in r.lead_ids),
            _offsets([len(r.lead_ids) for r in rows]),
            _as_ids(i for r in rows for i in r.contact_ids),
            _offsets([len(r.contact_ids) for r in rows]),
        )

    @classmethod
    def concat(cls, parts: Sequence[DuplicateGroups]) -> DuplicateGroups:
        if not parts:
            return cls.empty()

        def offsets(each: list[npt.NDArray[np.intp]]) -> npt.NDArray[np.intp]:
            return _offsets(np.concatenate([np.diff(o) for o in each]))

        return cls(
            np.concatenate([p._kinds for p in parts]),
            np.concatenate([p._emails for p in parts]).tolist(),
            np.concatenate([p._leads for p in parts]),
            np.concatenate([p._contacts for p in parts]),
            np.concatenate([p._lead_ids for p in parts]),
            offsets([p._lead_offsets for p in parts]),
            np.concatenate([p._contact_ids for p in parts]),
            offsets([p._contact_offsets for p in parts]),
        )

    def __len__(self) -> int:
        return int(self._kinds.size)

    def __iter__(self) -> Iterator[DuplicateRow]:
        return (self.row(i) for i in range(len(self)))

    def row(self, i: int) -> DuplicateRow:
        """Group ``i`` in the order the groups were built (not the display order)."""
        return DuplicateRow(
            kind=_KINDS[int(self._kinds[i])],
            email=str(self._emails[i]),
            leads=int(self._leads[i]),
            contacts=int(self._contacts[i]),
            lead_ids=tuple(_ids(self._lead_ids, self._lead_offsets, i)),
            contact_ids=tuple(_ids(self._contact_ids, self._contact_offsets, i)),
        )

    def frame(self, limit: int | None = None) -> pd.DataFrame:
        """One row per duplicated email, most records first; only the first ``limit`` if given."""
        order = self._order if limit is None else self._order[:limit]
        leads, contacts = self._leads[order], self._contacts[order]
        frame = pd.DataFrame(
            {
                "kind": _KIND_VALUES[self._kinds[order]],
                "email": self._emails[order],
                "records": leads + contacts,
                "leads": leads,
                "contacts": contacts,
                "lead_ids": _joined(self._lead_ids, self._lead_offsets, order),
                "contact_ids": _joined(self._contact_ids, self._contact_offsets, order),
            },
            columns=list(ROW_COLUMNS),
        )
        frame.index = pd.Index(order)
        return frame

    def sizes(self) -> pd.DataFrame:
        """Kind and records of every group (no emails, no ids): what the chart needs."""
        return pd.DataFrame(
            {
                "kind": _KIND_VALUES[self._kinds],
                "records": self._leads + self._contacts,
            }
        )

    @classmethod
    def _validate(cls, value: object) -> DuplicateGroups:
        if isinstance(value, DuplicateGroups):
            return value
        if isinstance(value, Iterable) and not isinstance(value, str | bytes | dict):
            return cls.from_rows(value)
        raise ValueError("expected DuplicateGroups or a sequence of DuplicateRow")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda groups: [r.model_dump(mode="json") for r in groups]
            ),
        )


def _ids(ids: Ids, offsets: npt.NDArray[np.intp], i: int) -> list[str]:
    return [b.decode() for b in ids[offsets[i] : offsets[i + 1]].tolist()]


def _joined(ids: Ids, offsets: npt.NDArray[np.intp], rows: npt.NDArray[np.intp]) -> list[str]:
    """The ids of each row, space-separated (as one CSV cell)."""
    starts, ends = offsets[rows].tolist(), offsets[rows + 1].tolist()
    if rows.size > 1_000:  # many rows: one conversion of all ids beats a slice per row
        every: list[bytes] = ids.tolist()
        return [b" ".join(every[a:b]).decode() for a, b in zip(starts, ends, strict=True)]
    return [b" ".join(ids[a:b].tolist()).decode() for a, b in zip(starts, ends, strict=True)]


class DuplicateSummary(BaseModel):
    """What the progress store keeps of a scan: counts only, never an email or a record id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: ScanMethod
    status: ScanStatus
    kinds: tuple[KindSummary, ...] = ()
    counts: dict[str, int] = Field(default_factory=dict)
    limits: ApiLimits | None = None
    api_calls: int = 0
    scanned_at: datetime = Field(default_factory=utcnow)

    @property
    def volumes(self) -> OrgVolumes | None:
        return OrgVolumes(counts=self.counts, limits=self.limits) if self.counts else None

    @property
    def incomplete(self) -> bool:
        return self.status in (ScanStatus.FAILED, ScanStatus.CANCELLED)

    @property
    def duplicate_emails(self) -> int:
        return sum(k.emails for k in self.kinds)

    @property
    def at_least(self) -> bool:
        return any(k.at_least for k in self.kinds)


class DuplicateReport(BaseModel):
    """A scan's full result, kept in the browser session only (it holds emails and ids)."""

    model_config = ConfigDict(frozen=True)

    method: ScanMethod
    status: ScanStatus
    volumes: OrgVolumes | None = None
    kinds: tuple[KindSummary, ...] = ()
    rows: DuplicateGroups = Field(default_factory=DuplicateGroups.empty)
    error: SfError | None = None
    api_calls: int = 0
    scanned_at: datetime = Field(default_factory=utcnow)

    def summary(self) -> DuplicateSummary:
        return DuplicateSummary(
            method=self.method,
            status=self.status,
            kinds=self.kinds,
            counts=dict(self.volumes.counts) if self.volumes else {},
            limits=self.volumes.limits if self.volumes else None,
            api_calls=self.api_calls,
            scanned_at=self.scanned_at,
        )

    def frame(self, limit: int | None = None) -> pd.DataFrame:
        """One row per duplicated email, most records first; only the first ``limit`` if given."""
        return self.rows.frame(limit)

    def distribution(self) -> pd.DataFrame:
        """Number of duplicated emails by how many records share them, per kind (for a chart)."""
        sizes = self.rows.sizes()
        if sizes.empty:
            return pd.DataFrame(columns=[k.value for k in DupKind])
        records = sizes["records"].clip(upper=MAX_BAR).astype(int)
        table = pd.crosstab(records, sizes["kind"])
        return table.reindex(columns=[k.value for k in DupKind], fill_value=0)


ROW_COLUMNS = ("kind", "email", "records", "leads", "contacts", "lead_ids", "contact_ids")
MAX_BAR = 10  # groups of ten or more records share the last bar of the chart
