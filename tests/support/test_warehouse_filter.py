"""The console's queues and the dashboard filter by warehouse; the filter is shown only where there is
more than one warehouse, and an unknown warehouse is a 400, never a silent "all"."""
import pytest

from returns.models import Warehouse
from tests.factories import create_return, inspect_all, make_order, receive_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected_by_site(alice, tshirt, jeans, ivan, catalogue):
    """One inspected return (3 units restocked) at WH-A (Germany), one at WH-B (the Netherlands)."""
    Warehouse.objects.create(code="WH-A", name="Berlin returns", serves_countries="DE")
    Warehouse.objects.create(code="WH-B", name="Venlo returns", serves_countries="NL")
    made = {}
    for country in ("DE", "NL"):
        order = make_order(alice, [(tshirt, 2, "20.00"), (jeans, 1, "60.00")])
        order.shipping_country = country
        order.save()
        ret = create_return(order, alice.user)
        receive_all(ret, ivan)
        made[country] = inspect_all(ret, ivan)
    return made


def test_the_refunds_queue_filters_by_warehouse(client, sam, inspected_by_site):
    a, b = inspected_by_site["DE"].rma_number, inspected_by_site["NL"].rma_number
    client.force_login(sam)
    everything = client.get("/support/queues/refund-release/")
    assert everything.status_code == 200
    assert a in everything.content.decode() and b in everything.content.decode()
    assert 'name="warehouse"' in everything.content.decode()  # offered: there are several warehouses
    only_a = client.get("/support/queues/refund-release/", {"warehouse": "WH-A"})
    assert only_a.context["total"] == 1
    assert a in only_a.content.decode() and b not in only_a.content.decode()


def test_the_dashboard_counts_only_the_chosen_warehouse(client, sam, inspected_by_site):
    client.force_login(sam)
    everything = client.get("/support/dashboard/")
    mix = {row[0]: row[1] for row in everything.context["charts"]["dispositions"].rows}
    assert mix["Restock"] == 6
    only_b = client.get("/support/dashboard/", {"warehouse": "WH-B"})
    assert only_b.status_code == 200
    mix = {row[0]: row[1] for row in only_b.context["charts"]["dispositions"].rows}
    assert mix["Restock"] == 3
    assert only_b.context["period"].warehouse == Warehouse.objects.get(code="WH-B").pk
    assert "warehouse=WH-B" in only_b.context["query"]  # the CSV links keep the filter
    csv = client.get("/support/dashboard/", {"warehouse": "WH-B", "chart": "dispositions", "format": "csv"})
    assert "Restock,3," in csv.content.decode()


def test_an_unknown_warehouse_is_a_form_error_not_all_warehouses(client, sam, inspected_by_site):
    client.force_login(sam)
    response = client.get("/support/dashboard/", {"warehouse": "WH-Z"})
    assert response.status_code == 400
    assert response.context["form"].errors["warehouse"]


def test_with_a_single_warehouse_the_filter_is_not_shown(client, sam, alice_order, alice):
    create_return(alice_order, alice.user)
    client.force_login(sam)
    assert 'name="warehouse"' not in client.get("/support/dashboard/").content.decode()
    assert 'name="warehouse"' not in client.get("/support/queues/exceptions/").content.decode()
