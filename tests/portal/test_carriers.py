"""The tracking number links to the carrier's tracking page when the portal knows the carrier."""
import pytest

from portal.carriers import CARRIER_NAMES, known_carrier, tracking_url
from tests.factories import create_return
from tests.portal.helpers import lookup


@pytest.mark.parametrize("typed, expected", [
    ("DHL", "DHL"), ("dhl", "DHL"), (" D.H.L ", "DHL"), ("postnl", "PostNL"), ("Post NL", "PostNL"),
    ("royal mail", "Royal Mail"), ("Royal-Mail", "Royal Mail"), ("Hermes", "Evri"), ("evri", "Evri"),
    ("La Poste", "Colissimo"), ("colissimo", "Colissimo"), ("Correos", "Correos"), ("FEDEX", "FedEx"),
    ("Federal Express", "FedEx"), ("gls", "GLS"), ("ups", "UPS"), ("DPD", "DPD"),
])
def test_carrier_names_match_loosely(typed, expected):
    assert known_carrier(typed) == expected


def test_every_carrier_offered_in_the_form_has_a_https_tracking_page():
    assert len(CARRIER_NAMES) == 10
    for name in CARRIER_NAMES:
        url = tracking_url(name, "JD0146000038")
        assert url.startswith("https://") and "JD0146000038" in url, name


def test_the_tracking_number_is_url_encoded():
    url = tracking_url("UPS", "1Z 99/9#?&x=1")
    assert url == "https://www.ups.com/track?tracknum=1Z%2099%2F9%23%3F%26x%3D1"


@pytest.mark.parametrize("carrier, number", [("Bob's Courier", "JD014600003828"), ("", "JD014600003828"),
                                             ("DHL", ""), ("DHL", "   ")])
def test_unknown_carrier_or_no_number_gets_no_link(carrier, number):
    assert tracking_url(carrier, number) is None


@pytest.fixture
def sent(client, alice, alice_order):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    lookup(client, alice_order, email="alice@example.com")
    return ret


@pytest.mark.django_db
def test_the_status_page_links_a_known_carriers_tracking_number(client, sent):
    response = client.post(f"/portal/returns/{sent.rma_number}/shipped/",
                           {"carrier": "postnl", "tracking_number": "3S ABC 1234"})
    assert response.status_code == 302
    page = client.get(f"/portal/returns/{sent.rma_number}/").content.decode()
    assert ('<a href="https://jouw.postnl.nl/track-and-trace/3S%20ABC%201234" rel="noopener noreferrer" '
            'data-testid="tracking-link">3S ABC 1234</a>') in page


@pytest.mark.django_db
def test_an_unknown_carrier_shows_the_tracking_number_as_plain_text(client, sent):
    client.post(f"/portal/returns/{sent.rma_number}/shipped/",
                {"carrier": "Bob's <i>Courier</i>", "tracking_number": "JD014600003828"})
    page = client.get(f"/portal/returns/{sent.rma_number}/").content.decode()
    assert "tracking number JD014600003828." in page
    assert 'data-testid="tracking-link"' not in page and "<i>Courier" not in page
