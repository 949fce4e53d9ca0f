"""Everything the app says to Salesforce, and everything that can go wrong doing so.

Pages and checks use :class:`SalesforceGateway` and never simple-salesforce
or ``requests`` directly; failures come back as :class:`SfError` values.
"""

from mktsync_core.error_text import ErrorText
from mktsync_core.salesforce.counter import CallCounter
from mktsync_core.salesforce.credentials import (
    AccessTokenCredentials,
    AuthMode,
    Credentials,
    PasswordCredentials,
    ValidatedLogin,
    validate_access_token_login,
    validate_password_login,
)
from mktsync_core.salesforce.display import calls_used_text, error_text, notice_text
from mktsync_core.salesforce.errors import CredentialField, Fixer, SfError, SfErrorCode, SfNotice
from mktsync_core.salesforce.gateway import (
    API_VERSION,
    GatewayConfig,
    SalesforceGateway,
    new_session,
)
from mktsync_core.salesforce.models import (
    ApiLimits,
    BulkJob,
    BulkJobState,
    BulkPage,
    DuplicateGroup,
    DuplicateScan,
    FieldInfo,
    LimitsSource,
    LoginInfo,
    ObjectDescribe,
    OrgInfo,
    QueryResult,
    SObjectSummary,
    UserInfo,
    UserPermissions,
)

__all__ = [
    "API_VERSION",
    "AccessTokenCredentials",
    "ApiLimits",
    "AuthMode",
    "BulkJob",
    "BulkJobState",
    "BulkPage",
    "CallCounter",
    "CredentialField",
    "Credentials",
    "DuplicateGroup",
    "DuplicateScan",
    "ErrorText",
    "FieldInfo",
    "Fixer",
    "GatewayConfig",
    "LimitsSource",
    "LoginInfo",
    "ObjectDescribe",
    "OrgInfo",
    "PasswordCredentials",
    "QueryResult",
    "SObjectSummary",
    "SalesforceGateway",
    "SfError",
    "SfErrorCode",
    "SfNotice",
    "UserInfo",
    "UserPermissions",
    "ValidatedLogin",
    "calls_used_text",
    "error_text",
    "new_session",
    "notice_text",
    "validate_access_token_login",
    "validate_password_login",
]
