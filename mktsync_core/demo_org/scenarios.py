"""Trainer scenarios: each one a real way the Marketo-Salesforce setup goes wrong.

The trainer picks a scenario on Home and types its demo credentials into the
same form a marketer uses in live mode; the username selects the scenario, so
one demo org serves them all. The demo password and token are shown on screen
and are not secret, but they travel as ``SecretStr`` like real ones so the
demo exercises exactly the live code path.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, SecretStr

from mktsync_core.salesforce.credentials import PasswordCredentials

DEMO_PASSWORD = "Demo-Pass-2024"
DEMO_SECURITY_TOKEN = "DemoToken8Kq2Lw9Xz4Rt7Yp"
# The org's real token when the trainer is shown an outdated one.
CURRENT_TOKEN_AFTER_RESET = "NewToken3Fh6Jm1Vb8Nc5Sd"

PRODUCTION_HOST = "mktsync-demo.my.salesforce.com"
SANDBOX_HOST = "mktsync-demo--uat.sandbox.my.salesforce.com"


class Scenario(StrEnum):
    HEALTHY = "healthy"
    MARKETO_FIELDS_MISSING = "marketo_fields_missing"
    API_DISABLED_ORG = "api_disabled_org"
    API_DISABLED_USER = "api_disabled_user"
    WRONG_PASSWORD = "wrong_password"
    EXPIRED_PASSWORD = "expired_password"
    USER_LOCKED = "user_locked"
    NOT_MARKETING_USER = "not_marketing_user"
    NO_OBJECT_ACCESS = "no_object_access"
    MANY_DUPLICATES = "many_duplicates"
    API_LIMIT_EXHAUSTED = "api_limit_exhausted"
    SANDBOX = "sandbox"
    SOAP_LOGIN_DISABLED = "soap_login_disabled"


class ScenarioSpec(BaseModel):
    """What the trainer types, and how the org behaves behind it."""

    model_config = ConfigDict(frozen=True)

    scenario: Scenario
    username: str
    org_name: str
    organization_type: str = "Professional Edition"
    is_sandbox: bool = False
    login_fault: tuple[str, str] | None = None
    token_is_stale: bool = False
    password_expired: bool = False
    marketing_user: bool = True
    profile_name: str = "System Administrator"
    view_setup: bool = True
    hidden_objects: frozenset[str] = frozenset()
    read_only_objects: frozenset[str] = frozenset()
    marketo_fields_broken: bool = False
    many_duplicates: bool = False
    api_used: int = 1_250
    api_max: int = 15_000

    @property
    def title_key(self) -> str:
        return f"demo.scenario.{self.scenario.value}.title"

    @property
    def description_key(self) -> str:
        return f"demo.scenario.{self.scenario.value}.description"

    @property
    def instance_host(self) -> str:
        return SANDBOX_HOST if self.is_sandbox else PRODUCTION_HOST

    @property
    def password(self) -> SecretStr:
        return SecretStr(DEMO_PASSWORD)

    @property
    def security_token(self) -> SecretStr:
        """The token shown to the trainer (outdated in the wrong-password scenario)."""
        return SecretStr(DEMO_SECURITY_TOKEN)

    @property
    def current_token(self) -> SecretStr:
        """The token the org accepts."""
        return SecretStr(CURRENT_TOKEN_AFTER_RESET if self.token_is_stale else DEMO_SECURITY_TOKEN)

    @property
    def access_token(self) -> SecretStr:
        """A fixed access token for the advanced login (what an OAuth app would hand out)."""
        digest = hashlib.sha256(f"mktsync-demo:{self.scenario.value}".encode()).hexdigest()
        return SecretStr(f"00D{digest[:12]}!AQ{digest[12:60]}")

    def credentials(self) -> PasswordCredentials:
        return PasswordCredentials(
            username=self.username,
            password=self.password,
            security_token=self.security_token,
            sandbox=self.is_sandbox,
        )


def _username(scenario: Scenario) -> str:
    return f"sync@{scenario.value.replace('_', '-')}.demo"


def _spec(scenario: Scenario, **behaviour: object) -> ScenarioSpec:
    return ScenarioSpec.model_validate(
        {
            "scenario": scenario,
            "username": _username(scenario),
            "org_name": "Demo Corp (mktsync)",
            **behaviour,
        }
    )


SCENARIOS: dict[Scenario, ScenarioSpec] = {
    spec.scenario: spec
    for spec in (
        _spec(Scenario.HEALTHY),
        _spec(Scenario.MARKETO_FIELDS_MISSING, marketo_fields_broken=True),
        _spec(
            Scenario.API_DISABLED_ORG,
            login_fault=(
                "API_DISABLED_FOR_ORG",
                "API is not enabled for this Organization or Partner",
            ),
        ),
        _spec(
            Scenario.API_DISABLED_USER,
            organization_type="Enterprise Edition",
            profile_name="Marketo-Salesforce Sync",
            login_fault=("API_CURRENTLY_DISABLED", "API is disabled for this User"),
        ),
        _spec(Scenario.WRONG_PASSWORD, token_is_stale=True),
        _spec(Scenario.EXPIRED_PASSWORD, password_expired=True),
        _spec(
            Scenario.USER_LOCKED,
            login_fault=(
                "PASSWORD_LOCKOUT",
                "Your account has been locked out because of too many failed login attempts.",
            ),
        ),
        _spec(
            Scenario.NOT_MARKETING_USER,
            organization_type="Enterprise Edition",
            profile_name="Marketo-Salesforce Sync",
            marketing_user=False,
        ),
        _spec(
            Scenario.NO_OBJECT_ACCESS,
            organization_type="Enterprise Edition",
            profile_name="Marketo-Salesforce Sync",
            view_setup=False,
            hidden_objects=frozenset({"Campaign"}),
            read_only_objects=frozenset({"Opportunity"}),
        ),
        _spec(Scenario.MANY_DUPLICATES, many_duplicates=True),
        _spec(Scenario.API_LIMIT_EXHAUSTED, api_used=15_000),
        _spec(
            Scenario.SANDBOX,
            username="sync@sandbox.demo.uat",
            org_name="Demo Corp (mktsync) UAT",
            organization_type="Enterprise Edition",
            is_sandbox=True,
            api_max=5_000_000,
        ),
        _spec(
            Scenario.SOAP_LOGIN_DISABLED,
            organization_type="Enterprise Edition",
            login_fault=(
                "INVALID_OPERATION",
                "SOAP API login() is disabled by default in this org. Contact the org"
                " administrator to enable SOAP API login().",
            ),
        ),
    )
}


def scenario_for_username(username: str) -> ScenarioSpec | None:
    lowered = username.strip().lower()
    return next((s for s in SCENARIOS.values() if s.username == lowered), None)
