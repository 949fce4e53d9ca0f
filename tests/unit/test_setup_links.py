import pytest

from mktsync_core.setup_links import reset_token_links


def test_reset_token_links_point_at_the_orgs_own_pages():
    links = reset_token_links("acme.my.salesforce.com")
    assert links.lightning == (
        "https://acme.my.salesforce.com/lightning/settings/personal/ResetApiToken/home"
    )
    assert links.classic == "https://acme.my.salesforce.com/_ui/system/security/ResetApiTokenEdit"


@pytest.mark.parametrize("host", ["evil.example.com", "acme.my.salesforce.com/x", ""])
def test_no_link_for_a_host_that_is_not_salesforce(host):
    assert reset_token_links(host) is None
