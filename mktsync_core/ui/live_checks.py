"""The live pre-flight checks on a page: run them, show them as a checklist, export them.

Checks run by themselves whenever a verified connection exists and the saved
report is older than it (or was judged for another edition), so a page never
shows results for an org or edition the user has since changed.
"""

from __future__ import annotations

import streamlit as st

from mktsync_core import registry
from mktsync_core.checks import CheckReport, CheckResult, CheckStatus, run_prerequisite_checks
from mktsync_core.models import Answer, StepId
from mktsync_core.progress import Progress
from mktsync_core.ui import connection, icons, state
from mktsync_core.ui.state import numbered_title, tr

STATUS_ICONS = {
    CheckStatus.FAIL: icons.ERROR,
    CheckStatus.WARN: icons.WARNING,
    CheckStatus.NOT_VERIFIABLE: icons.HELP,
    CheckStatus.INFO: icons.NOTE,
    CheckStatus.PASS: icons.DONE,
}
_ORDER = list(STATUS_ICONS)


def _stale(report: CheckReport | None, progress: Progress) -> bool:
    if report is None or report.edition is not progress.edition:
        return True
    verified = progress.connection
    return verified is not None and report.ran_at < verified.verified_at


def ensure_fresh() -> CheckReport | None:
    """The prerequisite checks for the current connection and edition, running them if needed."""
    progress = state.progress()
    report = progress.prerequisite_checks
    if not connection.connected() or not _stale(report, progress):
        return report
    with st.status(tr("checkpanel.running"), expanded=False) as status:
        report = run_prerequisite_checks(connection.gateway(), progress.edition)
        status.update(label=tr("checkpanel.ran"), state="complete")
    state.update(prerequisite_checks=report)
    return report


def _rerun() -> None:
    connection.gateway().refresh()
    state.update(prerequisite_checks=None)


def _switch_edition(report: CheckReport) -> None:
    progress = state.progress()
    if report.detected_edition is None:
        return
    state.note_reopened(registry.would_reopen(progress, Answer.EDITION))
    state.commit(registry.change_answer(progress, Answer.EDITION, report.detected_edition))


def _result(result: CheckResult, instance_url: str | None) -> None:
    lang = state.lang()
    icon = STATUS_ICONS[result.status]
    status = tr(f"checks.status.{result.status}")
    expanded = result.status is CheckStatus.FAIL
    with st.expander(f"{result.title(lang)} — {status}", icon=icon, expanded=expanded):
        st.markdown(result.reason(lang))
        fix = result.fix(lang)
        if fix:
            st.markdown(f"**{tr('checks.column.fix')}:** {fix}")
        who = result.who(lang)
        if who:
            st.caption(f"{tr('checks.column.who')}: {who}")
        url = result.setup_url(instance_url)
        if url:
            st.link_button(tr("checks.column.setup"), url, icon=icons.EXTERNAL)
        if result.evidence:
            st.caption(f"{tr('checks.column.evidence')}: `{result.evidence_text()}`")


def _instance_url() -> str | None:
    record = state.progress().connection
    return f"https://{record.instance_host}" if record is not None else None


def panel() -> None:
    """The Prerequisites page's live checks: a checklist, the cost, a re-run, the CSV export."""
    st.subheader(tr("checkpanel.heading"))
    report = ensure_fresh()
    if report is None:
        st.info(tr("checkpanel.not_run"), icon=icons.NOTE)
        return
    progress = state.progress()
    counts = report.status_counts()
    summary = ", ".join(f"{tr(f'checks.status.{s}')} {counts[s]}" for s in _ORDER if counts[s])
    when = report.ran_at.astimezone().strftime("%Y-%m-%d %H:%M")
    st.caption(tr("checkpanel.summary", summary=summary, when=when, calls=report.api_calls))
    if report.blocking:
        st.error(tr("checkpanel.blocking", n=len(report.failures)), icon=icons.ERROR)
    elif report.needs_acknowledgment:
        st.warning(tr("checkpanel.acknowledge", n=len(report.to_acknowledge)), icon=icons.WARNING)
    else:
        st.success(tr("checkpanel.all_clear"), icon=icons.DONE)
    if report.detected_edition is not None and report.detected_edition is not progress.edition:
        st.button(
            tr("checkpanel.switch_edition", edition=tr(f"edition.{report.detected_edition}")),
            key="checks.switch_edition",
            on_click=_switch_edition,
            args=(report,),
        )
    instance_url = _instance_url()
    ordered = sorted(report.results, key=lambda r: _ORDER.index(r.status))
    for result in (r for r in ordered if r.status is not CheckStatus.PASS):
        _result(result, instance_url)
    passed = [r for r in ordered if r.status is CheckStatus.PASS]
    if passed:
        with st.expander(tr("checkpanel.passed", n=len(passed)), icon=icons.DONE):
            for r in passed:
                st.markdown(f"- {r.title(state.lang())}")
    left, right = st.columns(2)
    if connection.connected():
        left.button(tr("checkpanel.rerun"), key="checks.rerun", on_click=_rerun, icon=icons.REFRESH)
    else:
        left.caption(tr("checkpanel.rerun_needs_login"))
    right.download_button(
        tr("checkpanel.download"),
        data=report.to_csv(state.lang(), instance_url),
        file_name=f"mktsync-prerequisites-{progress.setup_id}.csv",
        mime="text/csv",
        key="checks.download",
        icon=icons.DOWNLOAD,
        on_click="ignore",
    )


def guard_prerequisites() -> None:
    """On later pages: a new connection runs the checks too, and what they find sends the user back.

    Covers users who confirmed the prerequisites by hand before they had a token.
    """
    report = ensure_fresh()
    if report is None or registry.is_done(StepId.PREREQUISITES, state.progress()):
        return
    reason = "notice.checks_failed" if report.blocking else "notice.checks_findings"
    state.note_reopened([StepId.PREREQUISITES], reason=reason)
    st.rerun()


def blocking_notice() -> None:
    """Why the Prerequisites step is not done although every box is ticked."""
    report = state.progress().prerequisite_checks
    if report is not None and report.blocking:
        st.error(
            tr("checkpanel.fix_first", step=numbered_title(StepId.PREREQUISITES)),
            icon=icons.ERROR,
        )
