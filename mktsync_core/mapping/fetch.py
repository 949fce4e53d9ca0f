"""Reading the describes the review needs: Lead, Contact, Account, Opportunity in one call."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mktsync_core.mapping.models import CONTACT, LEAD, REVIEW_OBJECTS
from mktsync_core.salesforce import ObjectDescribe, SalesforceGateway, SfError


class ReviewDescribes(BaseModel):
    """The objects the sync user can see, and why the others could not be read."""

    model_config = ConfigDict(frozen=True)

    objects: dict[str, ObjectDescribe]
    errors: dict[str, SfError]

    @property
    def blocking_error(self) -> SfError | None:
        """Without Lead and Contact there is nothing to pair: the first of their errors."""
        return next((self.errors[o] for o in (LEAD, CONTACT) if o in self.errors), None)


def fetch_review_describes(gateway: SalesforceGateway) -> ReviewDescribes | SfError:
    """The four describes as the sync user sees them: one composite request (1 API call)."""
    result = gateway.describe(REVIEW_OBJECTS)
    if isinstance(result, SfError):
        return result
    return ReviewDescribes(
        objects={k: v for k, v in result.items() if isinstance(v, ObjectDescribe)},
        errors={k: v for k, v in result.items() if isinstance(v, SfError)},
    )
