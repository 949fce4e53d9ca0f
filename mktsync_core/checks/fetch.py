"""Everything the prerequisite checks look at, fetched once with as few API calls as possible.

The checks themselves never talk to Salesforce: they judge a
:class:`PrerequisiteData`, which tests can build by hand. Each part is either
a value or the :class:`SfError` that prevented reading it.

Cost on a healthy org: one composite request for the seven describes, the
running user and its permission sets. The organization came with the login's
identity call, and the daily API allocation comes for free from the
``Sforce-Limit-Info`` header; ``/limits`` is only asked when no header arrived.
The room left in that composite carries the describes of the custom objects
the field-visibility audit reads next (when the login read the object list),
so that page costs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from mktsync_core.salesforce import (
    ApiLimits,
    LoginInfo,
    ObjectDescribe,
    OrgInfo,
    SalesforceGateway,
    SfError,
    SfErrorCode,
    UserInfo,
)

#: The objects whose describe the prerequisite checks read (one composite request).
PREREQUISITE_OBJECTS: tuple[str, ...] = (
    "Lead",
    "Contact",
    "Account",
    "Opportunity",
    "Campaign",
    "Event",
    "Task",
)

# After one of these, every further request would fail the same way: stop asking.
_FATAL = frozenset(
    {
        SfErrorCode.NOT_CONNECTED,
        SfErrorCode.SESSION_EXPIRED,
        SfErrorCode.PASSWORD_EXPIRED,
        SfErrorCode.API_DISABLED_FOR_ORG,
        SfErrorCode.API_DISABLED_FOR_USER,
        SfErrorCode.REQUEST_LIMIT_EXCEEDED,
        SfErrorCode.NETWORK_UNREACHABLE,
        SfErrorCode.USER_LOCKED,
        SfErrorCode.SOAP_LOGIN_DISABLED,
        SfErrorCode.WRONG_CREDENTIALS,
    }
)

T = TypeVar("T")

Describes = dict[str, ObjectDescribe | SfError]


class PrerequisiteData(BaseModel):
    """What the checks of the Prerequisites page judge."""

    model_config = ConfigDict(frozen=True)

    login: LoginInfo | SfError
    organization: OrgInfo | SfError
    user: UserInfo | SfError
    describes: Describes | SfError
    limits: ApiLimits | SfError

    def describe(self, sobject: str) -> ObjectDescribe | SfError:
        """One object's describe, or why it is not available."""
        if isinstance(self.describes, SfError):
            return self.describes
        found = self.describes.get(sobject)
        if found is None:
            return SfError(code=SfErrorCode.NOT_ACCESSIBLE, subject=sobject)
        return found


def not_connected(login_error: SfError | None = None) -> PrerequisiteData:
    """The data of a run without a connection: every part is the login's error."""
    error = login_error or SfError(code=SfErrorCode.NOT_CONNECTED)
    return PrerequisiteData(
        login=error, organization=error, user=error, describes=error, limits=error
    )


def fetch_prerequisites(gateway: SalesforceGateway) -> PrerequisiteData:
    """Read every part the prerequisite checks need; never raises."""
    login = gateway.login_info
    if login is None or not gateway.connected:
        return not_connected()
    fatal: SfError | None = None

    def step(call: Callable[[], T | SfError]) -> T | SfError:
        nonlocal fatal
        if fatal is not None:
            return fatal
        result = call()
        if isinstance(result, SfError) and result.code in _FATAL:
            fatal = result
        return result

    organization = step(gateway.organization)
    spare = [o.name for o in gateway.known_objects or () if o.custom_object]
    read = step(lambda: gateway.read(PREREQUISITE_OBJECTS, user=True, spare=spare))
    describes, user = (read, read) if isinstance(read, SfError) else read
    assert user is not None
    # The header of the calls above already says how much of the allocation is left.
    limits: ApiLimits | SfError | None = gateway.api_usage
    if limits is None:
        limits = step(gateway.limits)
    return PrerequisiteData(
        login=login,
        organization=organization,
        user=user,
        describes=describes,
        limits=limits,
    )
