"""Signed status links from e-mails: they open one return, expire, and refuse tampering."""
import time

import pytest

from portal.links import make_token, status_path
from tests.factories import create_return, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def ret(alice, alice_order):
    return create_return(alice_order, alice.user, {alice_order.lines.first(): 1})


def test_a_signed_link_opens_that_return_only(client, ret, alice, tshirt):
    response = client.get(status_path(ret))
    assert response.status_code == 302 and response["Location"] == f"/portal/returns/{ret.rma_number}/"
    page = client.get(response["Location"]).content.decode()
    assert ret.rma_number in page and "Return authorized" in page
    # The link is for this return, not for the order or the customer's other returns.
    other = create_return(make_order(alice, [(tshirt, 1, "20.00")]), alice.user)
    assert client.get(f"/portal/returns/{other.rma_number}/").status_code == 404
    assert client.get(f"/portal/orders/{ret.order.number}/").status_code == 404


def test_an_expired_link_gets_a_friendly_410_with_the_order_lookup(client, ret, settings, monkeypatch):
    days = settings.RETURNFLOW["STATUS_LINK_MAX_AGE_DAYS"]
    real = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: real - (days + 1) * 86400)
    token = make_token(ret)
    monkeypatch.undo()
    response = client.get(f"/portal/s/{token}/")
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page and 'name="order_number"' in page
    assert client.get(f"/portal/returns/{ret.rma_number}/").status_code == 404


def test_a_link_just_inside_its_age_still_works(client, ret, settings, monkeypatch):
    days = settings.RETURNFLOW["STATUS_LINK_MAX_AGE_DAYS"]
    real = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: real - (days - 1) * 86400)
    token = make_token(ret)
    monkeypatch.undo()
    assert client.get(f"/portal/s/{token}/").status_code == 302


def test_tampered_links_get_a_friendly_403(client, ret, alice, tshirt):
    token = make_token(ret)
    other = create_return(make_order(alice, [(tshirt, 1, "20.00")]), alice.user)
    forged_signature = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    forged_rma = token.replace(ret.rma_number, other.rma_number)
    for bad in [forged_signature, forged_rma, "RMA-2026-000001", "x"]:
        response = client.get(f"/portal/s/{bad}/")
        assert response.status_code == 403, bad
        assert "This link does not work" in response.content.decode()
    assert client.get(f"/portal/returns/{other.rma_number}/").status_code == 404
