"""Duplicate detection over an email column that arrives in chunks (pandas).

Marketo matches people by email case-insensitively, so addresses are compared
trimmed and in lower case. Memory stays small and independent of the chunk
text: per record only a 64-bit hash of the normalised email and the 18-byte
record id are kept (about 26 bytes, against well over 100 for the row as
text), plus 8 bytes per distinct email for the seen-set; an email's text is
kept only once it turns out to be repeated, which is all the result needs to
show. A hash collision (odds around 1 in 10^7 at a million records) could
only merge two groups; it can never hide a duplicate.

All the work is vectorised: the seen-set is a few sorted runs (merged like a
binary counter, so a page costs a binary search per run rather than a copy of
everything seen), and the groups come from one stable sort of the hashes, with
group boundaries where the sorted hash changes - no Python loop per record or
per group.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from mktsync_core.duplicates.models import DupKind, DuplicateGroups, KindSummary

Hashes = npt.NDArray[np.uint64]
Ids = npt.NDArray[np.bytes_]
Positions = npt.NDArray[np.intp]
Mask = npt.NDArray[np.bool_]
_NO_IDS: Ids = np.empty(0, dtype="S18")


def normalise(emails: pd.Series) -> pd.Series:
    """Trimmed, lower-case addresses; blanks become missing (no email, nothing to match)."""
    cleaned = emails.astype("string").str.strip().str.lower()
    return cleaned.mask(cleaned == "")


def _hash(emails: npt.NDArray[np.object_]) -> Hashes:
    # categorize=False: same hashes, without factorizing the page first (half the peak memory).
    hashed: Hashes = pd.util.hash_array(emails, categorize=False)
    return hashed


def _first_of_runs(sorted_values: Hashes) -> Mask:
    """True where a sorted array starts a new value."""
    first = np.ones(sorted_values.shape, dtype=bool)
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=first[1:])
    return first


class _SeenSet:
    """A set of hashes kept as sorted, disjoint runs whose sizes at least double towards the front.

    Adding a page merges only runs no larger than it (like a binary counter), so
    n hashes cost O(n log n) in all instead of a full copy per page, and a
    membership test is one binary search per run (a handful of runs).
    """

    def __init__(self) -> None:
        self._runs: list[Hashes] = []

    def contains(self, values: Hashes) -> Mask:
        found = np.zeros(values.shape, dtype=bool)
        for run in self._runs:
            at = np.searchsorted(run, values).clip(max=run.size - 1)
            found |= run[at] == values
        return found

    def add_new(self, values: Hashes) -> None:
        """Add hashes that are not in the set yet (any order, repeats allowed)."""
        run = np.sort(values)
        run = run[_first_of_runs(run)]
        if run.size == 0:
            return
        while self._runs and self._runs[-1].size <= 2 * run.size:
            run = np.concatenate((self._runs.pop(), run))
            run.sort(kind="stable")  # two sorted runs: a single linear merge
        self._runs.append(run)

    def values(self) -> Hashes:
        if not self._runs:
            return np.empty(0, dtype=np.uint64)
        merged = np.concatenate(self._runs)
        merged.sort(kind="stable")
        return merged

    def __len__(self) -> int:
        return sum(run.size for run in self._runs)


class EmailIndex:
    """The hashes and ids of one object's records, fed chunk by chunk."""

    def __init__(self) -> None:
        self._hashes: list[Hashes] = []
        self._ids: list[Ids] = []
        self._seen = _SeenSet()
        self.texts: dict[int, str] = {}
        self.records = 0

    def add(self, chunk: pd.DataFrame, *, other: EmailIndex | None = None) -> None:
        """Take a chunk with ``Id`` and ``Email`` columns; ``other`` is an index to overlap with."""
        emails = normalise(chunk["Email"])
        present = emails.notna().to_numpy()
        emails = emails[present]
        if emails.empty:
            return
        texts = emails.to_numpy(dtype=object)
        hashes = _hash(texts)
        # Straight from str objects to 18 bytes, without a 72-byte-per-id unicode array between.
        ids = np.asarray(chunk["Id"].to_numpy(dtype=object)[present], dtype="S18")
        seen_before = self._seen.contains(hashes)
        repeated = pd.Series(hashes).duplicated().to_numpy() | seen_before
        if other is not None:
            repeated |= other._seen.contains(hashes)
        for h, text in zip(hashes[repeated].tolist(), texts[repeated].tolist(), strict=True):
            self.texts.setdefault(h, text)
        self._hashes.append(hashes)
        self._ids.append(ids)
        self._seen.add_new(hashes[~seen_before])
        self.records += len(hashes)

    def columns(self) -> tuple[Hashes, Ids]:
        if not self._hashes:
            return np.empty(0, dtype=np.uint64), np.empty(0, dtype="S18")
        return np.concatenate(self._hashes), np.concatenate(self._ids)

    @property
    def unique(self) -> Hashes:
        """The distinct hashes seen, sorted."""
        return self._seen.values()

    def ids_at(self, positions: Positions) -> Ids:
        """Record ids at positions of the concatenated chunks, without concatenating them all."""
        out = np.empty(positions.size, dtype="S18")
        if positions.size == 0:
            return out
        ends = np.cumsum([part.size for part in self._ids])
        chunk_of = np.searchsorted(ends, positions, side="right")
        for c in np.unique(chunk_of).tolist():
            mask = chunk_of == c
            start = int(ends[c - 1]) if c else 0
            out[mask] = self._ids[c][positions[mask] - start]
        return out

    def _sorted(self) -> _Sorted:
        hashes = np.concatenate(self._hashes) if self._hashes else np.empty(0, dtype=np.uint64)
        order: Positions = np.argsort(hashes, kind="stable")  # keeps arrival order in a group
        hashes.sort(kind="stable")  # our own copy: sorted in place, no second array
        return _Sorted(self, hashes, order)


class _Sorted:
    """One object's hashes sorted (``order`` maps back to arrival positions).

    A group is a run of equal hashes; only the runs asked for (the repeated
    ones, or given keys) get starts and counts, never every distinct email.
    """

    def __init__(self, index: EmailIndex, hashes: Hashes, order: Positions) -> None:
        self.index, self.hashes, self.order = index, hashes, order

    def repeated(self) -> tuple[Positions, Positions]:
        """Starts and sizes of the runs of two or more."""
        same = self.hashes[1:] == self.hashes[:-1]  # same[i]: i and i + 1 share a hash
        if same.size == 0:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
        begins = same.copy()
        begins[1:] &= ~same[:-1]
        starts = np.flatnonzero(begins)
        return starts, self.span(self.hashes[starts])[1]

    def span(self, keys: Hashes) -> tuple[Positions, Positions]:
        """Starts and sizes of the runs of ``keys`` (each present)."""
        starts: Positions = np.searchsorted(self.hashes, keys, side="left")
        ends: Positions = np.searchsorted(self.hashes, keys, side="right")
        return starts, ends - starts

    def ids(self, starts: Positions, counts: Positions) -> Ids:
        """The record ids of the given runs, run after run, in arrival order."""
        total = int(counts.sum())
        # Output slot k belongs to the run whose range holds it: repeat each run's
        # start, then add the offset inside the run.
        run_first = np.cumsum(counts) - counts
        within = np.arange(total) - np.repeat(run_first, counts)
        return self.index.ids_at(self.order[np.repeat(starts, counts) + within])


def duplicates(
    leads: EmailIndex, contacts: EmailIndex
) -> tuple[list[KindSummary], DuplicateGroups]:
    """Emails repeated within Lead, within Contact, and shared by a Lead and a Contact.

    One object at a time (its sorted copy is dropped before the next), so the
    extra memory is about 20 bytes per record of the larger object.
    """
    texts = {**contacts.texts, **leads.texts}
    contact_keys = contacts.unique
    shared = contact_keys[leads._seen.contains(contact_keys)]  # sorted, like both sets
    del contact_keys
    summaries: list[KindSummary] = []
    blocks: list[DuplicateGroups] = []
    overlap: list[tuple[Positions, Ids]] = []  # per object: records and ids of each shared email
    for kind, index in ((DupKind.LEAD, leads), (DupKind.CONTACT, contacts)):
        side = index._sorted()
        starts, counts = side.repeated()
        summaries.append(KindSummary(kind=kind, emails=starts.size, records=int(counts.sum())))
        none = np.zeros(starts.size, dtype=np.intp)
        ids = side.ids(starts, counts)
        blocks.append(
            DuplicateGroups.build(
                kind=kind,
                emails=[texts[h] for h in side.hashes[starts].tolist()],
                leads=counts if kind is DupKind.LEAD else none,
                contacts=none if kind is DupKind.LEAD else counts,
                lead_ids=ids if kind is DupKind.LEAD else _NO_IDS,
                contact_ids=_NO_IDS if kind is DupKind.LEAD else ids,
            )
        )
        shared_starts, shared_counts = side.span(shared)
        overlap.append((shared_counts, side.ids(shared_starts, shared_counts)))
        del side
    (lead_counts, lead_ids), (contact_counts, contact_ids) = overlap
    blocks.append(
        DuplicateGroups.build(
            kind=DupKind.OVERLAP,
            emails=[texts[h] for h in shared.tolist()],
            leads=lead_counts,
            contacts=contact_counts,
            lead_ids=lead_ids,
            contact_ids=contact_ids,
        )
    )
    summaries.append(
        KindSummary(
            kind=DupKind.OVERLAP,
            emails=int(shared.size),
            records=int(lead_counts.sum() + contact_counts.sum()),
        )
    )
    return summaries, DuplicateGroups.concat(blocks)
