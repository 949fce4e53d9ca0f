"""Deep links into the org's own Salesforce pages, so a marketer lands on the right screen.

Built only from the instance host the gateway verified, never from user input,
and only for Salesforce hosts.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

_SALESFORCE_HOSTS = (".salesforce.com", ".force.com")


class ResetTokenLinks(BaseModel):
    model_config = ConfigDict(frozen=True)

    lightning: str
    classic: str


def reset_token_links(instance_host: str) -> ResetTokenLinks | None:
    """The sync user's "Reset My Security Token" page on this org, in both Salesforce UIs."""
    host = instance_host.strip().lower()
    if not host.endswith(_SALESFORCE_HOSTS) or "/" in host:
        return None
    return ResetTokenLinks(
        lightning=f"https://{host}/lightning/settings/personal/ResetApiToken/home",
        classic=f"https://{host}/_ui/system/security/ResetApiTokenEdit",
    )
