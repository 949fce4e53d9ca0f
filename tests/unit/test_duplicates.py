"""The duplicate scan: local logic over hand-built data, and the whole scan against the demo org.

The demo org's data has planted duplicates; a brute-force count over its
records (trim, lower case, group) is the oracle both scan methods must agree with.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pytest

from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.duplicates import (
    DupKind,
    EmailIndex,
    OrgVolumes,
    ScanMethod,
    ScanStatus,
    aggregate_scan,
    choose_method,
    forecast,
    full_scan,
    run_scan,
    survey,
    to_csv,
)
from mktsync_core.duplicates.budget import Duration
from mktsync_core.duplicates.index import duplicates
from mktsync_core.salesforce import ApiLimits, LimitsSource, SalesforceGateway, SfErrorCode


def frame(rows: Sequence[tuple[str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Id", "Email"])


def index_of(
    *chunks: Sequence[tuple[str, str | None]], other: EmailIndex | None = None
) -> EmailIndex:
    index = EmailIndex()
    for chunk in chunks:
        index.add(frame(chunk), other=other)
    return index


def by_kind(rows: Any, kind: DupKind) -> dict[str, Any]:
    return {r.email: r for r in rows if r.kind is kind}


# ------------------------------------------------------------ local logic


def test_case_whitespace_and_blanks_are_handled_like_marketo() -> None:
    leads = index_of(
        [("L1", "Yui@Example.com"), ("L2", " yui@example.com "), ("L3", None), ("L4", "")],
        [("L5", "YUI@EXAMPLE.COM"), ("L6", "ren@example.com"), ("L7", "   ")],
    )
    kinds, rows = duplicates(leads, EmailIndex())
    lead_rows = by_kind(rows, DupKind.LEAD)
    assert set(lead_rows) == {"yui@example.com"}
    assert lead_rows["yui@example.com"].lead_ids == ("L1", "L2", "L5")
    assert kinds[0].emails == 1 and kinds[0].records == 3
    assert leads.records == 4  # blanks and missing emails are not people to match


def test_lead_contact_overlap_across_chunks_with_ids() -> None:
    leads = index_of([("L1", "a@x.jp"), ("L2", "b@x.jp")], [("L3", "A@X.JP")])
    contacts = index_of([("C1", "c@x.jp")], [("C2", "b@X.jp"), ("C3", "d@x.jp")], other=leads)
    kinds, rows = duplicates(leads, contacts)
    overlap = by_kind(rows, DupKind.OVERLAP)
    assert set(overlap) == {"b@x.jp"}
    assert overlap["b@x.jp"].lead_ids == ("L2",) and overlap["b@x.jp"].contact_ids == ("C2",)
    assert [k.emails for k in kinds] == [1, 0, 1]
    assert by_kind(rows, DupKind.LEAD)["a@x.jp"].lead_ids == ("L1", "L3")


def test_more_than_two_thousand_groups_are_all_counted_by_the_index() -> None:
    rows = [(f"L{i}", f"p{i % 2500}@x.jp") for i in range(5000)]
    leads = index_of(rows[:1700], rows[1700:])
    kinds, found = duplicates(leads, EmailIndex())
    assert kinds[0].emails == 2500 and kinds[0].records == 5000
    assert all(r.leads == 2 for r in found)


def test_csv_export_has_a_bom_and_translated_headers() -> None:
    leads = index_of([("L1", "a@x.jp"), ("L2", "A@x.jp")])
    kinds, rows = duplicates(leads, EmailIndex())
    from mktsync_core.duplicates import DuplicateReport

    report = DuplicateReport(
        method=ScanMethod.BULK, status=ScanStatus.COMPLETE, kinds=tuple(kinds), rows=tuple(rows)
    )
    data = to_csv(report, "ja")
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[0][1] == "メールアドレス（小文字）"
    assert parsed[1][1:3] == ["a@x.jp", "2"] and parsed[1][5] == "L1 L2"


def test_many_small_chunks_give_exactly_the_brute_force_groups_with_ids_in_order() -> None:
    # Many pages make the seen-set merge its runs many times; case and blanks vary per record.
    rng = random.Random(7)
    spell = (str, str.upper, lambda e: f"  {e.title()} ")

    def people(prefix: str, n: int, pool: int) -> list[tuple[str, str | None]]:
        def email() -> str | None:
            return (
                None if rng.random() < 0.05 else rng.choice(spell)(f"p{rng.randrange(pool)}@x.jp")
            )

        return [(f"{prefix}{i}", email()) for i in range(n)]

    lead_rows, contact_rows = people("L", 3000, 2500), people("C", 1200, 4000)
    leads = index_of(*(lead_rows[i : i + 37] for i in range(0, len(lead_rows), 37)))
    contacts = index_of(
        *(contact_rows[i : i + 53] for i in range(0, len(contact_rows), 53)), other=leads
    )

    def members(rows: list[tuple[str, str | None]]) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for record_id, email in rows:
            if email and email.strip():
                out.setdefault(email.strip().lower(), []).append(record_id)
        return {e: tuple(ids) for e, ids in out.items()}

    by_lead, by_contact = members(lead_rows), members(contact_rows)
    kinds, groups = duplicates(leads, contacts)
    found = {(r.kind, r.email): (r.lead_ids, r.contact_ids) for r in groups}
    shared = by_lead.keys() & by_contact.keys()
    expected = {
        **{(DupKind.LEAD, e): (ids, ()) for e, ids in by_lead.items() if len(ids) > 1},
        **{(DupKind.CONTACT, e): ((), ids) for e, ids in by_contact.items() if len(ids) > 1},
        **{(DupKind.OVERLAP, e): (by_lead[e], by_contact[e]) for e in shared},
    }
    assert found == expected
    assert all(r.leads == len(r.lead_ids) and r.contacts == len(r.contact_ids) for r in groups)
    per_kind = [
        [len(a) + len(b) for (k, _), (a, b) in expected.items() if k is kind] for kind in DupKind
    ]
    assert [(k.emails, k.records) for k in kinds] == [(len(n), sum(n)) for n in per_kind]
    assert sorted(leads.unique.tolist()) == leads.unique.tolist() and len(leads.unique) == len(
        by_lead
    )


def test_groups_are_shown_most_records_first_and_the_csv_lists_every_group() -> None:
    leads = index_of([("L1", "b@x.jp"), ("L2", "a@x.jp"), ("L3", "B@x.jp"), ("L4", "c@x.jp")])
    leads.add(frame([("L5", "a@x.jp"), ("L6", "b@x.jp"), ("L7", "d@x.jp"), ("L8", "d@x.jp")]))
    contacts = index_of([("C1", "c@x.jp"), ("C2", "e@x.jp")], other=leads)
    kinds, groups = duplicates(leads, contacts)
    from mktsync_core.duplicates import DuplicateReport

    report = DuplicateReport(
        method=ScanMethod.BULK, status=ScanStatus.COMPLETE, kinds=tuple(kinds), rows=groups
    )
    table = report.frame()
    assert list(zip(table["kind"], table["email"], table["records"], strict=True)) == [
        ("lead", "b@x.jp", 3),
        ("lead", "a@x.jp", 2),
        ("overlap", "c@x.jp", 2),
        ("lead", "d@x.jp", 2),
    ]
    assert table.iloc[0]["lead_ids"] == "L1 L3 L6" and table.iloc[2]["contact_ids"] == "C1"
    assert report.frame(2).equals(table.head(2))
    assert len(report.rows) == 4 and len(to_csv(report, "en").decode("utf-8-sig").splitlines()) == 5
    assert report.distribution().loc[2].tolist() == [2, 0, 1]
    assert DuplicateReport.model_validate(report.model_dump()).frame().equals(table)
    empty = DuplicateReport(method=ScanMethod.BULK, status=ScanStatus.CANCELLED)
    assert not empty.rows and empty.frame().empty and empty.distribution().empty


def test_forecast_warns_when_the_daily_limit_is_short() -> None:
    limits = ApiLimits(daily_max=15_000, daily_remaining=8_000, source=LimitsSource.LIMITS_RESOURCE)
    volumes = OrgVolumes(counts={"Lead": 90_000, "Contact": 30_000}, limits=limits)
    ok = forecast(volumes, daily_changes=2_000)
    assert ok.daily_calls == 7_200 + 10 and ok.initial_calls == 600
    assert ok.duration is Duration.UP_TO_A_DAY and not ok.short
    short = forecast(volumes, daily_changes=2_000, trigger_syncs=800)
    assert short.short  # 7,000 used + 7,200 + 10 + 800 > 15,000
    assert forecast(OrgVolumes(counts={"Lead": 10}), daily_changes=0).share is None


# --------------------------------------------------------- against the demo org


def logged_in(org: DemoOrg, scenario: Scenario = Scenario.HEALTHY) -> SalesforceGateway:
    gw = SalesforceGateway(demo_session(org))
    assert not isinstance(gw.login(SCENARIOS[scenario].credentials()), Exception)
    return gw


def brute_force(org: DemoOrg, scenario: Scenario) -> dict[DupKind, int]:
    def counts(sobject: str) -> Counter[str]:
        emails = (str(r.get("Email") or "").strip().lower() for r in org.records(scenario, sobject))
        return Counter(e for e in emails if e)

    leads, contacts = counts("Lead"), counts("Contact")
    return {
        DupKind.LEAD: sum(1 for c in leads.values() if c > 1),
        DupKind.CONTACT: sum(1 for c in contacts.values() if c > 1),
        DupKind.OVERLAP: len(leads.keys() & contacts.keys()),
    }


def test_survey_counts_every_synced_object_in_one_api_call() -> None:
    org = DemoOrg()
    gw = logged_in(org)
    before = org.api_calls_used(SCENARIOS[Scenario.HEALTHY])
    with gw.counting() as used:
        volumes = survey(gw)
    assert isinstance(volumes, OrgVolumes)
    assert used.api_calls == 1 == org.api_calls_used(SCENARIOS[Scenario.HEALTHY]) - before
    assert volumes.counts == {
        "Lead": 3000, "Contact": 2000, "Account": 400, "Opportunity": 300, "Campaign": 12
    }  # fmt: skip
    assert volumes.limits is not None and volumes.limits.daily_max == 15_000
    assert choose_method(volumes) is ScanMethod.AGGREGATE


def test_aggregate_scan_on_the_healthy_org_is_exact_inside_objects() -> None:
    org = DemoOrg()
    gw = logged_in(org)
    report = run_scan(gw)
    truth = brute_force(org, Scenario.HEALTHY)
    kinds = {k.kind: k for k in report.kinds}
    assert report.method is ScanMethod.AGGREGATE and report.api_calls == 3
    assert kinds[DupKind.LEAD].emails == truth[DupKind.LEAD] == 40
    assert kinds[DupKind.CONTACT].emails == truth[DupKind.CONTACT] == 15
    # 3,000 leads have more distinct emails than one aggregate page: the overlap is a lower bound.
    assert kinds[DupKind.OVERLAP].at_least and kinds[DupKind.OVERLAP].emails <= 25
    assert report.status is ScanStatus.AT_LEAST
    top = report.frame().iloc[0]
    assert len(top["lead_ids"].split() + top["contact_ids"].split()) == top["records"]


def test_many_duplicates_say_at_least_two_thousand() -> None:
    org = DemoOrg()
    report = aggregate_scan(logged_in(org, Scenario.MANY_DUPLICATES), OrgVolumes(counts={}))
    lead = next(k for k in report.kinds if k.kind is DupKind.LEAD)
    assert lead.emails == 2000 and lead.at_least
    assert brute_force(org, Scenario.MANY_DUPLICATES)[DupKind.LEAD] == 2300


@pytest.mark.parametrize("scenario", [Scenario.HEALTHY, Scenario.MANY_DUPLICATES])
def test_the_complete_scan_matches_a_brute_force_count(scenario: Scenario) -> None:
    org = DemoOrg()
    gw = logged_in(org, scenario)
    report = run_scan(gw, method=ScanMethod.BULK, page_records=1000, sleep=lambda _: None)
    assert report.status is ScanStatus.COMPLETE
    assert {k.kind: k.emails for k in report.kinds} == brute_force(org, scenario)
    assert not any(k.at_least for k in report.kinds)


def test_a_large_org_takes_the_bulk_path_with_an_exact_call_budget() -> None:
    org = DemoOrg(lead_volume=60_000)  # + 12,000 contacts
    gw = logged_in(org)
    seen: list[float] = []
    before = org.api_calls_used(SCENARIOS[Scenario.HEALTHY])
    report = run_scan(gw, page_records=20_000, on_progress=lambda p: seen.append(p.fraction))
    assert report.method is ScanMethod.BULK and report.status is ScanStatus.COMPLETE
    # survey 1 + per object: create 1 + 2 polls + pages (Lead 3 of 20,000, Contact 1).
    assert report.api_calls == 1 + (1 + 2 + 3) + (1 + 2 + 1)
    assert org.api_calls_used(SCENARIOS[Scenario.HEALTHY]) - before == report.api_calls
    assert {k.kind: k.emails for k in report.kinds} == brute_force(org, Scenario.HEALTHY)
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0, abs=0.05)


def test_cancel_aborts_the_running_job() -> None:
    org = DemoOrg(lead_volume=60_000)
    gw = logged_in(org)
    volumes = survey(gw)
    assert isinstance(volumes, OrgVolumes)
    polls: list[int] = []
    report = full_scan(
        gw, volumes, cancelled=lambda: bool(polls.append(1)) or len(polls) > 1, sleep=lambda _: None
    )
    assert report.status is ScanStatus.CANCELLED and report.error is None and not report.rows
    job = gw.bulk_job("Lead", "750000000000001AAA")
    assert not isinstance(job, Exception) and job.state == "Aborted"


def test_an_interrupted_scan_still_aborts_its_job() -> None:
    org = DemoOrg(lead_volume=60_000)
    gw = logged_in(org)
    volumes = survey(gw)
    assert isinstance(volumes, OrgVolumes)

    def stop(progress: Any) -> None:
        if progress.sobject:
            raise KeyboardInterrupt  # what Streamlit's StopException does to the loop

    with pytest.raises(KeyboardInterrupt):
        full_scan(gw, volumes, on_progress=stop, sleep=lambda _: None)
    job = gw.bulk_job("Lead", "750000000000001AAA")
    assert not isinstance(job, Exception) and job.state == "Aborted"


def test_a_refused_scan_is_a_failed_report_not_an_exception() -> None:
    org = DemoOrg()
    gw = logged_in(org, Scenario.HEALTHY)
    gw.forget()
    report = run_scan(gw)
    assert report.status is ScanStatus.FAILED
    assert report.error is not None and report.error.code is SfErrorCode.NOT_CONNECTED


def test_summary_for_the_progress_store_holds_no_email_or_id() -> None:
    org = DemoOrg()
    report = run_scan(logged_in(org), method=ScanMethod.BULK, sleep=lambda _: None)
    saved = report.summary().model_dump_json()
    assert "@" not in saved and "00Q" not in saved and len(saved) < 1_000


# ------------------------------------------------ gateway: composite queries, Bulk API 2.0


def test_queries_batch_five_per_composite_call_and_keep_errors_per_query() -> None:
    org = DemoOrg()
    gw = logged_in(org)
    soqls = [f"SELECT COUNT() FROM {o}" for o in ("Lead", "Contact", "Account", "Task", "Event")]
    with gw.counting() as used:
        results = gw.queries([*soqls, "SELECT Nope FROM Lead"])
    assert used.api_calls == 2
    assert isinstance(results, list)
    assert [getattr(r, "total_size", None) for r in results[:5]] == [3000, 2000, 400, 400, 150]
    error = results[5]
    assert not hasattr(error, "total_size") and error.code is SfErrorCode.NOT_ACCESSIBLE


def test_bulk_pages_follow_the_locator_and_refuse_aggregates() -> None:
    org = DemoOrg()
    gw = logged_in(org)
    refused = gw.bulk_query("Lead", "SELECT Email, COUNT(Id) FROM Lead GROUP BY Email")
    assert getattr(refused, "code", None) is SfErrorCode.UNEXPECTED_ERROR
    assert refused.sf_code == "INVALIDJOB"  # type: ignore[union-attr]
    job = gw.bulk_query("Contact", "SELECT Id, Email FROM Contact WHERE Email != null")
    assert not isinstance(job, Exception) and job.state == "UploadComplete"
    early = gw.bulk_results("Contact", job.id)
    assert getattr(early, "sf_code", None) == "INVALIDJOBSTATE"
    while not job.finished:
        job = gw.bulk_job("Contact", job.id)  # type: ignore[assignment]
    pages, locator = [], None
    while True:
        page = gw.bulk_results("Contact", job.id, locator=locator, max_records=700)
        assert not isinstance(page, Exception)
        pages.append(page)
        locator = page.locator
        if locator is None:
            break
    rows = [r for p in pages for r in list(csv.DictReader(io.StringIO(p.csv)))]
    with_email = [r for r in org.records(Scenario.HEALTHY, "Contact") if r.get("Email")]
    assert [p.records for p in pages] == [700, 700, len(with_email) - 1400]
    assert [r["Id"] for r in rows] == [r["Id"] for r in with_email]
    assert job.number_records_processed == len(with_email)


def test_large_volume_leaves_the_scenarios_own_data_alone() -> None:
    assert len(DemoOrg().records(Scenario.HEALTHY, "Lead")) == 3000
    large = DemoOrg(lead_volume=200_000)
    leads = large.records(Scenario.HEALTHY, "Lead")
    assert len(leads) == 200_000 and len(large.records(Scenario.HEALTHY, "Contact")) == 40_000
    assert leads[199_999]["Id"].startswith("00Q") and leads[-1] == leads[199_999]
    assert len(large.records(Scenario.HEALTHY, "Account")) == 400
