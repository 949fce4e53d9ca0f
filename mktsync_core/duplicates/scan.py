"""The duplicate scan of the verified org: counts first, then aggregates or the complete scan.

Order of work, cheapest first:

1. :func:`survey` - record counts of the synced objects in one composite call
   (one API call); the org's daily allocation comes free with the answer's
   ``Sforce-Limit-Info`` header.
2. :func:`choose_method` - below :data:`BULK_MIN_PEOPLE` leads + contacts,
   :func:`aggregate_scan` asks Salesforce to group (``GROUP BY Email HAVING
   COUNT(Id) > 1``) in one composite call, and fetches the record ids of the
   top groups in a second one. An aggregate answer cannot be paged: a full
   page of 2,000 groups means "at least 2,000". SOQL cannot join Lead to
   Contact on Email (a semi-join needs an id field), so the overlap comes from
   each object's distinct emails (also aggregates, also capped at 2,000): a
   lower bound once either list is full. SOQL compares text
   case-insensitively and groups emails the same way, so the aggregates merge
   case variants; spellings are merged again locally in case an org differs.
3. Above it, :func:`full_scan` streams the ``Id, Email`` columns of Lead then
   Contact through Bulk API 2.0 query jobs, page by page into an
   :class:`~mktsync_core.duplicates.index.EmailIndex`: exact, complete and
   with every record id, at a few API calls per object, with progress and a
   way to cancel between requests.

Every function returns a report; failures are reports with an error, never
exceptions (except the caller's own, e.g. Streamlit stopping the script, which
still aborts a running job on the way out).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import pandas as pd
from simple_salesforce.format import format_soql

from mktsync_core.duplicates.index import EmailIndex, duplicates, normalise
from mktsync_core.duplicates.models import (
    DupKind,
    DuplicateGroups,
    DuplicateReport,
    DuplicateRow,
    KindSummary,
    OrgVolumes,
    ScanMethod,
    ScanStatus,
)
from mktsync_core.salesforce import (
    BulkJobState,
    QueryResult,
    SalesforceGateway,
    SfError,
    SfErrorCode,
)

# The objects Marketo's initial sync copies (Activities are pushed, not copied).
SYNCED_OBJECTS = ("Lead", "Contact", "Account", "Opportunity", "Campaign")
PEOPLE = ("Lead", "Contact")
AGGREGATE_PAGE = 2000
# Above this many leads + contacts the aggregates are likely to hit their caps
# (and QUERY_TIMEOUT on big tables), and Bulk's few calls beat them anyway.
BULK_MIN_PEOPLE = 50_000
BULK_PAGE_RECORDS = 50_000
TOP_WITH_IDS = 20  # duplicated emails per kind whose record ids the aggregate scan fetches
_POLL_FIRST, _POLL_MAX = 1.0, 10.0
T = TypeVar("T")


class Phase(StrEnum):
    COUNTING = "counting"
    AGGREGATING = "aggregating"
    WAITING = "waiting"  # the org is running a Bulk query job
    DOWNLOADING = "downloading"
    DONE = "done"


@dataclass(frozen=True)
class ScanProgress:
    phase: Phase
    sobject: str | None = None
    records: int = 0
    expected: int = 0

    @property
    def fraction(self) -> float:
        """Share of the people downloaded (Lead then Contact), for a progress bar."""
        return min(self.records / self.expected, 1.0) if self.expected else 0.0


Progress = Callable[[ScanProgress], None]
Cancelled = Callable[[], bool]


def _never() -> bool:
    return False


def _ignore(_: ScanProgress) -> None:
    return None


def survey(gw: SalesforceGateway) -> OrgVolumes | SfError:
    """Record counts of the synced objects (one API call); an object the user can't see counts 0."""
    results = gw.queries([f"SELECT COUNT() FROM {name}" for name in SYNCED_OBJECTS])
    if isinstance(results, SfError):
        return results
    counts: dict[str, int] = {}
    for name, result in zip(SYNCED_OBJECTS, results, strict=True):
        if isinstance(result, SfError):
            if name in PEOPLE or not result.not_verifiable:
                return result.model_copy(update={"subject": name})
            continue
        counts[name] = result.total_size
    return OrgVolumes(counts=counts, limits=gw.api_usage)


def choose_method(volumes: OrgVolumes) -> ScanMethod:
    return ScanMethod.BULK if volumes.people >= BULK_MIN_PEOPLE else ScanMethod.AGGREGATE


def _having(sobject: str) -> str:
    return (
        f"SELECT Email, COUNT(Id) c FROM {sobject} WHERE Email != null GROUP BY Email"
        f" HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC LIMIT {AGGREGATE_PAGE}"
    )


def _distinct(sobject: str) -> str:
    return (
        f"SELECT Email, COUNT(Id) c FROM {sobject} WHERE Email != null GROUP BY Email"
        f" LIMIT {AGGREGATE_PAGE}"
    )


def _counted(result: QueryResult) -> dict[str, int]:
    """Aggregate rows as normalised email -> records (case variants merged)."""
    frame = pd.DataFrame(result.records, columns=["Email", "c"])
    frame["Email"] = normalise(frame["Email"])
    merged = frame.dropna().groupby("Email")["c"].sum()
    return {str(k): int(v) for k, v in merged.items()}


def aggregate_scan(gw: SalesforceGateway, volumes: OrgVolumes) -> DuplicateReport:
    """Duplicates from server-side aggregates: two API calls, lower bounds on full pages."""
    with gw.counting() as used:
        answers = gw.queries([_having(o) for o in PEOPLE] + [_distinct(o) for o in PEOPLE])
        failure = _first_error(answers)
        if failure is not None:
            return _failed(ScanMethod.AGGREGATE, volumes, failure, used.api_calls)
        assert not isinstance(answers, SfError)
        results = [a for a in answers if isinstance(a, QueryResult)]
        full = [len(r.records) >= AGGREGATE_PAGE for r in results]
        lead_dups, contact_dups, lead_all, contact_all = (_counted(r) for r in results)
        lead_dups = {e: c for e, c in {**lead_dups, **lead_all}.items() if c > 1}
        contact_dups = {e: c for e, c in {**contact_dups, **contact_all}.items() if c > 1}
        shared = sorted(lead_all.keys() & contact_all.keys())
        kinds = (
            KindSummary(
                kind=DupKind.LEAD,
                emails=len(lead_dups),
                records=sum(lead_dups.values()),
                at_least=full[0],
            ),
            KindSummary(
                kind=DupKind.CONTACT,
                emails=len(contact_dups),
                records=sum(contact_dups.values()),
                at_least=full[1],
            ),
            KindSummary(
                kind=DupKind.OVERLAP,
                emails=len(shared),
                records=sum(lead_all[e] + contact_all[e] for e in shared),
                at_least=full[2] or full[3],
            ),
        )
        rows = [
            *(_row(DupKind.LEAD, e, c, 0) for e, c in lead_dups.items()),
            *(_row(DupKind.CONTACT, e, 0, c) for e, c in contact_dups.items()),
            *(_row(DupKind.OVERLAP, e, lead_all[e], contact_all[e]) for e in shared),
        ]
        with_ids = _with_ids(gw, rows)
        if isinstance(with_ids, SfError):
            return _failed(ScanMethod.AGGREGATE, volumes, with_ids, used.api_calls)
    status = ScanStatus.AT_LEAST if any(full) else ScanStatus.COMPLETE
    return DuplicateReport(
        method=ScanMethod.AGGREGATE,
        status=status,
        volumes=volumes,
        kinds=kinds,
        rows=DuplicateGroups.from_rows(with_ids),
        api_calls=used.api_calls,
    )


def _row(kind: DupKind, email: str, leads: int, contacts: int) -> DuplicateRow:
    return DuplicateRow(kind=kind, email=email, leads=leads, contacts=contacts)


def _top(rows: Sequence[DuplicateRow], kind: DupKind) -> list[str]:
    ranked = sorted((r for r in rows if r.kind is kind), key=lambda r: (-r.records, r.email))
    return [r.email for r in ranked[:TOP_WITH_IDS]]


def _with_ids(gw: SalesforceGateway, rows: list[DuplicateRow]) -> list[DuplicateRow] | SfError:
    """The rows, with record ids for the top emails of each kind (one composite call)."""
    overlap = _top(rows, DupKind.OVERLAP)
    wanted = {
        "Lead": sorted({*_top(rows, DupKind.LEAD), *overlap}),
        "Contact": sorted({*_top(rows, DupKind.CONTACT), *overlap}),
    }
    asked = [name for name in PEOPLE if wanted[name]]
    if not asked:
        return rows
    soqls = [
        format_soql(f"SELECT Id, Email FROM {name} WHERE Email IN {{}}", wanted[name])
        for name in asked
    ]
    answers = gw.queries(soqls)
    failure = _first_error(answers)
    if failure is not None:
        return failure
    assert not isinstance(answers, SfError)
    ids: dict[tuple[str, str], list[str]] = {}
    for name, answer in zip(asked, answers, strict=True):
        assert isinstance(answer, QueryResult)
        for record in answer.records:
            email = str(record.get("Email") or "").strip().lower()
            ids.setdefault((name, email), []).append(str(record["Id"]))
    out = []
    for row in rows:
        lead_ids = () if row.kind is DupKind.CONTACT else tuple(ids.get(("Lead", row.email), ()))
        contact_ids = () if row.kind is DupKind.LEAD else tuple(ids.get(("Contact", row.email), ()))
        out.append(row.model_copy(update={"lead_ids": lead_ids, "contact_ids": contact_ids}))
    return out


def _first_error(answers: list[QueryResult | SfError] | SfError) -> SfError | None:
    if isinstance(answers, SfError):
        return answers
    return next((a for a in answers if isinstance(a, SfError)), None)


def _failed(
    method: ScanMethod,
    volumes: OrgVolumes | None,
    error: SfError | None,
    api_calls: int,
    status: ScanStatus = ScanStatus.FAILED,
) -> DuplicateReport:
    return DuplicateReport(
        method=method, status=status, volumes=volumes, error=error, api_calls=api_calls
    )


class _Stop(Exception):
    """Internal: the user cancelled, or the org refused; carries what to report."""

    def __init__(self, error: SfError | None) -> None:
        super().__init__()
        self.error = error


def full_scan(
    gw: SalesforceGateway,
    volumes: OrgVolumes,
    *,
    page_records: int = BULK_PAGE_RECORDS,
    on_progress: Progress = _ignore,
    cancelled: Cancelled = _never,
    sleep: Callable[[float], None] = time.sleep,
) -> DuplicateReport:
    """The complete scan: Lead then Contact emails through Bulk API 2.0, a page at a time.

    Client memory holds one page of CSV (``page_records`` rows) plus the compact
    index; API calls per object: create + polls + one per page.
    """
    expected = volumes.people
    indexes = {name: EmailIndex() for name in PEOPLE}
    done = 0
    with gw.counting() as used:
        try:
            for name in PEOPLE:
                other = indexes["Lead"] if name == "Contact" else None
                done = _stream(
                    gw, name, indexes[name], other, page_records, done, expected,
                    on_progress, cancelled, sleep,
                )  # fmt: skip
        except _Stop as stop:
            status = ScanStatus.FAILED if stop.error else ScanStatus.CANCELLED
            return _failed(ScanMethod.BULK, volumes, stop.error, used.api_calls, status)
        kinds, groups = duplicates(indexes["Lead"], indexes["Contact"])
        del indexes  # the per-record columns: only the groups are kept
        on_progress(ScanProgress(Phase.DONE, None, done, expected))
    return DuplicateReport(
        method=ScanMethod.BULK,
        status=ScanStatus.COMPLETE,
        volumes=volumes,
        kinds=tuple(kinds),
        rows=groups,
        api_calls=used.api_calls,
    )


def _stream(
    gw: SalesforceGateway,
    sobject: str,
    index: EmailIndex,
    other: EmailIndex | None,
    page_records: int,
    done: int,
    expected: int,
    on_progress: Progress,
    cancelled: Cancelled,
    sleep: Callable[[float], None],
) -> int:
    """One object's job: create, wait, page through; returns the running record total."""
    job = _ok(gw.bulk_query(sobject, f"SELECT Id, Email FROM {sobject} WHERE Email != null"))
    finished = False
    try:
        delay = _POLL_FIRST
        while not job.finished:
            on_progress(ScanProgress(Phase.WAITING, sobject, done, expected))
            if cancelled():
                raise _Stop(None)
            sleep(delay)
            delay = min(delay * 2, _POLL_MAX)
            job = _ok(gw.bulk_job(sobject, job.id))
        if job.state is not BulkJobState.JOB_COMPLETE:
            finished = True
            raise _Stop(SfError(code=SfErrorCode.QUERY_TOO_LARGE, sf_message=job.error_message))
        locator: str | None = None
        while True:
            on_progress(ScanProgress(Phase.DOWNLOADING, sobject, done, expected))
            if cancelled():
                raise _Stop(None)
            page = _ok(gw.bulk_results(sobject, job.id, locator=locator, max_records=page_records))
            if page.records:
                frame = pd.read_csv(
                    io.StringIO(page.csv), dtype=str, keep_default_na=False, usecols=["Id", "Email"]
                )
                index.add(frame, other=other)
            done += page.records
            locator = page.locator
            if locator is None:
                finished = True
                return done
    finally:
        if not finished and job.state is not BulkJobState.JOB_COMPLETE:
            # Cancelled (by us or by Streamlit stopping the script): stop the org's work too.
            gw.bulk_abort(sobject, job.id)


def _ok(value: T | SfError) -> T:
    if isinstance(value, SfError):
        raise _Stop(value)
    return value


def run_scan(
    gw: SalesforceGateway,
    *,
    method: ScanMethod | None = None,
    page_records: int = BULK_PAGE_RECORDS,
    on_progress: Progress = _ignore,
    cancelled: Cancelled = _never,
    sleep: Callable[[float], None] = time.sleep,
) -> DuplicateReport:
    """Survey, choose, scan: what the page runs (and the benchmark times)."""
    with gw.counting() as used:
        on_progress(ScanProgress(Phase.COUNTING))
        volumes = survey(gw)
        if isinstance(volumes, SfError):
            return _failed(method or ScanMethod.AGGREGATE, None, volumes, used.api_calls)
        chosen = method or choose_method(volumes)
        if chosen is ScanMethod.AGGREGATE:
            on_progress(ScanProgress(Phase.AGGREGATING))
            report = aggregate_scan(gw, volumes)
        else:
            report = full_scan(
                gw,
                volumes,
                page_records=page_records,
                on_progress=on_progress,
                cancelled=cancelled,
                sleep=sleep,
            )
    return report.model_copy(update={"api_calls": used.api_calls})
