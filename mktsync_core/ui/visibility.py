"""The field-visibility audit on the Set sync user credentials page, before Sync Fields.

The describes are fetched once per verified login and kept in this browser
session (keyed by the verified connection, never by a secret); re-check is an
explicit new fetch. The audit and every Hide choice go into the saved progress
at once, so a refresh or a page switch loses nothing. What the acknowledgment
may say and when it may be given is decided by the registry, not here.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from mktsync_core import registry
from mktsync_core.models import Mode
from mktsync_core.salesforce import SfError, error_text
from mktsync_core.ui import connection, icons, state
from mktsync_core.ui.state import tr
from mktsync_core.visibility import (
    Advice,
    FieldAudit,
    VisibilityPlan,
    build_audit,
    fetch_describes,
)
from mktsync_core.visibility.text import (
    TABLE_COLUMNS,
    breaks_text,
    plan_csv,
    plan_frame,
    table_frame,
)

_FETCHED_FOR = "vis.fetched_for"
_FETCH_ERROR = "vis.fetch_error"
_TABLE = "vis.table"
_GEN = "vis.editor_gen"
_PENDING = "vis.pending_must_keep"
_REFUSED = "vis.refused"
_SIMULATED = "vis.simulated"
_ALL = "__all__"


def _connection_token() -> str | None:
    """Which verified login the session's describes belong to."""
    record = state.progress().connection
    if record is None or not connection.connected():
        return None
    return f"{record.org_id}:{record.user_id}:{record.verified_at.isoformat()}"


def _fetch() -> None:
    """Describe the objects (a few API calls) and record the audit in the progress."""
    record = state.progress().connection
    if record is None:
        return
    with st.status(tr("vis.fetching"), expanded=False) as status:
        fetched = fetch_describes(connection.gateway())
        status.update(label=tr("vis.fetched"), state="complete")
    st.session_state[_FETCHED_FOR] = _connection_token()
    if isinstance(fetched, SfError):
        st.session_state[_FETCH_ERROR] = fetched
        return
    st.session_state.pop(_FETCH_ERROR, None)
    audit = build_audit(fetched, org_id=record.org_id, user_id=record.user_id)
    state.commit(registry.record_field_audit(state.progress(), audit))
    _reset_editor()


def ensure_audit() -> VisibilityPlan | None:
    """The plan for the verified connection, fetching the describes once per verified login."""
    token = _connection_token()
    if token is not None and st.session_state.get(_FETCHED_FOR) != token:
        _fetch()
    plan = state.progress().visibility
    record = state.progress().connection
    if plan is None or record is None:
        return None
    if (plan.audit.org_id, plan.audit.user_id) != (record.org_id, record.user_id):
        return None
    return plan


def _reset_editor() -> None:
    """Start the table from the saved plan again (after a change made outside the table)."""
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1


def _recheck() -> None:
    connection.gateway().refresh()
    st.session_state.pop(_FETCHED_FOR, None)
    st.session_state.pop(_SIMULATED, None)


def _commit(plan: VisibilityPlan) -> None:
    state.commit(registry.update_plan(state.progress(), plan))


def _base_table(audit: FieldAudit) -> pd.DataFrame:
    """The audit in words for this language, built once per audit (not on every rerun)."""
    lang = state.lang()
    cache_key = (audit.audited_at.isoformat(), audit.org_id, lang)
    cached = st.session_state.get(_TABLE)
    if cached is not None and cached[0] == cache_key:
        frame: pd.DataFrame = cached[1]
        return frame
    frame = table_frame(audit.frame(), lang)
    st.session_state[_TABLE] = (cache_key, frame)
    return frame


# ------------------------------------------------------------------ summary


def _summary(plan: VisibilityPlan, base: pd.DataFrame) -> None:
    audit = plan.audit
    counts = audit.counts()
    visible = base.groupby("object", sort=False).size()
    planned = pd.Series([k.partition(".")[0] for k in plan.hide], dtype="object").value_counts()
    rows = [
        {
            tr("vis.col.object_label"): o.label,
            tr("vis.counts.visible"): int(visible.get(o.name, 0)),
            tr("vis.counts.creates_new"): counts.get(o.name, 0),
            tr("vis.counts.planned"): int(planned.get(o.name, 0)),
        }
        for o in audit.objects
    ]
    st.markdown(tr("vis.summary", n=sum(counts.values()), per_object=audit.counts_text()))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="content")
    when = audit.audited_at.astimezone().strftime("%Y-%m-%d %H:%M")
    st.caption(tr("vis.audited", when=when, calls=audit.api_calls))
    if audit.unreadable:
        st.warning(
            tr("vis.unreadable", objects=", ".join(sorted(audit.unreadable))), icon=icons.WARNING
        )


def _recheck_result(plan: VisibilityPlan) -> None:
    found = plan.last_recheck
    if found is None:
        return
    by_key = plan.audit.by_key()

    def names(keys: tuple[str, ...]) -> str:
        return ", ".join(
            f"{by_key[k].label if k in by_key else found.gone_labels.get(k, k)} (`{k}`)"
            for k in keys
        )

    lines = []
    for kind in ("now_hidden", "still_visible", "appeared", "disappeared"):
        keys: tuple[str, ...] = getattr(found, kind)
        if kind == "disappeared":
            keys = tuple(k for k in keys if k not in found.now_hidden)
        if keys:
            lines.append(f"- {tr(f'vis.recheck.{kind}', n=len(keys))} {names(keys)}")
    when = found.at.astimezone().strftime("%Y-%m-%d %H:%M")
    body = "\n".join(lines) if lines else tr("vis.recheck.nothing_changed")
    show = st.warning if found.still_visible else st.success
    show(f"**{tr('vis.recheck.heading', when=when)}**\n\n{body}", icon=icons.REFRESH)


# -------------------------------------------------------------------- table


def _filters(base: pd.DataFrame, plan: VisibilityPlan) -> tuple[pd.DataFrame, str]:
    # Options are the words shown (AppTest and the browser agree on them); values map back.
    objects = {tr("vis.filter.all_objects"): _ALL, **{o.label: o.name for o in plan.audit.objects}}
    creates_options = {
        tr("vis.filter.creates.all"): "all",
        tr("vis.filter.creates.yes"): "yes",
        tr("vis.filter.creates.no"): "no",
    }
    left, middle, right = st.columns([1, 1, 1])
    chosen = objects.get(
        left.selectbox(tr("vis.filter.object"), list(objects), key="vis.filter.object"), _ALL
    )
    creates = creates_options.get(
        middle.selectbox(tr("vis.filter.creates"), list(creates_options), key="vis.filter.creates"),
        "all",
    )
    search = right.text_input(tr("vis.filter.search"), key="vis.filter.search")
    mask = pd.Series(True, index=base.index)
    if chosen != _ALL:
        mask &= base["object"] == chosen
    if creates == "yes":
        mask &= base["creates_new"]
    elif creates == "no":
        mask &= ~base["creates_new"]
    text = (search or "").strip().lower()
    if text:
        mask &= base["label"].str.lower().str.contains(text, regex=False) | base[
            "name"
        ].str.lower().str.contains(text, regex=False)
    return base[mask], f"{chosen}|{creates}|{text}"


def _apply_edits(shown: pd.DataFrame, edited: pd.DataFrame, plan: VisibilityPlan) -> None:
    """Turn ticks in the table into the saved plan; must-keep and unhideable ones are held back."""
    changed = edited["hide"].to_numpy() != shown["hide"].to_numpy()
    if not changed.any():
        return
    by_key = plan.audit.by_key()
    hide = set(plan.hide)
    pending: list[str] = list(st.session_state.get(_PENDING, []))
    refused: list[str] = []
    for key, value in zip(shown["key"][changed], edited["hide"][changed], strict=True):
        f = by_key[key]
        if not value:
            hide.discard(key)
        elif f.advice is Advice.NOT_HIDEABLE:
            refused.append(key)
        elif f.advice is Advice.MUST_KEEP:
            if key not in pending:
                pending.append(key)
        else:
            hide.add(key)
    st.session_state[_PENDING] = pending
    if refused:
        st.session_state[_REFUSED] = refused
    if refused or pending:
        _reset_editor()
    _commit(plan.with_hide(frozenset(hide)))
    st.rerun()


def editor_key(gen: int, signature: str) -> str:
    """The table's widget key: stable while the filters and the saved plan's origin stay."""
    digest = hashlib.sha1(signature.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"vis.editor.{gen}.{digest}"


def _table(plan: VisibilityPlan, base: pd.DataFrame) -> None:
    shown, signature = _filters(base, plan)
    shown = shown.assign(hide=shown["key"].isin(plan.hide))
    st.caption(tr("vis.shown", shown=len(shown), total=len(base)))
    gen = st.session_state.get(_GEN, 0)
    key = editor_key(gen, signature)
    edited = st.data_editor(
        shown,
        key=key,
        hide_index=True,
        num_rows="fixed",
        width="stretch",
        column_order=list(TABLE_COLUMNS),
        disabled=[c for c in TABLE_COLUMNS if c != "hide"],
        column_config={
            "hide": st.column_config.CheckboxColumn(
                tr("vis.col.hide"), help=tr("vis.col.hide.help"), width="small", pinned=True
            ),
            "object_label": st.column_config.TextColumn(tr("vis.col.object_label"), width="small"),
            "label": st.column_config.TextColumn(tr("vis.col.label"), width="medium"),
            "name": st.column_config.TextColumn(tr("vis.col.name"), width="medium"),
            "type_text": st.column_config.TextColumn(tr("vis.col.type_text"), width="small"),
            "origin": st.column_config.TextColumn(tr("vis.col.origin"), width="small"),
            "creates_new": st.column_config.CheckboxColumn(
                tr("vis.col.creates_new"), help=tr("vis.col.creates_new.help"), width="small"
            ),
            "advice_text": st.column_config.TextColumn(tr("vis.col.advice_text"), width="medium"),
            "reason_text": st.column_config.TextColumn(tr("vis.col.reason_text"), width="large"),
        },
    )
    _apply_edits(shown, edited, plan)


def _notices(plan: VisibilityPlan) -> None:
    refused = st.session_state.pop(_REFUSED, [])
    by_key = plan.audit.by_key()
    if refused:
        names = ", ".join(f"{by_key[k].label} (`{k}`)" for k in refused if k in by_key)
        st.warning(tr("vis.refused", fields=names), icon=icons.WARNING)
    pending = [k for k in st.session_state.get(_PENDING, []) if k in by_key]
    if not pending:
        return
    lang = state.lang()
    with st.container(border=True):
        st.markdown(f"{icons.WARNING} **{tr('vis.must_keep.heading', n=len(pending))}**")
        for k in pending:
            f = by_key[k]
            st.markdown(f"- **{f.label}** (`{k}`): {breaks_text(f, lang)}")
        left, right = st.columns(2)
        left.button(
            tr("vis.must_keep.hide_anyway"),
            key="vis.must_keep.hide_anyway",
            on_click=_resolve_pending,
            args=(True,),
        )
        right.button(
            tr("vis.must_keep.keep_visible"),
            key="vis.must_keep.keep_visible",
            type="primary",
            on_click=_resolve_pending,
            args=(False,),
        )


def _resolve_pending(hide_anyway: bool) -> None:
    pending = frozenset(st.session_state.pop(_PENDING, []))
    plan = state.progress().visibility
    if plan is not None and hide_anyway:
        _commit(plan.with_hide(plan.hide | pending))
    _reset_editor()


# ---------------------------------------------------------------- hide plan


def _keep_unresolved() -> None:
    plan = state.progress().visibility
    if plan is not None:
        _commit(plan.keeping(plan.unresolved))
        _reset_editor()


def _simulate_admin() -> None:
    """Demo only: the demo org's admin hides every planned field from the sync user."""
    plan = state.progress().visibility
    org = connection.demo_org()
    if plan is None or org is None:
        return
    scenario = state.progress().scenario
    for key in sorted(plan.unresolved):
        sobject, _, name = key.partition(".")
        org.hide_field(scenario, sobject, name)
    st.session_state[_SIMULATED] = len(plan.unresolved)


def _hide_plan(plan: VisibilityPlan) -> None:
    st.markdown(f"**{tr('vis.plan.heading')}**")
    progress = state.progress()
    edition = progress.edition
    st.markdown(tr(f"vis.plan.intro.{edition.value}"))
    if not plan.hide and not plan.hidden:
        st.caption(tr("vis.plan.empty"))
    else:
        frame = plan_frame(plan, edition, state.lang())
        st.dataframe(
            frame.drop(columns=["procedure"]),
            hide_index=True,
            width="stretch",
            column_config={c: tr(f"vis.col.{c}") for c in frame.columns},
        )
        steps = frame[frame["procedure"] != ""]
        if not steps.empty:
            with st.expander(tr("vis.plan.procedures", n=len(steps)), icon=icons.TODO):
                st.markdown(
                    "\n".join(
                        f"- **{r.label}** (`{r.name}`, {r.object_label}): {r.procedure}"
                        for r in steps.itertuples()
                    )
                )
        st.download_button(
            tr("vis.plan.download"),
            data=plan_csv(plan, edition, state.lang()),
            file_name=f"mktsync-hide-plan-{progress.setup_id}.csv",
            mime="text/csv",
            key="vis.plan.download",
            icon=icons.DOWNLOAD,
            on_click="ignore",
        )
    unresolved = plan.unresolved
    if unresolved:
        st.warning(tr("vis.plan.unresolved", n=len(unresolved)), icon=icons.WARNING)
        st.button(
            tr("vis.plan.keep", n=len(unresolved)),
            key="vis.plan.keep",
            on_click=_keep_unresolved,
        )
    elif plan.hide or plan.hidden:
        st.success(tr("vis.plan.settled"), icon=icons.DONE)
    if connection.connected():
        st.button(
            tr("vis.recheck.button"), key="vis.recheck", on_click=_recheck, icon=icons.REFRESH
        )
    else:
        st.caption(tr("vis.recheck.needs_login"))
    if progress.mode is Mode.DEMO and unresolved and connection.connected():
        st.button(
            tr("vis.demo.simulate"),
            key="vis.demo.simulate",
            on_click=_simulate_admin,
            help=tr("vis.demo.simulate.help"),
        )
    simulated = st.session_state.get(_SIMULATED)
    if simulated:
        st.info(tr("vis.demo.simulated", n=simulated), icon=icons.NOTE)


# --------------------------------------------------------------------- page


def section() -> None:
    """The audit, the table with its Hide column, the hide plan and the re-check."""
    st.subheader(tr("vis.heading"))
    st.markdown(tr("vis.intro"))
    plan = ensure_audit()
    error = st.session_state.get(_FETCH_ERROR)
    if isinstance(error, SfError) and connection.connected():
        text = error_text(error, state.lang())
        st.error(f"**{tr('vis.fetch_failed')}** {text.title}  \n{text.fix}", icon=icons.ERROR)
        st.button(tr("vis.recheck.button"), key="vis.retry", on_click=_recheck, icon=icons.REFRESH)
    if plan is None:
        st.info(tr("vis.needs_connection"), icon=icons.NOTE)
        return
    if not connection.connected():
        st.info(tr("vis.saved_earlier"), icon=icons.NOTE)
    base = _base_table(plan.audit)
    _summary(plan, base)
    _recheck_result(plan)
    _notices(plan)
    _table(plan, base)
    _hide_plan(plan)
