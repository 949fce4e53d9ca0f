"""The mapping review: Marketo's fixed and proposed field mappings, the user's edits to them.

Pure functions over describes (no Streamlit, no Salesforce calls): the page
fetches the describes through the gateway and calls :func:`build_review`.
"""

from mktsync_core.mapping.csv_io import CsvProblem, CsvProblemKind, export_csv, read_csv
from mktsync_core.mapping.fetch import ReviewDescribes, fetch_review_describes
from mktsync_core.mapping.hidden import planned_hidden
from mktsync_core.mapping.models import (
    REVIEW_OBJECTS,
    CustomFields,
    DroppedEdit,
    DropReason,
    EditKind,
    FieldKey,
    MappingEdit,
    MappingPlan,
    PairReason,
    ProposedPair,
)
from mktsync_core.mapping.predict import custom_fields, predict_pairs
from mktsync_core.mapping.review import (
    MappingReview,
    StandardStatus,
    apply_edits,
    build_review,
    edits_between,
    reconcile,
    with_final,
)
from mktsync_core.mapping.standard import STANDARD_MAPPINGS, StandardMapping
from mktsync_core.mapping.validate import LossCause, MappingWarning, WarningKind, pair_warnings

__all__ = [
    "REVIEW_OBJECTS",
    "STANDARD_MAPPINGS",
    "CsvProblem",
    "CsvProblemKind",
    "CustomFields",
    "DropReason",
    "DroppedEdit",
    "EditKind",
    "FieldKey",
    "LossCause",
    "MappingEdit",
    "MappingPlan",
    "MappingReview",
    "MappingWarning",
    "PairReason",
    "ProposedPair",
    "ReviewDescribes",
    "StandardMapping",
    "StandardStatus",
    "WarningKind",
    "apply_edits",
    "build_review",
    "custom_fields",
    "edits_between",
    "export_csv",
    "fetch_review_describes",
    "pair_warnings",
    "planned_hidden",
    "predict_pairs",
    "read_csv",
    "reconcile",
    "with_final",
]
