"""The building blocks every step page is made of: guard, guide, confirmations, footer.

Pages stay thin scripts that call these in order; the rules (what is locked,
what is still missing) come from the registry, the words from the catalogs.
"""

from __future__ import annotations

import streamlit as st

from mktsync_core import guide, registry
from mktsync_core.guide import BlockKind
from mktsync_core.guide_tables import TABLES
from mktsync_core.models import ConfirmationId, StepId
from mktsync_core.registry import Direction
from mktsync_core.ui import icons, state
from mktsync_core.ui.shell import notices
from mktsync_core.ui.state import numbered_title, tr

_CALLOUTS = {
    BlockKind.TIP: (st.success, icons.TIP),
    BlockKind.NOTE: (st.info, icons.NOTE),
    BlockKind.CAUTION: (st.warning, icons.WARNING),
}


def page_link(step_id: StepId, label: str, icon: str | None = None) -> None:
    st.page_link(
        registry.step(step_id).page, label=label, icon=icon, query_params=state.link_params()
    )


def require(step_id: StepId) -> None:
    """Stop a locked step with the reason and a link to the step to do next."""
    progress = state.progress()
    blocker = registry.blocking_step(step_id, progress)
    if blocker is None:
        return
    st.title(numbered_title(step_id))
    st.warning(tr("guard.locked", step=numbered_title(blocker)), icon=icons.LOCKED)
    page_link(blocker, tr("guard.go_to", step=numbered_title(blocker)), icon=icons.NEXT)
    st.stop()


def begin(step_id: StepId) -> None:
    """Store notices, guard, then the page title and the edition the instructions are for."""
    notices()
    require(step_id)
    st.title(numbered_title(step_id))
    edition = tr(f"edition.{state.progress().edition}")
    st.caption(tr("page.instructions_for", edition=edition))


def show_guide(step_id: StepId) -> None:
    """The guide's content for the step, in the user's language, for their edition."""
    progress, lang = state.progress(), state.lang()
    for section in guide.sections(step_id, progress.edition):
        st.subheader(tr(section.key))
        number = section.first_step - 1
        for block in section.blocks_for(progress.edition):
            text = "" if block.kind is BlockKind.TABLE else tr(block.key)
            if block.kind is BlockKind.STEP:
                number += 1
                st.markdown(f"**{number}.** {text}")
            elif block.kind is BlockKind.TEXT:
                st.markdown(text)
            elif block.kind is BlockKind.TABLE:
                st.dataframe(TABLES[block.key](lang), hide_index=True, width="stretch")
            else:
                show, icon = _CALLOUTS[block.kind]
                show(f"**{tr(f'callout.{block.kind}')}**  \n{text}", icon=icon)


def _on_confirm(cid: ConfirmationId, key: str) -> None:
    progress = state.progress()
    if st.session_state.get(key):
        state.commit(registry.give(progress, cid))
    else:
        state.commit(registry.withdraw(progress, cid))


def confirm(cid: ConfirmationId) -> bool:
    """One acknowledgment; an irreversible one first states its consequence.

    One that cannot be given yet (a fact it needs is missing) is shown
    disabled, with the reason.
    """
    key = f"confirm.{cid}"
    progress = state.progress()
    st.session_state[key] = registry.is_given(cid, progress)
    spec = registry.confirmation(cid)
    params = registry.confirmation_params(spec, progress)
    needs = registry.missing_needs(cid, progress)
    with st.container(border=spec.irreversible):
        if spec.irreversible:
            st.markdown(f"{icons.WARNING} **{tr('confirm.irreversible')}**")
            st.markdown(tr(f"confirm.{cid}.consequence", **params))
        checked = st.checkbox(
            tr(f"confirm.{cid}.label", **params),
            key=key,
            on_change=_on_confirm,
            args=(cid, key),
            disabled=bool(needs),
        )
        for fact in needs:
            st.caption(f"{icons.LOCKED} {tr(f'confirm.needs.{fact}')}")
        voided = registry.voided_statement(cid, progress)
        if voided is not None:
            st.warning(tr("confirm.voided", before=voided), icon=icons.WARNING)
    return checked


def confirmations(step_id: StepId) -> None:
    """The step's confirmations: ticked by the user, or shown as verified by the live checks."""
    st.subheader(tr("confirm.heading"))
    progress = state.progress()
    asked = registry.asked(step_id, progress)
    for c in registry.step(step_id).confirmations_for(progress.edition):
        if registry.verified_by_checks(step_id, c, progress):
            label = tr(f"confirm.{c.id}.label", **registry.confirmation_params(c, progress))
            st.markdown(f"{icons.DONE} {label} — *{tr('confirm.verified_live')}*")
        elif c in asked:
            confirm(c.id)


def footer(step_id: StepId) -> None:
    """Where the user stands on this step and the way on: next when done, what is missing if not."""
    progress = state.progress()
    st.divider()
    following = registry.neighbour(step_id, Direction.NEXT)
    if registry.is_done(step_id, progress):
        st.success(tr("footer.done"), icon=icons.DONE)
    else:
        if registry.missing_facts(step_id, progress):
            st.info(tr("footer.missing_connection"), icon=icons.TODO)
        missing = registry.missing_confirmations(step_id, progress)
        if missing:
            st.info(tr("footer.missing", n=len(missing)), icon=icons.TODO)
    if following is not None and st.button(
        tr("footer.next", step=numbered_title(following)),
        type="primary",
        key=f"{step_id}.next",
        disabled=not registry.is_done(step_id, progress),
    ):
        st.switch_page(registry.step(following).page, query_params=state.link_params())
    previous = registry.neighbour(step_id, Direction.PREVIOUS)
    if previous is not None:
        page_link(previous, tr("footer.back", step=numbered_title(previous)), icon=icons.BACK)
