"""How much Salesforce traffic a check caused, for "this check used N API calls".

The org's daily API allocation is shared with Marketo's own sync, so marketers
should see what the app spends. Logins are counted apart from API calls:
Salesforce rate-limits logins separately, and repeated failed logins lock users out.
"""

from __future__ import annotations

from pydantic import BaseModel


class CallCounter(BaseModel):
    """Running totals; ``round_trips`` includes retries and requests that failed."""

    round_trips: int = 0
    api_calls: int = 0
    logins: int = 0
