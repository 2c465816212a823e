"""Liquidation lots on PostgreSQL, through the services and the tablet's real HTTP stack: units disposed
as Liquidation are scanned into a lot by plate, refused when they are not for liquidation or already in
a lot, the lot is closed, support records its sale, the manifest comes as CSV and PDF, and the dashboard's
recovery rate counts what the lot brought."""
import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pypdfium2
import pytest

from inspection.liquidation import (AlreadyInLot, NotForLiquidation, lot_add_unit, lot_close, lot_create,
                                    lot_record_sale, lot_remove_unit, units_waiting)
from inspection.models import LicensePlate, LiquidationLot, LiquidationLotUnit
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnEvent
from returns import subscribers
from support import metrics
from tests.factories import create_return, inspect_all, make_order, make_product, receive_all

pytestmark = pytest.mark.django_db


def liquidated(order, customer, inspector, grade="C"):
    ret = create_return(order, customer.user)
    receive_all(ret, inspector)
    return inspect_all(ret, inspector, grade=grade, disposition="liquidation")


def plates_of(ret):
    return list(LicensePlate.objects.filter(line__request=ret).order_by("line_id", "unit_index"))


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


@pytest.fixture
def lot_return(alice, alice_order, ivan):
    """Alice's two T-shirts (20.00) and jeans (60.00), graded C and disposed as Liquidation."""
    return liquidated(alice_order, alice, ivan)


def test_units_are_scanned_into_a_lot_closed_and_sold_with_every_step_audited(lot_return, ivan, sam):
    plates = plates_of(lot_return)
    assert len(plates) == 3 and set(units_waiting()) == set(plates)
    lot = lot_create(actor=ivan)
    assert lot.reference == f"LIQ-{lot.pk:06d}" and lot.state == "open" and lot.created_by == ivan
    for plate in plates:
        lot_add_unit(lot_id=lot.pk, code=plate.code.lower(), actor=ivan)  # a scanner's case does not matter
    assert list(units_waiting()) == []
    lot_remove_unit(lot_id=lot.pk, code=plates[0].code, actor=ivan)
    assert list(units_waiting()) == [plates[0]]
    lot_add_unit(lot_id=lot.pk, code=plates[0].code, actor=ivan)

    lot = lot_close(lot_id=lot.pk, actor=ivan, expected_version=LiquidationLot.objects.get(pk=lot.pk).version)
    assert lot.state == "closed" and lot.closed_by == ivan and lot.closed_at
    with pytest.raises(IllegalTransition, match="closed"):
        lot_add_unit(lot_id=lot.pk, code=plates[0].code, actor=ivan)

    steps = []
    subscribers.subscribe("test: lot sold", lambda step: steps.append(step.action), order=99,
                          actions={"liquidation_lot_sold"})
    try:
        lot = lot_record_sale(lot_id=lot.pk, actor=sam, buyer="Jobber BV", recovery_value="30,00")
    finally:
        subscribers._registry.pop("test: lot sold")
    assert (lot.state, lot.buyer, lot.recovery_value, lot.currency, lot.sold_by) == (
        "sold", "Jobber BV", Decimal("30.00"), "EUR", sam)
    assert steps == ["liquidation_lot_sold"]
    actions = list(ReturnEvent.objects.filter(return_request=lot_return, action__startswith="liquidation_")
                   .values_list("action", flat=True))
    assert actions == ["liquidation_unit_added"] * 3 + ["liquidation_unit_removed", "liquidation_unit_added",
                                                        "liquidation_lot_closed", "liquidation_lot_sold"]
    sold = ReturnEvent.objects.get(return_request=lot_return, action="liquidation_lot_sold")
    assert sold.actor == sam and sold.data["recovery_value"] == "30.00" and len(sold.data["lpns"]) == 3


def test_a_unit_not_for_liquidation_or_already_in_a_lot_is_refused_with_the_reason(lot_return, bob, tshirt, ivan):
    restocked = create_return(make_order(bob, [(tshirt, 1, "20.00")]), bob.user)
    receive_all(restocked, ivan)
    inspect_all(restocked, ivan, disposition="restock")
    (restock_plate,) = plates_of(restocked)
    first, second = lot_create(actor=ivan), lot_create(actor=ivan)
    with pytest.raises(NotForLiquidation, match=f"{restock_plate.code} is not for liquidation .*restock"):
        lot_add_unit(lot_id=first.pk, code=restock_plate.code, actor=ivan)
    plate = plates_of(lot_return)[0]
    lot_add_unit(lot_id=first.pk, code=plate.code, actor=ivan)
    with pytest.raises(AlreadyInLot, match=f"{plate.code} is already in lot {first.reference}"):
        lot_add_unit(lot_id=second.pk, code=plate.code, actor=ivan)
    with pytest.raises(AlreadyInLot):
        lot_add_unit(lot_id=first.pk, code=plate.code, actor=ivan)
    with pytest.raises(InvalidReturnRequest, match="not a license plate"):
        lot_add_unit(lot_id=first.pk, code="TOTE-01", actor=ivan)
    assert LiquidationLotUnit.objects.count() == 1 and not second.units.exists()


def test_a_return_still_being_inspected_cannot_join_a_lot(alice, alice_order, ivan):
    from inspection.services import return_line_inspect
    from returns.services.lifecycle import return_start_inspection
    from tests.factories import add_inspection_photo

    ret = create_return(alice_order, alice.user)
    receive_all(ret, ivan)
    return_start_inspection(return_id=ret.pk, actor=ivan)
    line = ret.lines.first()
    add_inspection_photo(line, ivan)
    return_line_inspect(line_id=line.pk, actor=ivan, grade="C", disposition="liquidation",
                        quantity_accepted=line.quantity_received)
    from inspection.lpn import assign_plates

    (plate, *_rest) = assign_plates(line, ivan)
    with pytest.raises(NotForLiquidation, match="inspection is complete"):
        lot_add_unit(lot_id=lot_create(actor=ivan).pk, code=plate.code, actor=ivan)


def test_only_warehouse_fills_and_closes_and_only_support_or_finance_record_the_sale(lot_return, ivan, sam, fiona):
    lot = lot_create(actor=ivan)
    with pytest.raises(ReturnPermissionDenied):
        lot_create(actor=sam)
    with pytest.raises(ReturnPermissionDenied):
        lot_add_unit(lot_id=lot.pk, code=plates_of(lot_return)[0].code, actor=sam)
    lot_add_unit(lot_id=lot.pk, code=plates_of(lot_return)[0].code, actor=ivan)
    lot_close(lot_id=lot.pk, actor=ivan)
    with pytest.raises(ReturnPermissionDenied):
        lot_record_sale(lot_id=lot.pk, actor=ivan, buyer="X", recovery_value="1")
    for bad, message in [("-5", "not negative"), ("12.345", "two decimals"), ("abc", "amount"), ("", "amount")]:
        with pytest.raises(InvalidReturnRequest, match=message):
            lot_record_sale(lot_id=lot.pk, actor=fiona, buyer="X", recovery_value=bad)
    with pytest.raises(InvalidReturnRequest, match="buyer"):
        lot_record_sale(lot_id=lot.pk, actor=fiona, buyer="  ", recovery_value="5")
    with pytest.raises(InvalidReturnRequest, match="record the price in EUR"):
        lot_record_sale(lot_id=lot.pk, actor=fiona, buyer="X", recovery_value="5", currency="USD")
    assert LiquidationLot.objects.get(pk=lot.pk).state == "closed"
    assert lot_record_sale(lot_id=lot.pk, actor=fiona, buyer="Outlet", recovery_value="5").state == "sold"


def test_an_empty_lot_cannot_be_closed_and_a_stale_form_changes_nothing(lot_return, ivan):
    lot = lot_create(actor=ivan)
    with pytest.raises(InvalidReturnRequest, match="no units"):
        lot_close(lot_id=lot.pk, actor=ivan)
    lot_add_unit(lot_id=lot.pk, code=plates_of(lot_return)[0].code, actor=ivan)
    from inspection.errors import StaleForm

    with pytest.raises(StaleForm):
        lot_close(lot_id=lot.pk, actor=ivan, expected_version=lot.version)  # the scan bumped it
    assert LiquidationLot.objects.get(pk=lot.pk).state == "open"


# --- the tablet pages ---------------------------------------------------------------------------------
def test_scanning_on_the_lot_page_adds_the_unit_or_shows_why_not(client, lot_return, ivan, sam, alice):
    client.force_login(ivan)
    created = client.post("/inspect/liquidation/new/")
    lot = LiquidationLot.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/inspect/liquidation/{lot.reference}/"
    plate = plates_of(lot_return)[0]
    added = client.post(f"/inspect/liquidation/{lot.reference}/scan/", {"lpn": plate.code}, follow=True)
    assert added.status_code == 200 and f"{plate.code} added to {lot.reference}" in added.content.decode()
    again = client.post(f"/inspect/liquidation/{lot.reference}/scan/", {"lpn": plate.code})
    page = again.content.decode()
    assert again.status_code == 409 and f"{plate.code} is already in lot {lot.reference}" in page
    # Red, and the field is empty again: the scanner's next code must not be appended to this one.
    assert 'data-scan-result="error"' in page and '<input id="scan" name="lpn" autofocus' in page
    unknown = client.post(f"/inspect/liquidation/{lot.reference}/scan/", {"lpn": "LP0000000000"})
    assert unknown.status_code == 400 and "is not a license plate" in unknown.content.decode()
    assert lot.units.count() == 1

    client.force_login(sam)  # support sees the lot and its manifest but scans nothing
    assert client.get(f"/inspect/liquidation/{lot.reference}/").status_code == 200
    assert client.post(f"/inspect/liquidation/{lot.reference}/scan/", {"lpn": plate.code}).status_code == 403
    assert client.post("/inspect/liquidation/new/").status_code == 403
    client.force_login(alice.user)
    assert client.get("/inspect/liquidation/").status_code == 403
    assert client.get(f"/inspect/liquidation/{lot.reference}/manifest.csv").status_code == 403


def test_closing_and_recording_the_sale_through_the_pages(client, lot_return, ivan, fiona):
    lot = lot_create(actor=ivan)
    for plate in plates_of(lot_return):
        lot_add_unit(lot_id=lot.pk, code=plate.code, actor=ivan)
    lot.refresh_from_db()
    client.force_login(ivan)
    assert client.post(f"/inspect/liquidation/{lot.reference}/close/", {"version": lot.version}).status_code == 302
    lot.refresh_from_db()
    assert lot.state == "closed"
    refused = client.post(f"/inspect/liquidation/{lot.reference}/sale/", {"buyer": "X", "recovery_value": "9",
                                                                          "version": lot.version})
    assert refused.status_code == 403
    client.force_login(fiona)
    assert 'href="/inspect/liquidation/"' in client.get("/support/").content.decode()  # from the console's menu
    page = client.get(f"/inspect/liquidation/{lot.reference}/").content.decode()
    assert "Record the sale" in page and 'name="csrfmiddlewaretoken"' in page
    bad = client.post(f"/inspect/liquidation/{lot.reference}/sale/", {"buyer": "Jobber BV", "recovery_value": "-1",
                                                                      "version": lot.version})
    assert bad.status_code == 400 and "not negative" in bad.content.decode()
    assert 'value="Jobber BV"' in bad.content.decode()  # what was typed is still there
    ok = client.post(f"/inspect/liquidation/{lot.reference}/sale/", {"buyer": "Jobber BV", "recovery_value": "45.50",
                                                                     "version": lot.version}, follow=True)
    assert ok.status_code == 200 and "sold to Jobber BV for 45.50 EUR" in ok.content.decode()
    lot.refresh_from_db()
    assert (lot.state, lot.recovery_value, lot.sold_by) == ("sold", Decimal("45.50"), fiona)


def test_the_manifest_lists_every_unit_with_totals_as_csv_and_pdf(client, lot_return, ivan, sam, alice_order):
    lot = lot_create(actor=ivan)
    plates = plates_of(lot_return)
    for plate in plates:
        lot_add_unit(lot_id=lot.pk, code=plate.code, actor=ivan)
    lot_close(lot_id=lot.pk, actor=ivan)
    lot_record_sale(lot_id=lot.pk, actor=sam, buyer="=HYPERLINK(evil)", recovery_value="30.00")
    client.force_login(sam)
    response = client.get(f"/inspect/liquidation/{lot.reference}/manifest.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f'manifest-{lot.reference}.csv' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert facts["Lot"] == lot.reference and facts["Units"] == "3" and facts["Buyer"] == "'=HYPERLINK(evil)"
    assert facts["Recovery value (price the buyer pays)"] == "30.00 EUR"
    # 2 × 20.00 and 1 × 60.00 excl. tax, paid with 21 % VAT: 24.20, 24.20, 72.60
    assert facts["Original price paid, total"] == "121.00 EUR"
    header = rows.index(["LPN", "SKU", "Product", "Grade", "RMA", "Original price paid", "Currency"])
    units = rows[header + 1:-1]
    assert sorted(u[0] for u in units) == sorted(p.code for p in plates)
    by_sku = sorted((u[1], u[2], u[3], u[4], u[5]) for u in units)
    assert by_sku == [("JEANS-32", "Slim jeans 32", "C", lot_return.rma_number, "72.60"),
                      ("TSHIRT-M", "Organic T-shirt M", "C", lot_return.rma_number, "24.20"),
                      ("TSHIRT-M", "Organic T-shirt M", "C", lot_return.rma_number, "24.20")]
    assert rows[-1] == ["Total", "", "", "", "3 units", "121.00", "EUR"]

    pdf = client.get(f"/inspect/liquidation/{lot.reference}/manifest.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert f"Liquidation manifest {lot.reference}" in text
    for expected in [*(p.code for p in plates), "JEANS-32", "Slim jeans 32", lot_return.rma_number, "72.60",
                     "121.00 EUR", "30.00 EUR", "3 units"]:
        assert expected in text, expected
    assert client.get(f"/inspect/liquidation/{lot.reference}/manifest.xls").status_code == 404


def test_the_dashboard_recovery_rate_counts_what_sold_lots_brought(client, lot_return, alice, ivan, sam):
    period = metrics.Period(date.today() - timedelta(days=30), date.today())
    # Before the sale nothing is recovered: 2 × 20 + 60 = 100.00 returned (excl. tax), 0 % recovered.
    assert metrics.recovery(period) == [{"label": "Apparel (EUR)", "returned_value": "100.00",
                                         "restocked_value": "0", "liquidated_value": "0", "rate": 0.0}]
    lot = lot_create(actor=ivan)
    tshirts = [p for p in plates_of(lot_return) if p.line.product.sku == "TSHIRT-M"]
    for plate in tshirts:  # only the two T-shirts go in this lot; the jeans wait for the next
        lot_add_unit(lot_id=lot.pk, code=plate.code, actor=ivan)
    lot_close(lot_id=lot.pk, actor=ivan)
    assert metrics.recovery(period)[0]["liquidated_value"] == "0"  # closed is not sold
    lot_record_sale(lot_id=lot.pk, actor=sam, buyer="Jobber BV", recovery_value="12.00")
    # A restocked unit of another return in the same category adds its 20.00 to both sides.
    shirt_order = make_order(alice, [(make_product("TSHIRT-L"), 1, "20.00")])
    restocked = create_return(shirt_order, alice.user)
    receive_all(restocked, ivan)
    inspect_all(restocked, ivan)
    assert metrics.recovery(period) == [{"label": "Apparel (EUR)", "returned_value": "120.00",
                                         "restocked_value": "20.00", "liquidated_value": "12.00", "rate": 26.7}]
    client.force_login(sam)
    page = client.get("/support/dashboard/").content.decode()
    assert "Liquidation recovery" in page and "26.7%" in page


def test_a_lots_value_is_shared_by_its_units_in_proportion_to_their_price(alice, bob, ivan, sam, catalogue):
    cheap, dear = make_product("CHEAP-1"), make_product("DEAR-1", category="electronics")
    one = liquidated(make_order(alice, [(cheap, 1, "10.00")]), alice, ivan)
    two = liquidated(make_order(bob, [(dear, 1, "30.00")]), bob, ivan)
    lot = lot_create(actor=ivan)
    for plate in plates_of(one) + plates_of(two):
        lot_add_unit(lot_id=lot.pk, code=plate.code, actor=ivan)
    lot_close(lot_id=lot.pk, actor=ivan)
    lot_record_sale(lot_id=lot.pk, actor=sam, buyer="Jobber BV", recovery_value="8.00")
    period = metrics.Period(date.today() - timedelta(days=30), date.today())
    rows = {r["label"]: (r["liquidated_value"], r["rate"]) for r in metrics.recovery(period)}
    assert rows == {"Apparel (EUR)": ("2.00", 20.0), "Electronics (EUR)": ("6.00", 20.0)}


def test_a_lot_holds_one_currency(alice, bob, tshirt, ivan):
    eur = liquidated(make_order(alice, [(tshirt, 1, "10.00")]), alice, ivan)
    usd = liquidated(make_order(bob, [(tshirt, 1, "10.00")], currency="USD"), bob, ivan)
    lot = lot_create(actor=ivan)
    lot_add_unit(lot_id=lot.pk, code=plates_of(eur)[0].code, actor=ivan)
    with pytest.raises(InvalidReturnRequest, match="was sold in USD.*holds EUR units"):
        lot_add_unit(lot_id=lot.pk, code=plates_of(usd)[0].code, actor=ivan)
    lot_remove_unit(lot_id=lot.pk, code=plates_of(eur)[0].code, actor=ivan)
    lot_add_unit(lot_id=lot.pk, code=plates_of(usd)[0].code, actor=ivan)  # an emptied lot takes any currency
    lot.refresh_from_db()
    assert lot.currency == "USD"


def test_the_admin_shows_lots_read_only(client, lot_return, ivan, django_user_model):
    lot = lot_create(actor=ivan)
    lot_add_unit(lot_id=lot.pk, code=plates_of(lot_return)[0].code, actor=ivan)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-test-1234")
    client.force_login(admin)
    assert client.get(f"/admin/inspection/liquidationlot/{lot.pk}/change/").status_code == 200
    assert client.post(f"/admin/inspection/liquidationlot/{lot.pk}/change/", {"buyer": "Me"}).status_code == 403
    assert client.get("/admin/inspection/liquidationlot/add/").status_code == 403
    lot.refresh_from_db()
    assert lot.buyer == ""
