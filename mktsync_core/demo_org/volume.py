"""Large demo orgs: hundreds of thousands of leads, computed on demand instead of stored.

A benchmark or a trainer's "large org" needs volumes where a full scan matters
(10k to 1M leads), but holding a million generated dicts would cost the demo
org more memory than the client it is meant to measure. Each record is
therefore a pure function of its index - built when a query reaches it and
dropped right after - with duplicates planted by arithmetic so the shape of
the org (duplicates inside Lead, inside Contact, and across both, in mixed
letter case) is the same at every size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from mktsync_core.demo_org.data import make_id

Record = dict[str, Any]

_FIRST = ("haruto", "yui", "sota", "hina", "ren", "aoi", "emma", "liam", "olivia", "noah")
_LAST = ("sato", "suzuki", "tanaka", "ito", "kato", "smith", "brown", "garcia", "miller")
_DOMAINS = ("example.com", "example.co.jp", "example.jp", "example.org", "example.net")
_COMPANIES = ("Sakura Manufacturing", "Fuji Analytics", "Kaze Retail", "Acme Corp", "Globex")
_NO_EMAIL = 3  # every 25th person (index % 25 == 3) has no email, as in real orgs
_STEP = 25


def _spelling(email: str, i: int) -> str:
    """The same address as people type it: as is, in capitals, or capitalised."""
    style = i % 3
    if style == 1:
        return email.upper()
    if style == 2:
        local, _, domain = email.partition("@")
        return local.capitalize() + "@" + domain
    return email


def _address(kind: str, i: int) -> str:
    first, last = _FIRST[i % len(_FIRST)], _LAST[(i // 7) % len(_LAST)]
    return f"{first}.{last}.{kind}{i}@{_DOMAINS[(i // 3) % len(_DOMAINS)]}"


class LargeVolume:
    """The Lead and Contact tables of a large org with ``leads`` leads (contacts: a fifth).

    The last 2% of leads repeat the email of a lead whose index is a multiple
    of 25; every tenth contact carries the email of a lead at index 25k+1; every
    50th contact (j % 50 == 7) repeats the contact two before it.
    """

    def __init__(self, leads: int) -> None:
        self.leads = leads
        self.contacts = leads // 5
        self._originals = leads - leads // 50
        self._slots = max(self._originals // _STEP, 1)

    def lead_email(self, i: int) -> str | None:
        if i >= self._originals:
            source = ((i - self._originals) * 7919 % self._slots) * _STEP
            return _spelling(_address("l", source), i)
        return None if i % _STEP == _NO_EMAIL else _address("l", i)

    def contact_email(self, j: int) -> str | None:
        if j % 10 == 0:
            return _spelling(_address("l", (j // 10 * 37 % self._slots) * _STEP + 1), j)
        if j % 50 == 7:
            return _spelling(_address("c", j - 2), j)
        return None if j % _STEP == _NO_EMAIL else _address("c", j)

    def lead(self, i: int) -> Record:
        return {
            "Id": make_id("00Q", i),
            **_person(i, self.lead_email(i)),
            "Company": _COMPANIES[i % len(_COMPANIES)],
            "Status": "Open - Not Contacted",
            "IsConverted": False,
        }

    def contact(self, j: int) -> Record:
        return {"Id": make_id("003", j), **_person(j, self.contact_email(j))}

    def tables(self) -> dict[str, Sequence[Record]]:
        return {
            "Lead": Computed(self.leads, self.lead),
            "Contact": Computed(self.contacts, self.contact),
        }


def _person(i: int, email: str | None) -> Record:
    first, last = _FIRST[i % len(_FIRST)].capitalize(), _LAST[(i // 7) % len(_LAST)].capitalize()
    return {
        "FirstName": first,
        "LastName": last,
        "Name": f"{first} {last}",
        "Email": email,
        "IsDeleted": False,
        "HasOptedOutOfEmail": False,
    }


class Computed(Sequence[Record]):
    """A read-only table whose rows are built on access and never kept."""

    def __init__(self, size: int, build: Any) -> None:
        self._size = size
        self._build = build

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Record]: ...
    def __getitem__(self, index: int | slice) -> Record | Sequence[Record]:
        if isinstance(index, slice):
            return [self._build(i) for i in range(*index.indices(self._size))]
        if not -self._size <= index < self._size:
            raise IndexError(index)
        record: Record = self._build(index % self._size)
        return record

    def __iter__(self) -> Iterator[Record]:
        return (self._build(i) for i in range(self._size))
