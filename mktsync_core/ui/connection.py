"""The one connection component every page shares: the credentials form, its result, forget.

The gateway (and with it the credentials and the Salesforce session) lives
only in this browser session's memory. What is saved is the fact that a
connection was verified, for which org and user — never how.
"""

from __future__ import annotations

import streamlit as st

from mktsync_core import registry
from mktsync_core.demo_org import SCENARIOS, DemoOrg, demo_session
from mktsync_core.models import Mode, VerifiedConnection
from mktsync_core.salesforce import (
    AuthMode,
    LoginInfo,
    OrgInfo,
    SalesforceGateway,
    SfError,
    ValidatedLogin,
    calls_used_text,
    error_text,
    new_session,
    notice_text,
    validate_access_token_login,
    validate_password_login,
)
from mktsync_core.setup_links import reset_token_links
from mktsync_core.ui import icons, state
from mktsync_core.ui.state import tr

_GATEWAY = "conn.gateway"
_GATEWAY_IS_DEMO = "conn.gateway_is_demo"
_DEMO_ORG = "conn.demo_org"
_RESULT = "conn.result"
_CLEAR_SECRETS = "conn.clear_secrets"
SECRET_KEYS = ("conn.password", "conn.security_token", "conn.access_token")


def gateway() -> SalesforceGateway:
    """This session's gateway: to the built-in demo org in demo mode, to Salesforce otherwise."""
    is_demo = state.progress().mode is Mode.DEMO
    gw: SalesforceGateway | None = st.session_state.get(_GATEWAY)
    if gw is None or st.session_state.get(_GATEWAY_IS_DEMO) != is_demo:
        if gw is not None:
            gw.forget()
        org = DemoOrg() if is_demo else None
        gw = SalesforceGateway(demo_session(org) if org is not None else new_session())
        st.session_state[_GATEWAY] = gw
        st.session_state[_GATEWAY_IS_DEMO] = is_demo
        st.session_state[_DEMO_ORG] = org
    return gw


def demo_org() -> DemoOrg | None:
    """This session's built-in demo org, for trainers' "simulate the admin's change" actions."""
    gateway()
    org: DemoOrg | None = st.session_state.get(_DEMO_ORG)
    return org


def forget() -> None:
    """Drop the credentials and the Salesforce session (the verified fact stays saved)."""
    gw: SalesforceGateway | None = st.session_state.get(_GATEWAY)
    if gw is not None:
        gw.forget()
    for key in (*SECRET_KEYS, _RESULT):
        st.session_state.pop(key, None)


def reset_form() -> None:
    """Forget everything typed into the form too: the next login is to another org."""
    forget()
    for key in ("conn.username", "conn.sandbox", "conn.my_domain", "conn.instance_url"):
        st.session_state.pop(key, None)


def last_login_error() -> SfError | None:
    """The error of the latest login attempt in this session, if it failed."""
    result = st.session_state.get(_RESULT)
    return result if isinstance(result, SfError) else None


def connected() -> bool:
    gw: SalesforceGateway | None = st.session_state.get(_GATEWAY)
    return gw is not None and gw.connected


def _verified(login: LoginInfo, org: OrgInfo | SfError) -> VerifiedConnection:
    known = org if isinstance(org, OrgInfo) else None
    return VerifiedConnection(
        org_id=login.org_id,
        org_name=known.name if known else None,
        organization_type=known.organization_type if known else None,
        sandbox=known.is_sandbox if known else login.sandbox,
        user_id=login.user_id,
        username=login.username,
        instance_host=login.instance_host,
    )


def _login(validated: ValidatedLogin | SfError) -> None:
    """Log in with validated form input and record the outcome for the next run to show."""
    if isinstance(validated, SfError):
        st.session_state[_RESULT] = validated
        return
    gw = gateway()
    with (
        st.status(tr("conn.verifying"), expanded=False) as status,
        gw.counting() as used,
    ):
        login = gw.login(validated.credentials)
        org = gw.organization() if not isinstance(login, SfError) else login
        if isinstance(login, SfError):
            status.update(label=tr("conn.failed"), state="error")
        else:
            status.update(label=tr("conn.succeeded"), state="complete")
    st.session_state["conn.calls_used"] = calls_used_text(used, state.lang())
    if isinstance(login, SfError):
        st.session_state[_RESULT] = login
        return
    st.session_state[_RESULT] = validated.notices
    connection = _verified(login, org)
    progress = state.progress()
    state.note_reopened(registry.reopened_by_connection(progress, connection))
    state.commit(registry.record_connection(progress, connection))
    st.session_state[_CLEAR_SECRETS] = True
    st.rerun()


def _password_form() -> None:
    mode = state.progress().mode
    st.session_state.setdefault("conn.sandbox", mode is Mode.SANDBOX)
    with st.form("conn.password_form", enter_to_submit=False):
        username = st.text_input(tr("conn.username"), key="conn.username", autocomplete="username")
        password = st.text_input(tr("conn.password"), key="conn.password", type="password")
        token = st.text_input(
            tr("conn.security_token"),
            key="conn.security_token",
            type="password",
            help=tr("conn.security_token.help"),
        )
        sandbox = st.checkbox(tr("conn.sandbox"), key="conn.sandbox", help=tr("conn.sandbox.help"))
        my_domain = st.text_input(
            tr("conn.my_domain"), key="conn.my_domain", help=tr("conn.my_domain.help")
        )
        if st.form_submit_button(tr("conn.verify"), type="primary", key="conn.verify_password"):
            _login(
                validate_password_login(
                    username or "",
                    password or "",
                    token or "",
                    sandbox=sandbox,
                    my_domain=my_domain or "",
                )
            )


def _access_token_form() -> None:
    st.caption(tr("conn.access_token.intro"))
    with st.form("conn.access_token_form", enter_to_submit=False):
        access_token = st.text_input(
            tr("conn.access_token"), key="conn.access_token", type="password"
        )
        instance_url = st.text_input(
            tr("conn.instance_url"), key="conn.instance_url", help=tr("conn.instance_url.help")
        )
        if st.form_submit_button(tr("conn.verify"), type="primary", key="conn.verify_token"):
            _login(validate_access_token_login(access_token or "", instance_url or ""))


def demo_credentials() -> None:
    """The chosen scenario's demo credentials, shown to the trainer and the room."""
    progress = state.progress()
    if progress.mode is not Mode.DEMO:
        return
    spec = SCENARIOS[progress.scenario]
    with st.container(border=True):
        st.markdown(f"{icons.NOTE} **{tr('demo.credentials.heading')}** — {tr(spec.title_key)}")
        st.markdown(
            f"{tr('conn.username')}: `{spec.username}`  \n"
            f"{tr('conn.password')}: `{spec.password.get_secret_value()}`  \n"
            f"{tr('conn.security_token')}: `{spec.security_token.get_secret_value()}`"
        )
        sandbox_hint = (
            "demo.credentials.sandbox_on" if spec.is_sandbox else "demo.credentials.sandbox_off"
        )
        st.caption(f"{tr(sandbox_hint)} {tr('demo.credentials.note')}")


def _show_result() -> None:
    result = st.session_state.get(_RESULT)
    if isinstance(result, SfError):
        text = error_text(result, state.lang())
        st.error(text.markdown(), icon=icons.ERROR)
    elif result:
        for notice in result:
            st.info(notice_text(notice, state.lang()), icon=icons.NOTE)
    used = st.session_state.get("conn.calls_used")
    if used:
        st.caption(used)


def _connected_summary() -> None:
    login = gateway().login_info
    record = state.progress().connection
    if login is None or record is None:
        return
    where = tr("conn.sandbox_org") if record.sandbox else tr("conn.production_org")
    st.success(
        tr(
            "conn.connected",
            org=record.org_name or record.org_id,
            edition=record.organization_type or "—",
            where=where,
            user=record.username or record.user_id,
        ),
        icon=icons.DONE,
    )
    st.button(tr("conn.forget"), key="conn.forget", on_click=forget, icon=icons.CLEARED)


def form(*, required: bool, note: str | None = None) -> None:
    """The connection component: the result when connected, else the credentials form.

    ``note`` is the catalog key of the line saying why this page asks for a login.
    """
    if st.session_state.pop(_CLEAR_SECRETS, False):
        for key in SECRET_KEYS:
            st.session_state.pop(key, None)
    st.subheader(tr("conn.heading"))
    st.caption(tr(note or ("conn.required" if required else "conn.optional")))
    if connected():
        _connected_summary()
        _show_result()
        return
    record = state.progress().connection
    if record is not None:
        st.info(tr("conn.verified_before", org=record.org_name or record.org_id), icon=icons.NOTE)
    demo_credentials()
    password_tab, token_tab = st.tabs([tr("conn.tab.password"), tr("conn.tab.access_token")])
    with password_tab:
        _password_form()
    with token_tab:
        _access_token_form()
    _show_result()


def sidebar_status() -> None:
    """One line in the sidebar: not connected / demo org / org name and sandbox or production."""
    progress = state.progress()
    record = progress.connection
    if connected() and record is not None:
        where = tr("conn.sandbox_org") if record.sandbox else tr("conn.production_org")
        name = record.org_name or record.org_id
        key = "sidebar.connection.demo" if progress.mode is Mode.DEMO else "sidebar.connection.live"
        st.caption(tr(key, org=name, where=where))
        st.button(tr("conn.forget"), key="sidebar.forget", on_click=forget, icon=icons.CLEARED)
    elif record is not None:
        st.caption(tr("sidebar.connection.earlier", org=record.org_name or record.org_id))
    else:
        st.caption(tr("sidebar.connection.none"))


def token_status() -> None:
    """The guide's TIP made concrete, and a shortcut to the org's reset page when it is known."""
    login = gateway().login_info if connected() else None
    if login is not None and login.auth_mode is AuthMode.PASSWORD:
        st.success(tr("token.verified"), icon=icons.DONE)
    progress = state.progress()
    record = progress.connection
    links = reset_token_links(record.instance_host) if record is not None else None
    if record is None or links is None:
        st.caption(tr("token.links.unknown"))
    elif progress.mode is Mode.DEMO:
        st.caption(tr("token.links.demo"))
    else:
        st.markdown(tr("token.links.intro", org=record.org_name or record.instance_host))
        lightning, classic = st.columns(2)
        lightning.link_button(tr("token.links.lightning"), links.lightning, icon=icons.EXTERNAL)
        classic.link_button(tr("token.links.classic"), links.classic, icon=icons.EXTERNAL)
