"""The home card "Expected parcels" opens the returns the dock should see arrive: authorized and in
transit, oldest first, with carrier and tracking, paginated, each row opening receiving; staff of the
warehouse only, and a bounded number of queries however many returns there are."""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from tests.factories import create_return, force_state, make_order, make_product

pytestmark = pytest.mark.django_db


def expected_return(customer, *, days_ago, state=ReturnStatus.IN_TRANSIT, carrier="DHL", tracking=""):
    order = make_order(customer, [(make_product(), 1, "20.00")])
    ret = create_return(order, customer.user)
    ReturnRequest.objects.filter(pk=ret.pk).update(authorized_at=timezone.now() - timedelta(days=days_ago),
                                                   carrier=carrier, tracking_number=tracking)
    return force_state(ret, state)


def rmas_on(page) -> list[str]:
    return re.findall(r'data-rma="([^"]+)"', page.content.decode())


def test_the_list_shows_authorized_and_in_transit_returns_oldest_first(client, alice, bob, ivan, catalogue):
    newest = expected_return(alice, days_ago=1, tracking="JJD0001")
    oldest = expected_return(bob, days_ago=9, tracking="JJD0009")
    authorized = expected_return(alice, days_ago=4, state=ReturnStatus.AUTHORIZED, carrier="", tracking="")
    received = expected_return(bob, days_ago=20, state=ReturnStatus.RECEIVED)
    client.force_login(ivan)
    home = client.get("/inspect/").content.decode()
    assert 'href="/inspect/expected/" data-testid="expected-card"' in home
    assert re.search(r'data-testid="expected">\s*3\s*<', home)
    page = client.get("/inspect/expected/")
    html = page.content.decode()
    assert page.status_code == 200
    assert rmas_on(page) == [oldest.rma_number, authorized.rma_number, newest.rma_number]
    assert received.rma_number not in html
    assert "JJD0009" in html and "DHL" in html and "no carrier or tracking yet" in html
    assert f'href="/inspect/receive/{oldest.rma_number}/"' in html  # each row opens receiving
    only = client.get("/inspect/expected/?state=in_transit")
    assert rmas_on(only) == [oldest.rma_number, newest.rma_number]
    assert rmas_on(client.get("/inspect/expected/?state=received")) == rmas_on(page)  # not a filter it offers


def test_the_list_is_paginated_oldest_first_across_pages(client, alice, ivan, catalogue):
    made = [expected_return(alice, days_ago=60 - i) for i in range(27)]
    client.force_login(ivan)
    first = client.get("/inspect/expected/")
    second = client.get("/inspect/expected/?page=2")
    assert rmas_on(first) == [r.rma_number for r in made[:25]]
    assert rmas_on(second) == [r.rma_number for r in made[25:]]
    assert "Page 2 of 2" in second.content.decode()
    assert rmas_on(client.get("/inspect/expected/?page=99")) == rmas_on(second)  # past the end: the last page


def test_only_warehouse_staff_open_the_list(client, alice, sam, ivan):
    assert client.get("/inspect/expected/").status_code == 302  # to the login page
    client.force_login(alice.user)
    assert client.get("/inspect/expected/").status_code == 403
    client.force_login(sam)
    assert client.get("/inspect/expected/").status_code == 403
    client.force_login(ivan)
    assert client.get("/inspect/expected/").status_code == 200
    assert client.post("/inspect/expected/").status_code == 405


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 12, "\n".join(q["sql"][:200] for q in queries.captured_queries)
    return len(queries)


def test_the_list_costs_the_same_few_queries_however_many_returns(client, alice, bob, ivan, catalogue):
    for i in range(3):
        expected_return(alice, days_ago=i, tracking=f"T{i}")
    client.force_login(ivan)
    few = _queries(client, "/inspect/expected/")
    for i in range(57):
        expected_return(alice if i % 2 else bob, days_ago=10 + i, tracking=f"U{i}")
    assert _queries(client, "/inspect/expected/") == few  # no query per row
    assert _queries(client, "/inspect/expected/?page=2") == few
