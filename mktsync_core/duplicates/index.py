"""Duplicate detection over an email column that arrives in chunks (pandas).

Marketo matches people by email case-insensitively, so addresses are compared
trimmed and in lower case. Memory stays small and independent of the chunk
text: per record only a 64-bit hash of the normalised email and the 18-byte
record id are kept (about 26 bytes, against well over 100 for the row as
text); an email's text is kept only once it turns out to be repeated, which
is all the result needs to show. A hash collision (odds around 1 in 10^7 at a
million records) could only merge two groups; it can never hide a duplicate.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from mktsync_core.duplicates.models import DupKind, DuplicateRow, KindSummary

Hashes = npt.NDArray[np.uint64]
Ids = npt.NDArray[np.bytes_]


def normalise(emails: pd.Series) -> pd.Series:
    """Trimmed, lower-case addresses; blanks become missing (no email, nothing to match)."""
    cleaned = emails.astype("string").str.strip().str.lower()
    return cleaned.mask(cleaned == "")


def _hash(emails: pd.Series) -> Hashes:
    hashed: Hashes = pd.util.hash_array(emails.to_numpy(dtype=object))
    return hashed


class EmailIndex:
    """The hashes and ids of one object's records, fed chunk by chunk."""

    def __init__(self) -> None:
        self._hashes: list[Hashes] = []
        self._ids: list[Ids] = []
        self._seen: Hashes = np.empty(0, dtype=np.uint64)  # sorted, unique
        self.texts: dict[int, str] = {}
        self.records = 0

    def add(self, chunk: pd.DataFrame, *, other: EmailIndex | None = None) -> None:
        """Take a chunk with ``Id`` and ``Email`` columns; ``other`` is an index to overlap with."""
        emails = normalise(chunk["Email"])
        present = emails.notna().to_numpy()
        emails = emails[present]
        if emails.empty:
            return
        hashes = _hash(emails)
        ids = chunk["Id"].to_numpy(dtype=str)[present].astype("S18")
        repeated = pd.Series(hashes).duplicated().to_numpy() | _member(hashes, self._seen)
        if other is not None:
            repeated |= _member(hashes, other._seen)
        texts = emails.to_numpy(dtype=object)
        for h, text in zip(hashes[repeated].tolist(), texts[repeated].tolist(), strict=True):
            self.texts.setdefault(h, text)
        self._hashes.append(hashes)
        self._ids.append(ids)
        self._seen = np.union1d(self._seen, hashes)
        self.records += len(hashes)

    def columns(self) -> tuple[Hashes, Ids]:
        if not self._hashes:
            return np.empty(0, dtype=np.uint64), np.empty(0, dtype="S18")
        return np.concatenate(self._hashes), np.concatenate(self._ids)

    @property
    def unique(self) -> Hashes:
        return self._seen


def _member(values: Hashes, sorted_unique: Hashes) -> npt.NDArray[np.bool_]:
    if sorted_unique.size == 0:
        return np.zeros(values.shape, dtype=bool)
    at = np.searchsorted(sorted_unique, values).clip(max=sorted_unique.size - 1)
    found: npt.NDArray[np.bool_] = sorted_unique[at] == values
    return found


def _groups(hashes: Hashes, ids: Ids, keep: Hashes) -> dict[int, tuple[str, ...]]:
    """Record ids per hash, for the hashes in ``keep`` only."""
    selected = np.nonzero(_member(hashes, keep))[0]
    order = selected[np.argsort(hashes[selected], kind="stable")]
    picked_hashes, picked_ids = hashes[order], ids[order]
    bounds = np.flatnonzero(np.diff(picked_hashes)) + 1
    out: dict[int, tuple[str, ...]] = {}
    for h_part, id_part in zip(
        np.split(picked_hashes, bounds), np.split(picked_ids, bounds), strict=True
    ):
        if h_part.size:
            out[int(h_part[0])] = tuple(i.decode() for i in id_part.tolist())
    return out


def duplicates(
    leads: EmailIndex, contacts: EmailIndex
) -> tuple[list[KindSummary], list[DuplicateRow]]:
    """Emails repeated within Lead, within Contact, and shared by a Lead and a Contact."""
    lead_h, lead_ids = leads.columns()
    contact_h, contact_ids = contacts.columns()
    texts = {**contacts.texts, **leads.texts}
    summaries: list[KindSummary] = []
    rows: list[DuplicateRow] = []
    for kind, hashes, ids in (
        (DupKind.LEAD, lead_h, lead_ids),
        (DupKind.CONTACT, contact_h, contact_ids),
    ):
        unique, counts = np.unique(hashes, return_counts=True)
        repeated = unique[counts > 1]
        summaries.append(
            KindSummary(kind=kind, emails=int(repeated.size), records=int(counts[counts > 1].sum()))
        )
        for h, members in _groups(hashes, ids, repeated).items():
            is_lead = kind is DupKind.LEAD
            rows.append(
                DuplicateRow(
                    kind=kind,
                    email=texts[h],
                    leads=len(members) if is_lead else 0,
                    contacts=0 if is_lead else len(members),
                    lead_ids=members if is_lead else (),
                    contact_ids=() if is_lead else members,
                )
            )
    shared = np.intersect1d(leads.unique, contacts.unique)
    shared_leads, shared_contacts = (
        _groups(lead_h, lead_ids, shared),
        _groups(contact_h, contact_ids, shared),
    )
    for h in shared.tolist():
        rows.append(
            DuplicateRow(
                kind=DupKind.OVERLAP,
                email=texts[h],
                leads=len(shared_leads[h]),
                contacts=len(shared_contacts[h]),
                lead_ids=shared_leads[h],
                contact_ids=shared_contacts[h],
            )
        )
    overlap_records = sum(r.records for r in rows if r.kind is DupKind.OVERLAP)
    summaries.append(
        KindSummary(kind=DupKind.OVERLAP, emails=int(shared.size), records=overlap_records)
    )
    return summaries, rows
