"""Marketo's side of the sync: did the Salesforce records and fields arrive?

The Verify page uses :class:`MarketoClient` (on an injected
``requests.Session``) with :class:`MarketoCredentials`; failures come back as
:class:`MktoError` values. :mod:`mktsync_core.marketo.demo` is a Marketo
instance inside the app for demos, training and tests.
"""

from mktsync_core.marketo.client import MarketoClient, MarketoConfig
from mktsync_core.marketo.credentials import (
    MarketoCredentials,
    ValidatedMarketoLogin,
    normalise_munchkin_id,
    validate_marketo_login,
)
from mktsync_core.marketo.errors import (
    MktoError,
    MktoErrorCode,
    MktoFixer,
    MktoInputField,
    MktoNotice,
)
from mktsync_core.marketo.models import (
    SYNCED_FIELDS,
    FieldFinding,
    FieldKind,
    FieldPair,
    MarketoCalls,
    RecordFinding,
    SalesforceSample,
    SyncVerification,
    Verdict,
)
from mktsync_core.marketo.sample import PastedIds, parse_pasted_ids, recent_ids, to_18

__all__ = [
    "SYNCED_FIELDS",
    "FieldFinding",
    "FieldKind",
    "FieldPair",
    "MarketoCalls",
    "MarketoClient",
    "MarketoConfig",
    "MarketoCredentials",
    "MktoError",
    "MktoErrorCode",
    "MktoFixer",
    "MktoInputField",
    "MktoNotice",
    "PastedIds",
    "RecordFinding",
    "SalesforceSample",
    "SyncVerification",
    "ValidatedMarketoLogin",
    "Verdict",
    "normalise_munchkin_id",
    "parse_pasted_ids",
    "recent_ids",
    "to_18",
    "validate_marketo_login",
]
