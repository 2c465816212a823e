"""The tablet per warehouse: an inspector given warehouses sees and receives only their returns; scanning
or receiving another warehouse's RMA says which warehouse it belongs to and changes nothing (tablet and
API alike); staff given no warehouse see every warehouse's returns."""
import pytest

from inspection.models import CustodyRecord, ReceivingDiscrepancy
from integrations.models import OdooPosting
from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnLine, ReturnRequest, Warehouse
from tests.api.helpers import as_user
from tests.factories import create_return, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(catalogue):
    wh_a = Warehouse.objects.create(code="WH-A", name="Berlin returns", serves_countries="DE")
    wh_b = Warehouse.objects.create(code="WH-B", name="Venlo returns", serves_countries="NL")
    return wh_a, wh_b


@pytest.fixture
def returns_by_site(alice, tshirt, jeans, sites):
    """One authorized return for each warehouse, chosen by the shipping country."""
    made = {}
    for country in ("DE", "NL"):
        order = make_order(alice, [(tshirt, 2, "20.00"), (jeans, 1, "60.00")])
        order.shipping_country = country
        order.save()
        made[country] = create_return(order, alice.user)
    assert made["DE"].warehouse.code == "WH-A" and made["NL"].warehouse.code == "WH-B"
    assert made["DE"].state == ReturnStatus.AUTHORIZED
    return made


@pytest.fixture
def ines_at_b(ines, sites):
    sites[1].staff.add(ines)
    return ines


def _untouched(ret, events_before):
    ret = ReturnRequest.objects.get(pk=ret.pk)
    assert ret.state == ReturnStatus.AUTHORIZED and ret.received_at is None
    assert sum(ReturnLine.objects.filter(request=ret).values_list("quantity_received", flat=True)) == 0
    assert ReturnEvent.objects.filter(return_request=ret).count() == events_before
    assert not OdooPosting.objects.filter(request=ret).exists()
    assert not CustodyRecord.objects.filter(line__request=ret).exists()
    assert not ReceivingDiscrepancy.objects.filter(return_request=ret).exists()


def test_an_inspector_of_wh_b_cannot_receive_a_wh_a_return_on_the_tablet(client, ines_at_b, returns_by_site):
    foreign = returns_by_site["DE"]
    events = ReturnEvent.objects.filter(return_request=foreign).count()
    client.force_login(ines_at_b)
    # The scan of its label leads to receiving, which says whose it is.
    scanned = client.get("/inspect/receive/", {"q": foreign.rma_number})
    assert scanned.status_code == 302
    page = client.get(scanned["Location"])
    assert page.status_code == 403
    text = page.content.decode()
    assert f"{foreign.rma_number} belongs to warehouse WH-A · Berlin returns" in text and "(WH-B)" in text
    lines = list(foreign.lines.all())
    posted = client.post(f"/inspect/receive/{foreign.rma_number}/", {
        "action": "receive", "location": "TOTE-07", "confirm_short": "1",
        **{f"qty-{line.pk}": str(line.quantity_requested) for line in lines}})
    assert posted.status_code == 403 and "belongs to warehouse WH-A" in posted.content.decode()
    _untouched(foreign, events)
    # Her own warehouse's return is received as usual.
    own = returns_by_site["NL"]
    done = client.post(f"/inspect/receive/{own.rma_number}/", {
        "action": "receive", "location": "TOTE-07", "confirm_short": "1",
        **{f"qty-{line.pk}": str(line.quantity_requested) for line in own.lines.all()}})
    assert done.status_code == 302
    assert ReturnRequest.objects.get(pk=own.pk).state == ReturnStatus.RECEIVED


def test_the_api_refuses_the_same_receipt_with_the_warehouse_named(api, ines_at_b, returns_by_site):
    foreign = returns_by_site["DE"]
    events = ReturnEvent.objects.filter(return_request=foreign).count()
    lines = [{"id": line.pk, "quantity_received": line.quantity_requested} for line in foreign.lines.all()]
    for endpoint in ("receive", "receive-parcel"):
        response = as_user(api, ines_at_b).post(f"/api/returns/{foreign.rma_number}/{endpoint}/",
                                                {"lines": lines, "location_code": "TOTE-07"}, format="json")
        assert response.status_code == 403, response.content
        error = response.json()["error"]
        assert error["code"] == "permission_denied" and "belongs to warehouse WH-A" in error["message"]
        assert error["details"] == {"warehouse": "WH-A"}
    _untouched(foreign, events)


def test_queues_and_counts_show_only_the_inspectors_warehouses(client, ivan, ines_at_b, returns_by_site):
    from tests.factories import receive_all

    for ret in returns_by_site.values():
        receive_all(ret, ivan)  # Ivan has no warehouse: he may receive at both
    client.force_login(ines_at_b)
    queue = client.get("/inspect/queue/").content.decode()
    assert returns_by_site["NL"].rma_number in queue and returns_by_site["DE"].rma_number not in queue
    home = client.get("/inspect/")
    assert home.context["to_inspect"] == 1
    assert client.get(f"/inspect/returns/{returns_by_site['DE'].rma_number}/").status_code == 403
    client.force_login(ivan)
    queue = client.get("/inspect/queue/").content.decode()
    assert all(ret.rma_number in queue for ret in returns_by_site.values())
    assert client.get("/inspect/").context["to_inspect"] == 2


def test_expected_parcels_are_those_of_the_inspectors_warehouses(client, ivan, ines_at_b, returns_by_site):
    client.force_login(ines_at_b)
    page = client.get("/inspect/expected/").content.decode()
    assert returns_by_site["NL"].rma_number in page and returns_by_site["DE"].rma_number not in page
    assert client.get("/inspect/").context["expected"] == 1
    client.force_login(ivan)
    page = client.get("/inspect/expected/").content.decode()
    assert all(ret.rma_number in page for ret in returns_by_site.values())


def test_the_label_prints_on_the_printer_of_the_returns_warehouse(settings, returns_by_site, ivan):
    from inspection.labels_unit import printer_for_plate
    from inspection.models import LicensePlate
    from tests.factories import inspect_all, receive_all

    wh_a = returns_by_site["DE"].warehouse
    wh_a.label_printer = "10.1.1.5:6101"
    wh_a.save()
    settings.RETURNFLOW_LABEL_PRINTER = "10.9.9.9"
    for ret in returns_by_site.values():
        receive_all(ret, ivan)
        inspect_all(ret, ivan)
    plate_a = LicensePlate.objects.filter(line__request=returns_by_site["DE"]).first()
    plate_b = LicensePlate.objects.filter(line__request=returns_by_site["NL"]).first()
    assert printer_for_plate(plate_a) == ("10.1.1.5", 6101)
    assert printer_for_plate(plate_b) == ("10.9.9.9", 9100)  # WH-B has none: the setting


def test_print_on_the_tablet_goes_to_the_warehouses_printer_not_the_setting(client, settings, returns_by_site, ivan):
    from inspection.labels_unit import label_zpl
    from inspection.models import LicensePlate
    from tests.factories import inspect_all, receive_all
    from tests.inspection.fake_printer import FakePrinter

    at_warehouse, elsewhere = FakePrinter(), FakePrinter()
    try:
        wh_a = returns_by_site["DE"].warehouse
        wh_a.label_printer = f"127.0.0.1:{at_warehouse.port}"
        wh_a.save()
        settings.RETURNFLOW_LABEL_PRINTER = f"127.0.0.1:{elsewhere.port}"
        receive_all(returns_by_site["DE"], ivan)
        inspect_all(returns_by_site["DE"], ivan)
        plate = LicensePlate.objects.filter(line__request=returns_by_site["DE"]).first()
        client.force_login(ivan)
        assert client.post(f"/inspect/lpn/{plate.code}/print/").status_code == 302
        assert at_warehouse.wait_for(1) == [label_zpl(plate).encode()]
        assert elsewhere.jobs == []
    finally:
        at_warehouse.close()
        elsewhere.close()
