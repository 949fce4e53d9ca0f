"""Marketo-side verification on the Verify page: proof that Salesforce records reached Marketo.

Optional, for users with a Marketo API-only user. The client secret lives
only in this browser session's memory (the typed value is cleared from the
widget after each check, the credentials object keeps it until "forget"); the
progress store never sees it. In demo mode the built-in demo Marketo answers,
and the trainer picks its scenario here.
"""

from __future__ import annotations

import pandas as pd
import requests
import streamlit as st
from pydantic import BaseModel, ConfigDict

from mktsync_core.i18n import glossary
from mktsync_core.marketo import (
    FieldFinding,
    FieldKind,
    MarketoClient,
    MarketoCredentials,
    MktoError,
    MktoErrorCode,
    MktoNotice,
    SalesforceSample,
    SyncVerification,
    Verdict,
    parse_pasted_ids,
    recent_ids,
    validate_marketo_login,
)
from mktsync_core.marketo.demo import (
    DEMO_CLIENT_SECRET,
    DEMO_HOST,
    DemoMarketo,
    MarketoScenario,
    demo_client_id,
    demo_marketo_session,
)
from mktsync_core.marketo.display import calls_used_text, error_text, notice_text
from mktsync_core.marketo_fields import by_api_name
from mktsync_core.models import Mode
from mktsync_core.salesforce import SfError
from mktsync_core.salesforce import calls_used_text as sf_calls_used_text
from mktsync_core.salesforce import error_text as sf_error_text
from mktsync_core.ui import connection, icons, state
from mktsync_core.ui.state import tr

_CLIENT = "mkto.client"
_CLIENT_IS_DEMO = "mkto.client_is_demo"
_CREDENTIALS = "mkto.credentials"
_RESULT = "mkto.result"
_NOTICES = "mkto.notices"
_SAMPLE_NOTE = "mkto.sample_note"
_CLEAR_SECRET = "mkto.clear_secret"
SECRET_KEYS = ("mkto.client_secret",)
_SCENARIO = "mkto.demo_scenario"
_VERDICT_BOX = {
    Verdict.SYNCED: (st.success, icons.DONE),
    Verdict.PARTLY_SYNCED: (st.warning, icons.WARNING),
    Verdict.NOT_SYNCED: (st.error, icons.ERROR),
    Verdict.FIELDS_ONLY: (st.info, icons.NOTE),
}


class _SampleNote(BaseModel):
    """Where the sampled ids came from, to say so beside the result."""

    model_config = ConfigDict(frozen=True)

    from_salesforce: bool
    sf_calls: str | None = None
    sf_error: SfError | None = None
    rejected: tuple[str, ...] = ()
    truncated: bool = False


def _is_demo() -> bool:
    return state.progress().mode is Mode.DEMO


def _client() -> MarketoClient:
    """This session's client: to the demo Marketo in demo mode, to Marketo otherwise.

    Switching between demo and live forgets the credentials and the result, so
    demo credentials are never sent to the network, nor live ones to the demo.
    """
    is_demo = _is_demo()
    client: MarketoClient | None = st.session_state.get(_CLIENT)
    if client is None or st.session_state.get(_CLIENT_IS_DEMO) != is_demo:
        if client is not None:
            reset()
        session = demo_marketo_session(DemoMarketo()) if is_demo else requests.Session()
        client = MarketoClient(session)
        st.session_state[_CLIENT] = client
        st.session_state[_CLIENT_IS_DEMO] = is_demo
    return client


def forget() -> None:
    """Drop the Marketo credentials and everything typed (the result stays on screen)."""
    credentials: MarketoCredentials | None = st.session_state.pop(_CREDENTIALS, None)
    if credentials is not None:
        credentials.forget()
    for key in SECRET_KEYS:
        st.session_state.pop(key, None)


def reset() -> None:
    """Forget the credentials and the last result too: they belong to a setup being left."""
    forget()
    for key in (_RESULT, _NOTICES, _SAMPLE_NOTE):
        st.session_state.pop(key, None)


def _where_to_find() -> None:
    with st.expander(tr("marketo.where.heading"), icon=icons.HELP):
        for part in ("endpoint", "client", "user"):
            st.markdown(f"- {tr(f'marketo.where.{part}')}")


def _demo_credentials() -> None:
    """The demo Marketo's scenario picker and credentials, shown to the trainer and the room."""
    st.session_state.setdefault(_SCENARIO, MarketoScenario.SYNCED)
    picked = st.selectbox(
        tr("marketo.demo.scenario"),
        list(MarketoScenario),
        format_func=state.option_labels("marketo.demo.scenario"),
        key=_SCENARIO,
    )
    scenario = MarketoScenario(picked or MarketoScenario.SYNCED)
    with st.container(border=True):
        st.markdown(f"{icons.NOTE} **{tr('marketo.demo.heading')}**")
        st.markdown(
            f"{tr('marketo.input.endpoint')}: `https://{DEMO_HOST}/rest`  \n"
            f"{tr('marketo.input.client_id')}: `{demo_client_id(scenario)}`  \n"
            f"{tr('marketo.input.client_secret')}: `{DEMO_CLIENT_SECRET}`"
        )
        st.caption(tr(f"marketo.demo.scenario.{scenario.value}.description"))


def _sample() -> tuple[SalesforceSample, _SampleNote]:
    """Recent records from the connected org, else the pasted ids (possibly none)."""
    if connection.connected():
        gw = connection.gateway()
        with gw.counting() as used:
            sample = recent_ids(gw)
        calls = sf_calls_used_text(used, state.lang())
        if isinstance(sample, SfError):
            note = _SampleNote(from_salesforce=True, sf_calls=calls, sf_error=sample)
            return SalesforceSample(), note
        return sample, _SampleNote(from_salesforce=True, sf_calls=calls)
    pasted = parse_pasted_ids(st.session_state.get("mkto.pasted_ids") or "")
    note = _SampleNote(from_salesforce=False, rejected=pasted.rejected, truncated=pasted.truncated)
    return pasted.sample, note


def _run(credentials: MarketoCredentials) -> None:
    sample, note = _sample()
    with st.spinner(tr("marketo.checking")):
        result = _client().verify(credentials, sample)
    st.session_state[_RESULT] = result
    st.session_state[_SAMPLE_NOTE] = note
    if isinstance(result, MktoError) and result.code is MktoErrorCode.BAD_CLIENT_CREDENTIALS:
        forget()  # back to the form, to type them again


def _submit() -> None:
    validated = validate_marketo_login(
        st.session_state.get("mkto.endpoint") or "",
        st.session_state.get("mkto.client_id") or "",
        st.session_state.get("mkto.client_secret") or "",
    )
    st.session_state[_CLEAR_SECRET] = True
    if isinstance(validated, MktoError):
        st.session_state[_RESULT] = validated
        st.session_state.pop(_SAMPLE_NOTE, None)
        return
    st.session_state[_CREDENTIALS] = validated.credentials
    st.session_state[_NOTICES] = validated.notices
    _run(validated.credentials)
    st.rerun()


def _sample_input() -> None:
    if connection.connected():
        st.caption(tr("marketo.sample.from_salesforce"))
        return
    st.text_area(
        tr("marketo.sample.paste"),
        key="mkto.pasted_ids",
        help=tr("marketo.sample.paste.help"),
        placeholder="00Q…\n003…",
    )
    st.caption(tr("marketo.sample.paste.empty"))


def _form() -> None:
    with st.form("mkto.form", enter_to_submit=False):
        st.text_input(
            tr("marketo.input.endpoint"),
            key="mkto.endpoint",
            help=tr("marketo.input.endpoint.help"),
            placeholder="https://123-ABC-456.mktorest.com/rest",
        )
        st.text_input(
            tr("marketo.input.client_id"),
            key="mkto.client_id",
            help=tr("marketo.input.client.help"),
        )
        st.text_input(
            tr("marketo.input.client_secret"),
            key="mkto.client_secret",
            type="password",
            help=tr("marketo.input.client.help"),
        )
        if st.form_submit_button(tr("marketo.check"), type="primary", key="mkto.check"):
            _submit()


def _held(credentials: MarketoCredentials) -> None:
    st.success(
        tr(
            "marketo.held",
            munchkin=credentials.munchkin_id,
            client_id=credentials.client_id,
        ),
        icon=icons.DONE,
    )
    again, drop = st.columns(2)
    if again.button(tr("marketo.check_again"), key="mkto.check_again", icon=icons.REFRESH):
        _run(credentials)
    drop.button(tr("marketo.forget"), key="mkto.forget", on_click=forget, icon=icons.CLEARED)


def _field_label(finding: FieldFinding) -> str:
    pair = finding.pair
    spec = by_api_name(pair.sf_api_name) if pair.sf_api_name else None
    if spec is not None:
        return spec.label_ja if state.lang() == "ja" else spec.label_en
    return glossary()[f"mktorest.field.{pair.marketo_name.lower()}"][state.lang()]


def _show_fields(result: SyncVerification) -> None:
    found = len(result.fields) - len(result.missing_fields)
    st.markdown(tr("marketo.fields.summary", found=found, total=len(result.fields)))
    for kind in FieldKind:
        missing = [f for f in result.missing_fields if f.pair.kind is kind]
        if missing:
            names = ", ".join(f"{_field_label(f)} (`{f.pair.marketo_name}`)" for f in missing)
            st.warning(tr(f"marketo.fields.missing.{kind.value}", fields=names), icon=icons.WARNING)
    with st.expander(tr("marketo.fields.all")):
        yes, no = tr("marketo.table.yes"), tr("marketo.table.no")
        st.dataframe(
            pd.DataFrame(
                {
                    tr("marketo.table.field"): [_field_label(f) for f in result.fields],
                    tr("marketo.table.sf_name"): [f.pair.sf_api_name or "—" for f in result.fields],
                    tr("marketo.table.marketo_name"): [f.pair.marketo_name for f in result.fields],
                    tr("marketo.table.found"): [yes if f.present else no for f in result.fields],
                }
            ),
            hide_index=True,
        )


def _show_records(result: SyncVerification) -> None:
    if not result.records:
        st.info(tr("marketo.records.none"), icon=icons.NOTE)
        return
    arrived = len(result.records) - len(result.missing_records)
    st.markdown(tr("marketo.records.summary", arrived=arrived, total=len(result.records)))
    yes, no = tr("marketo.table.yes"), tr("marketo.table.no")
    st.dataframe(
        pd.DataFrame(
            {
                tr("marketo.table.object"): [
                    tr(f"marketo.object.{r.sf_object.value}") for r in result.records
                ],
                tr("marketo.table.sf_id"): [r.sf_id for r in result.records],
                tr("marketo.table.arrived"): [yes if r.arrived else no for r in result.records],
                tr("marketo.table.marketo_id"): [
                    str(r.marketo_id) if r.marketo_id is not None else "—" for r in result.records
                ],
                tr("marketo.table.sfdc_type"): [r.sfdc_type or "—" for r in result.records],
            }
        ),
        hide_index=True,
    )
    if result.missing_records:
        st.markdown(tr("marketo.records.missing"))


def _show_sample_note(note: _SampleNote) -> None:
    if note.sf_error is not None:
        text = sf_error_text(note.sf_error, state.lang())
        st.warning(
            f"{tr('marketo.sample.sf_failed')}  \n**{text.title}** {text.fix}", icon=icons.WARNING
        )
    if note.rejected:
        st.warning(
            tr("marketo.sample.rejected", ids=", ".join(f"`{r}`" for r in note.rejected[:10])),
            icon=icons.WARNING,
        )
    if note.truncated:
        st.info(tr("marketo.sample.truncated"), icon=icons.NOTE)


def _show_result() -> SyncVerification | None:
    result: SyncVerification | MktoError | None = st.session_state.get(_RESULT)
    for notice in st.session_state.get(_NOTICES, ()):
        st.info(notice_text(MktoNotice(notice), state.lang()), icon=icons.NOTE)
    note: _SampleNote | None = st.session_state.get(_SAMPLE_NOTE)
    if note is not None:
        _show_sample_note(note)
    if isinstance(result, MktoError):
        text = error_text(result, state.lang())
        st.error(text.markdown(), icon=icons.ERROR)
        return None
    if result is None:
        return None
    box, icon = _VERDICT_BOX[result.verdict]
    box(
        f"**{tr(f'marketo.verdict.{result.verdict.value}')}**  \n"
        f"{tr(f'marketo.verdict.{result.verdict.value}.next')}",
        icon=icon,
    )
    _show_records(result)
    _show_fields(result)
    calls = calls_used_text(result.calls, state.lang())
    if note is not None and note.sf_calls:
        calls += " " + tr("marketo.calls.salesforce", sf=note.sf_calls)
    st.caption(calls)
    return result


def panel() -> SyncVerification | None:
    """The Marketo check; returns the latest verification (no secrets) for the setup report."""
    if st.session_state.pop(_CLEAR_SECRET, False):
        for key in SECRET_KEYS:
            st.session_state.pop(key, None)
    _client()
    st.subheader(tr("marketo.heading"))
    st.caption(tr("marketo.intro"))
    _where_to_find()
    _sample_input()
    credentials: MarketoCredentials | None = st.session_state.get(_CREDENTIALS)
    if credentials is not None:
        _held(credentials)
    else:
        if _is_demo():
            _demo_credentials()
        _form()
    return _show_result()
