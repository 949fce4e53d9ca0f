"""The Start Sync page's duplicate scan and initial-sync forecast.

The full result (emails and record ids) lives only in this browser session;
the progress store keeps the counts (:class:`DuplicateSummary`), which is what
the gate and the report need. A scan is started by the user - it costs API
calls and, on a large org, minutes - and can be cancelled: Streamlit stops a
running script when another widget is used, so a scan still marked as running
at the start of a run was interrupted, and is recorded as cancelled.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mktsync_core import registry
from mktsync_core.duplicates import (
    MARKETO_BASELINE_PER_DAY,
    DupKind,
    DuplicateReport,
    DuplicateSummary,
    KindSummary,
    OrgVolumes,
    ScanMethod,
    ScanProgress,
    ScanStatus,
    forecast,
    run_scan,
    to_csv,
)
from mktsync_core.salesforce import error_text
from mktsync_core.ui import connection, icons, state
from mktsync_core.ui.state import tr

_REPORT = "dupes.report"
_RUNNING = "dupes.running"
TOP_ROWS = 100


def _record(report: DuplicateReport) -> None:
    st.session_state[_REPORT] = report
    state.commit(registry.record_duplicate_scan(state.progress(), report.summary()))


def _note_interrupted() -> None:
    """A scan the previous run did not finish was cancelled (or stopped): say so, keep going."""
    method = st.session_state.pop(_RUNNING, None)
    if method is not None:
        _record(DuplicateReport(method=ScanMethod(method), status=ScanStatus.CANCELLED))


def _scan(method: ScanMethod | None) -> None:
    gw = connection.gateway()
    st.session_state[_RUNNING] = (method or ScanMethod.AGGREGATE).value
    bar = st.progress(0.0, text=tr("dupes.phase.counting"))
    st.button(tr("dupes.cancel"), key="dupes.cancel", icon=icons.CANCEL)

    def show(progress: ScanProgress) -> None:
        if progress.sobject is not None:
            st.session_state[_RUNNING] = ScanMethod.BULK.value
        text = tr(
            f"dupes.phase.{progress.phase}",
            sobject=tr(f"dupes.object.{progress.sobject}") if progress.sobject else "",
            records=f"{progress.records:,}",
            expected=f"{progress.expected:,}",
        )
        bar.progress(progress.fraction, text=text)

    report = run_scan(gw, method=method, on_progress=show)
    st.session_state.pop(_RUNNING, None)
    _record(report)
    st.rerun()


def _count(kind: KindSummary) -> str:
    return f"{kind.emails:,}+" if kind.at_least else f"{kind.emails:,}"


def _summary_table(summary: DuplicateSummary) -> None:
    rows = [
        {
            tr("dupes.column.kind"): tr(f"dupes.kind.{k.kind}"),
            tr("dupes.column.emails"): _count(k),
            tr("dupes.column.records"): f"{k.records:,}{'+' if k.at_least else ''}",
            tr("dupes.column.in_salesforce"): f"{summary.counts.get(_OBJECT[k.kind], 0):,}"
            if k.kind in _OBJECT
            else "—",
        }
        for k in summary.kinds
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


_OBJECT = {DupKind.LEAD: "Lead", DupKind.CONTACT: "Contact"}


def _status(summary: DuplicateSummary, report: DuplicateReport | None) -> None:
    method = tr(f"dupes.method.{summary.method}")
    when = summary.scanned_at.astimezone().strftime("%Y-%m-%d %H:%M")
    st.caption(tr("dupes.ran", method=method, when=when, calls=summary.api_calls))
    if summary.status is ScanStatus.FAILED:
        body = tr("dupes.failed")
        if report is not None and report.error is not None:
            text = error_text(report.error, state.lang())
            body += f"  \n**{text.title}**  \n{text.fix}"
        st.error(body, icon=icons.ERROR)
    elif summary.status is ScanStatus.CANCELLED:
        st.warning(tr("dupes.cancelled"), icon=icons.WARNING)
    elif summary.status is ScanStatus.AT_LEAST:
        st.warning(tr("dupes.at_least"), icon=icons.WARNING)
    elif summary.duplicate_emails:
        st.warning(tr("dupes.found", n=f"{summary.duplicate_emails:,}"), icon=icons.WARNING)
    else:
        st.success(tr("dupes.clean"), icon=icons.DONE)


def _details(report: DuplicateReport) -> None:
    if not report.rows:
        return
    st.markdown(f"**{tr('dupes.chart.heading')}**")
    chart = report.distribution()
    chart.index = chart.index.map(lambda n: f"{n}+" if n >= 10 else str(n))
    chart.columns = [tr(f"dupes.kind.{c}") for c in chart.columns]
    st.bar_chart(chart, x_label=tr("dupes.chart.x"), y_label=tr("dupes.chart.y"), stack=True)
    st.markdown(f"**{tr('dupes.top.heading', n=min(TOP_ROWS, len(report.rows)))}**")
    top = report.frame(TOP_ROWS)
    top["kind"] = top["kind"].map(lambda k: tr(f"dupes.kind.{k}"))
    top.columns = [tr(f"dupes.column.{c}") for c in top.columns]
    st.dataframe(top, hide_index=True, width="stretch")
    st.download_button(
        tr("dupes.download"),
        data=to_csv(report, state.lang()),
        file_name=f"mktsync-duplicates-{state.progress().setup_id}.csv",
        mime="text/csv",
        key="dupes.download",
        icon=icons.DOWNLOAD,
        on_click="ignore",
    )


def scan_panel() -> None:
    """The duplicate scan: run it, see what it found, export it, and what to do about it."""
    st.subheader(tr("dupes.heading"))
    st.markdown(tr("dupes.intro"))
    _note_interrupted()
    summary = state.progress().duplicate_scan
    report: DuplicateReport | None = st.session_state.get(_REPORT)
    if report is not None and (summary is None or report.scanned_at != summary.scanned_at):
        report = None
    if not connection.connected():
        if summary is None:
            st.info(tr("dupes.needs_connection"), icon=icons.NOTE)
        connection.form(required=True)
    else:
        left, right = st.columns(2)
        again = summary is not None
        if left.button(
            tr("dupes.rescan" if again else "dupes.scan"),
            key="dupes.scan",
            type="secondary" if again else "primary",
            icon=icons.SCAN,
        ):
            _scan(None)
        if (
            summary is not None
            and summary.status is not ScanStatus.COMPLETE
            and right.button(tr("dupes.complete_scan"), key="dupes.complete_scan", icon=icons.SCAN)
        ):
            _scan(ScanMethod.BULK)
        st.caption(tr("dupes.cost"))
    if summary is None:
        return
    _status(summary, report)
    if summary.kinds:
        _summary_table(summary)
    if report is not None:
        _details(report)
    elif summary.kinds:
        st.caption(tr("dupes.summary_only"))
    st.info(tr("dupes.todo"), icon=icons.MERGE)


def forecast_panel() -> None:
    """Record counts, what the initial sync will take, and the daily API budget gauge."""
    summary = state.progress().duplicate_scan
    volumes: OrgVolumes | None = summary.volumes if summary is not None else None
    st.subheader(tr("dupes.forecast.heading"))
    if volumes is None:
        st.caption(tr("dupes.forecast.needs_scan"))
        return
    counts = pd.DataFrame(
        [
            {
                tr("dupes.column.object"): tr(f"dupes.object.{name}"),
                tr("dupes.column.count"): f"{n:,}",
            }
            for name, n in volumes.counts.items()
        ]
    )
    st.dataframe(counts, hide_index=True)
    left, right = st.columns(2)
    changes = left.number_input(
        tr("dupes.forecast.changes"),
        min_value=0,
        value=max(1_000, volumes.total // 100),
        step=500,
        key="dupes.daily_changes",
        help=tr("dupes.forecast.changes.help"),
    )
    triggers = right.number_input(
        tr("dupes.forecast.triggers"),
        min_value=0,
        value=0,
        step=100,
        key="dupes.trigger_syncs",
        help=tr("dupes.forecast.triggers.help"),
    )
    result = forecast(volumes, daily_changes=int(changes), trigger_syncs=int(triggers))
    st.markdown(
        tr(
            f"dupes.forecast.duration.{result.duration}",
            records=f"{result.records:,}",
            calls=f"{result.initial_calls:,}",
        )
    )
    st.markdown(
        tr(
            "dupes.forecast.daily",
            calls=f"{result.daily_calls:,}",
            baseline=f"{MARKETO_BASELINE_PER_DAY:,}",
        )
    )
    if result.limits is None or result.share is None:
        st.info(tr("dupes.forecast.no_limits"), icon=icons.NOTE)
        return
    limits = result.limits
    st.progress(
        min(result.share, 1.0),
        text=tr(
            "dupes.forecast.gauge",
            need=f"{result.daily_calls + result.used_by_others:,}",
            limit=f"{limits.daily_max:,}",
            percent=f"{result.share:.0%}",
        ),
    )
    st.caption(
        tr(
            "dupes.forecast.gauge.caption",
            used=f"{result.used_by_others:,}",
            limit=f"{limits.daily_max:,}",
        )
    )
    if result.short:
        st.error(tr("dupes.forecast.short"), icon=icons.ERROR)
    elif result.first_day_short:
        st.warning(tr("dupes.forecast.first_day"), icon=icons.WARNING)
    else:
        st.success(tr("dupes.forecast.enough"), icon=icons.DONE)
