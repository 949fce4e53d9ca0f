"""The mapping review on the Confirm Credentials page: what Marketo will map, and the edits.

The describes are read once per verified login and kept in this browser
session; the edits live in the saved progress, so a refresh or another page
never loses them. The editor's key changes only when its rows are replaced
from outside (a CSV import, a re-fetch), which is when Streamlit must forget
the grid's own pending edits.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mktsync_core import registry
from mktsync_core.mapping import (
    CsvProblem,
    MappingPlan,
    MappingReview,
    PairReason,
    ReviewDescribes,
    StandardStatus,
    build_review,
    export_csv,
    fetch_review_describes,
    planned_hidden,
    read_csv,
    with_final,
)
from mktsync_core.mapping.present import (
    actions,
    contact_option_text,
    contact_options,
    dropped_text,
    edit_summary,
    editor_frame,
    final_from_editor,
    standard_frame,
)
from mktsync_core.models import StepId
from mktsync_core.salesforce import SfError, calls_used_text, error_text
from mktsync_core.ui import connection, icons, state
from mktsync_core.ui.state import numbered_title, tr

_DESCRIBES = "mapping.describes"
_CALLS = "mapping.calls_used"
_EPOCH = "mapping.epoch"
_NOTICE = "mapping.notice"
_REVIEW = "mapping.review"


def _epoch() -> int:
    epoch: int = st.session_state.setdefault(_EPOCH, 0)
    return epoch


def _replace_rows() -> None:
    """The editor's rows come from elsewhere now: start a fresh grid (and uploader)."""
    st.session_state[_EPOCH] = _epoch() + 1


def editor_key() -> str:
    """The editor's widget key: stable while the user edits, new after an import or re-fetch."""
    return f"mapping.editor.{_epoch()}"


def _login_key() -> str | None:
    record = state.progress().connection
    if record is None or not connection.connected():
        return None
    return f"{record.org_id}:{record.user_id}:{record.verified_at.isoformat()}"


def describes() -> ReviewDescribes | SfError | None:
    """The describes for the current verified login, read once and kept in the session."""
    login = _login_key()
    if login is None:
        return None
    cached = st.session_state.get(_DESCRIBES)
    if cached is not None and cached[0] == login:
        result: ReviewDescribes | SfError = cached[1]
        return result
    gw = connection.gateway()
    with st.spinner(tr("mapping.fetching")), gw.counting() as used:
        result = fetch_review_describes(gw)
    st.session_state[_DESCRIBES] = (login, result)
    st.session_state[_CALLS] = calls_used_text(used, state.lang())
    _replace_rows()
    return result


def _refetch() -> None:
    connection.gateway().refresh()
    st.session_state.pop(_DESCRIBES, None)


def _refetch_button() -> None:
    st.button(tr("mapping.refetch"), key="mapping.refetch", on_click=_refetch, icon=icons.REFRESH)


def _save(plan: MappingPlan) -> None:
    progress = state.progress()
    if plan != progress.mapping:
        state.commit(registry.record_mapping_plan(progress, plan))


def current_review() -> MappingReview | None:
    """The review for the verified org, with the saved edits reconciled against its schema."""
    described = describes()
    if not isinstance(described, ReviewDescribes) or described.blocking_error is not None:
        return None
    progress = state.progress()
    hidden = planned_hidden(progress)
    # Reruns without a change (most of them) reuse the review: large orgs take a while to pair.
    key = (_epoch(), progress.mapping, hidden)
    cached = st.session_state.get(_REVIEW)
    if cached is not None and cached[0] == key:
        review: MappingReview = cached[1]
        return review
    review = build_review(described.objects, progress.mapping, hidden)
    st.session_state[_REVIEW] = (key, review)
    _save(review.plan)
    return review


def _not_available(described: ReviewDescribes | SfError | None) -> None:
    edits = len(state.progress().mapping.edits)
    if described is None:
        st.info(tr("mapping.needs_login", n=edits), icon=icons.NOTE)
        st.page_link(
            "pages/credentials.py",
            label=tr("guard.go_to", step=numbered_title(StepId.CREDENTIALS)),
            icon=icons.BACK,
            query_params=state.link_params(),
        )
        return
    error = described if isinstance(described, SfError) else described.blocking_error
    if error is not None:
        text = error_text(error, state.lang())
        st.error(f"**{text.title}**  \n{text.fix}  \n*{text.who}*", icon=icons.ERROR)
        _refetch_button()


def _source(described: ReviewDescribes) -> None:
    record = state.progress().connection
    org = (record.org_name or record.org_id) if record is not None else "—"
    left, right = st.columns([3, 1], vertical_alignment="center")
    calls = st.session_state.get(_CALLS, "")
    left.caption(f"{tr('mapping.source', org=org)} {calls}")
    with right:
        _refetch_button()
    lang = state.lang()
    for sobject, error in described.errors.items():
        st.caption(f"{tr(f'mapping.object.{sobject}')}: {error_text(error, lang).title}")


def _standard(review: MappingReview) -> None:
    st.subheader(tr("mapping.standard.heading"))
    missing = [r for r in review.standard if r.status is not StandardStatus.SYNCED]
    st.markdown(tr("mapping.standard.intro", n=len(review.standard)))
    if missing:
        st.warning(tr("mapping.standard.missing", n=len(missing)), icon=icons.WARNING)
    with st.expander(tr("mapping.standard.table", n=len(review.standard)), expanded=bool(missing)):
        frame = standard_frame(review, state.lang())
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            column_config={c: tr(f"mapping.standard.col.{c}") for c in frame.columns},
        )


def _proposal(review: MappingReview) -> None:
    st.subheader(tr("mapping.custom.heading"))
    by_reason = {r: sum(p.reason is r for p in review.proposal) for r in PairReason}
    st.markdown(
        tr(
            "mapping.custom.intro",
            pairs=len(review.proposal),
            same=by_reason[PairReason.SAME_API_NAME],
            similar=by_reason[PairReason.SIMILAR_LABEL],
            lead=len(review.fields.lead),
            contact=len(review.fields.contact),
        )
    )
    st.caption(tr("mapping.custom.prediction"))


def _editor(review: MappingReview) -> None:
    if not review.fields.lead:
        st.info(tr("mapping.custom.no_lead_fields"), icon=icons.NOTE)
        return
    lang = state.lang()
    edited: pd.DataFrame = st.data_editor(
        editor_frame(review, lang),
        key=editor_key(),
        hide_index=True,
        num_rows="fixed",
        width="stretch",
        column_order=["lead", "proposed", "break", "contact", "warnings", "compatible"],
        column_config={
            "lead": st.column_config.TextColumn(
                tr("mapping.col.lead"), disabled=True, pinned=True, width="medium"
            ),
            "proposed": st.column_config.TextColumn(
                tr("mapping.col.proposed"), disabled=True, width="medium"
            ),
            "break": st.column_config.CheckboxColumn(
                tr("mapping.col.break"), help=tr("mapping.col.break.help"), width="small"
            ),
            "contact": st.column_config.SelectboxColumn(
                tr("mapping.col.contact"),
                help=tr("mapping.col.contact.help"),
                options=contact_options(review),
                format_func=contact_option_text(review),
                required=False,
                width="medium",
            ),
            "warnings": st.column_config.TextColumn(
                tr("mapping.col.warnings"), disabled=True, width="medium"
            ),
            "compatible": st.column_config.TextColumn(
                tr("mapping.col.compatible"), disabled=True, width="large"
            ),
        },
    )
    plan = with_final(review.plan, review.proposal, final_from_editor(review, edited))
    if plan.edits != review.plan.edits:
        _save(plan)
        st.rerun()
    unmapped = review.unmapped_contact
    if unmapped:
        texts = ", ".join(contact_option_text(review)(c) for c in unmapped)
        st.caption(tr("mapping.custom.unmapped_contact", n=len(unmapped), fields=texts))


def _warnings(review: MappingReview) -> None:
    if not review.warnings:
        return
    st.markdown(f"**{tr('mapping.warnings.heading', n=len(review.warnings))}**")
    st.caption(tr("mapping.warnings.advisory"))
    lang = state.lang()
    for warning in review.warnings:
        st.warning(warning.text(lang), icon=icons.WARNING)


def _dismiss_dropped() -> None:
    _save(state.progress().mapping.model_copy(update={"dropped": ()}))


def _dropped(review: MappingReview) -> None:
    if not review.plan.dropped:
        return
    lang = state.lang()
    lines = "\n".join(f"- {dropped_text(review, d, lang)}" for d in review.plan.dropped)
    st.info(f"**{tr('mapping.dropped.heading')}**\n\n{lines}", icon=icons.REOPENED)
    st.button(
        tr("mapping.dropped.dismiss"), key="mapping.dropped.dismiss", on_click=_dismiss_dropped
    )


def _actions(review: MappingReview) -> None:
    st.subheader(tr("mapping.actions.heading"))
    lang = state.lang()
    st.markdown(edit_summary(review, lang))
    steps = actions(review, lang)
    st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1)))
    st.caption(tr("mapping.actions.reset_schema"))


def _import(review: MappingReview) -> None:
    upload = st.file_uploader(
        tr("mapping.import.label"),
        type=["csv"],
        key=f"mapping.import.{_epoch()}",
        help=tr("mapping.import.help"),
    )
    if upload is None:
        return
    result = read_csv(upload.getvalue(), review)
    if isinstance(result, CsvProblem):
        st.error(result.text(state.lang()), icon=icons.ERROR)
        return
    _save(result)
    st.session_state[_NOTICE] = len(result.edits)
    _replace_rows()
    st.rerun()


def _csv(review: MappingReview) -> None:
    st.subheader(tr("mapping.csv.heading"))
    notice = st.session_state.pop(_NOTICE, None)
    if notice is not None:
        st.success(tr("mapping.import.done", n=notice), icon=icons.DONE)
    st.download_button(
        tr("mapping.export"),
        data=export_csv(review),
        file_name=f"mktsync-mappings-{state.progress().setup_id}.csv",
        mime="text/csv",
        key="mapping.export",
        icon=icons.DOWNLOAD,
        on_click="ignore",
    )
    _import(review)


def review_section() -> None:
    """The whole review: standard mappings, proposed pairs, the editor, warnings, actions, CSV."""
    st.header(tr("mapping.heading"))
    described = describes()
    review = current_review()
    if review is None or not isinstance(described, ReviewDescribes):
        _not_available(described)
        return
    _source(described)
    _standard(review)
    _proposal(review)
    _dropped(review)
    _editor(review)
    _warnings(review)
    _actions(review)
    _csv(review)
