"""License plates: labels as ZPL (sent to a raw port-9100 printer, here a TCP server the test starts on
a free loopback port, or downloaded) and as PDF with Code 128s; the sort instruction and the put-away scan."""
import re
import socket

import pytest

from inspection.grading import grading_answer, grading_decide
from inspection.grading_demo import seed_grading_trees
from inspection.labels_unit import PrinterUnavailable, label_pdf, label_zpl, print_zpl
from inspection.lpn import WrongBin, plate_scan_to, sort_instruction
from inspection.models import CustodyRecord, LicensePlate, UnitInspection
from inspection.workflow import inspection_complete
from returns.models import ReturnEvent
from tests.inspection.fake_printer import FakePrinter
from tests.inspection.helpers import add_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def printer():
    fake = FakePrinter()
    yield fake
    fake.close()


@pytest.fixture
def graded(catalogue, inspecting, ivan):
    """The T-shirts graded sealed (restock), the jeans damaged beyond repair (scrap), each decided."""
    seed_grading_trees()
    lines = {line.product.sku: line for line in inspecting.lines.select_related("product")}
    for sku, answers in {"TSHIRT-M": [("state", "sealed")],
                         "JEANS-32": [("state", "damaged"), ("damage", "torn")]}.items():
        line = lines[sku]
        for question, answer in answers:
            record = UnitInspection.objects.get(line=line, unit_index=0)
            grading_answer(line_id=line.pk, unit_index=0, actor=ivan, expected_version=record.version,
                           question=question, answer=answer)
        if sku == "JEANS-32":
            add_photo(inspecting, line, ivan)
        grading_decide(line_id=line.pk, actor=ivan,
                       expected_version=UnitInspection.objects.get(line=line, unit_index=0).version)
    return {sku: list(LicensePlate.objects.filter(line=line)) for sku, line in lines.items()}


def test_zpl_has_code128s_of_the_plate_and_sku_with_grade_and_disposition(graded):
    plate = graded["JEANS-32"][0]
    zpl = label_zpl(plate)
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")
    assert re.search(rf"\^BCN,110,N,N,N\^FH_\^FD{plate.code}\^FS", zpl)  # Code 128 of the LPN
    assert "^BCN,50,N,N,N^FH_^FDJEANS-32^FS" in zpl  # and of the SKU
    assert "GRADE F   Scrap" in zpl


def test_zpl_field_data_cannot_inject_printer_commands(graded):
    plate = graded["TSHIRT-M"][0]
    plate.line.product.name = "Shirt ^XZ~JR evil"
    zpl = label_zpl(plate)
    assert zpl.count("^XZ") == 1 and "~JR" not in zpl and "_5EXZ_7EJR" in zpl


def test_pdf_label_carries_the_plate(graded):
    plate = graded["TSHIRT-M"][1]
    pdf = label_pdf(plate)
    assert pdf.startswith(b"%PDF") and plate.code.encode() in pdf


def test_print_sends_the_zpl_to_the_raw_port(client, settings, printer, graded, ivan):
    settings.RETURNFLOW_LABEL_PRINTER = f"127.0.0.1:{printer.port}"
    plate = graded["TSHIRT-M"][0]
    client.force_login(ivan)
    response = client.post(f"/inspect/lpn/{plate.code}/print/")
    assert response.status_code == 302
    jobs = printer.wait_for(1)
    assert jobs == [label_zpl(plate).encode()]
    plate.refresh_from_db()
    assert plate.printed_at is not None


def _port_nobody_listens_on():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_printer_that_is_off_is_a_clear_error_and_the_label_can_be_downloaded(client, settings, graded, ivan):
    settings.RETURNFLOW_LABEL_PRINTER = f"127.0.0.1:{_port_nobody_listens_on()}"
    plate = graded["TSHIRT-M"][0]
    client.force_login(ivan)
    response = client.post(f"/inspect/lpn/{plate.code}/print/")
    assert response.status_code == 503 and "did not answer" in response.content.decode()
    with pytest.raises(PrinterUnavailable, match="No label printer"):
        settings.RETURNFLOW_LABEL_PRINTER = ""
        print_zpl("^XA^XZ")
    zpl = client.get(f"/inspect/lpn/{plate.code}/label.zpl")
    pdf = client.get(f"/inspect/lpn/{plate.code}/label.pdf")
    assert zpl.status_code == 200 and zpl.content.decode() == label_zpl(plate)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/inspect/lpn/{plate.code}/label.exe").status_code == 404


def test_sort_instruction_and_put_away_scan(client, graded, inspecting, ivan):
    scrap = graded["JEANS-32"][0]
    assert tuple(sort_instruction(scrap.line)) == ("SCRAP", "BIN-X-01", "red")
    with pytest.raises(WrongBin, match="goes to SCRAP · BIN-X-01"):
        plate_scan_to(code=scrap.code, location_code="BIN-S-01", actor=ivan)
    client.force_login(ivan)
    page = client.get(f"/inspect/lpn/{scrap.code}/").content.decode()
    assert "SCRAP · bin X-01" in page and "sort-red" in page
    wrong = client.post(f"/inspect/lpn/{scrap.code}/scan/", {"location": "BIN-R-12"})
    assert wrong.status_code == 400 and "Wrong bin" in wrong.content.decode()
    right = client.post(f"/inspect/lpn/{scrap.code}/scan/", {"location": "bin-x-01"})
    assert right.status_code == 302
    record = CustodyRecord.objects.filter(line=scrap.line).latest("id")
    assert (record.location_code, record.reason, record.unit_index) == ("BIN-X-01", "putaway", 1)
    assert ReturnEvent.objects.filter(action="unit_put_away", data__lpn=scrap.code).exists()
    # Completing the inspection leaves put-away units where they are; the others go to the area.
    inspection_complete(return_id=inspecting.pk, actor=ivan)
    latest = {(r.line_id, r.unit_index): r.location_code for r in CustodyRecord.objects.order_by("id")}
    assert latest[(scrap.line_id, 1)] == "BIN-X-01"
    assert latest[(graded["TSHIRT-M"][0].line_id, 1)] == "STOCK"
    # From now on the plate is the unit's identity: scanning it into another bin moves it.
    plate_scan_to(code=scrap.code, location_code="CART-9", actor=ivan)
    assert CustodyRecord.objects.filter(line=scrap.line).latest("id").location_code == "CART-9"


def test_scanning_a_plate_on_the_grade_screen_opens_it_and_strangers_get_nothing(client, graded, alice):
    plate = graded["TSHIRT-M"][0]
    client.force_login(alice.user)
    assert client.get(f"/inspect/lpn/{plate.code}/").status_code == 403
    assert client.post(f"/inspect/lpn/{plate.code}/scan/", {"location": "BIN-S-01"}).status_code == 403
    assert client.get(f"/inspect/lpn/{plate.code}/label.pdf").status_code == 403


def test_with_a_printer_configured_the_labels_print_on_disposition(client, settings, printer, catalogue, inspecting,
                                                                   ivan):
    seed_grading_trees()
    settings.RETURNFLOW_LABEL_PRINTER = f"127.0.0.1:{printer.port}"
    line = inspecting.lines.get(product__sku="TSHIRT-M")
    record = UnitInspection.objects.get(line=line, unit_index=0)
    grading_answer(line_id=line.pk, unit_index=0, actor=ivan, expected_version=record.version, question="state",
                   answer="sealed")
    client.force_login(ivan)
    url = f"/inspect/returns/{inspecting.rma_number}/lines/{line.pk}/grade/decide/"
    response = client.post(url, {"confirm": "1", "version": UnitInspection.objects.get(pk=record.pk).version})
    assert response.status_code == 302
    plates = list(LicensePlate.objects.filter(line=line))
    assert sorted(printer.wait_for(2)) == sorted(label_zpl(p).encode() for p in plates)
    assert all(p.printed_at for p in plates)
