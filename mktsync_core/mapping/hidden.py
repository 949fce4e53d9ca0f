"""Where the field-visibility audit's hide plan feeds the mapping review.

Fields the user plans to hide from the sync user will never reach Marketo, so
the review leaves them out of the pairing and marks them on the standard
mappings. Planned hides the user decided to keep visible after all are not
excluded; fields a re-check found hidden are already absent from the describes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mktsync_core.mapping.models import FieldKey

if TYPE_CHECKING:
    from mktsync_core.progress import Progress


def planned_hidden(progress: Progress) -> frozenset[FieldKey]:
    """The fields the hide plan will hide from the sync user (the one plug-in point)."""
    plan = progress.visibility
    if plan is None:
        return frozenset()
    keys = (key.split(".", 1) for key in plan.unresolved)
    return frozenset(FieldKey(sobject=sobject, name=name) for sobject, name in keys)
