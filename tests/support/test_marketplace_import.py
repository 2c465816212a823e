"""A marketplace returns report of 200 rows, imported twice: created, rejected, left for review, and
nothing created twice."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from returns.choices import Channel
from returns.models import ReturnRequest
from returns.services import marketplace_import
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db

AMAZON_HEADER = ("Order ID,Order date,Return request date,Return request status,Amazon RMA ID,Merchant RMA ID,"
                 "ASIN,Merchant SKU,Item Name,Return quantity,Return reason,In policy,Customer comments")


def amazon_report(rows):
    lines = [AMAZON_HEADER]
    for order, rma, sku, qty, reason in rows:
        lines.append(f'{order},2026-11-01,2026-11-20,Approved,{rma},,B0TEST,{sku},"Item, blue",{qty},{reason},Y,')
    return ("\n".join(lines) + "\n").encode()


def test_a_report_of_200_rows_imported_twice_creates_each_return_once(alice, bob, sam, capsys):
    product, final = make_product(), make_product(final_sale=True)
    rows = []
    for i in range(190):  # in policy: created
        order = make_order(alice if i % 2 else bob, [(product, 1, "12.00")], number=f"AMZ-{i:04d}")
        rows.append((order.number, f"R{i:04d}", product.sku, 1, "CR-UNWANTED_ITEM"))
    for i in range(2):  # final sale: the marketplace took it back anyway, so a person decides
        order = make_order(alice, [(final, 1, "12.00")], number=f"AMZ-F{i}")
        rows.append((order.number, f"RF{i}", final.sku, 1, "CR-DEFECTIVE"))
    for i in range(2):  # more than was delivered: nothing overrides that
        order = make_order(alice, [(product, 1, "12.00")], number=f"AMZ-Q{i}")
        rows.append((order.number, f"RQ{i}", product.sku, 3, "CR-DEFECTIVE"))
    for i in range(3):  # outside the window: likewise left for review
        order = make_order(bob, [(product, 1, "12.00")], number=f"AMZ-L{i}", delivered_days_ago=60)
        rows.append((order.number, f"RL{i}", product.sku, 1, "CR-UNWANTED_ITEM"))
    rows += [("AMZ-NOPE", "RX1", product.sku, 1, "CR-UNWANTED_ITEM"),
             ("AMZ-0001", "RX2", "NOT-ON-IT", 1, "CR-UNWANTED_ITEM"),
             ("AMZ-0003", "RX3", product.sku, 1, "Aliens took it")]
    report = amazon_report(rows)
    assert len(rows) == 200

    agent = Client()
    agent.force_login(sam)
    first = agent.post("/support/imports/marketplace/", {"report": SimpleUploadedFile("returns.csv", report)})
    page = first.content.decode()
    counts = page.split('data-testid="import-counts">')[1].split("</p>")[0]
    print("first import:", counts)
    assert "Rows: 190 created, 5 left for review, 5 rejected, 0 already imported (amazon)" in counts
    assert ReturnRequest.objects.filter(channel=Channel.MARKETPLACE).count() == 195
    assert "No order “AMZ-NOPE”." in page and "SKU NOT-ON-IT is not on order AMZ-0001." in page
    assert "Return reason “Aliens took it” is not one Returnflow knows." in page

    again = agent.post("/support/imports/marketplace/", {"report": SimpleUploadedFile("returns.csv", report)})
    counts = again.content.decode().split('data-testid="import-counts">')[1].split("</p>")[0]
    print("second import:", counts)
    assert "Rows: 0 created, 0 left for review, 5 rejected, 195 already imported (amazon)" in counts
    assert ReturnRequest.objects.filter(channel=Channel.MARKETPLACE).count() == 195
    with capsys.disabled():
        print("\nmarketplace import of 200 rows, twice:", counts)


def test_the_generic_layout_groups_rows_of_one_return(alice, sam):
    shirt, cap = make_product(), make_product()
    order = make_order(alice, [(shirt, 2, "20.00"), (cap, 1, "9.00")], number="MK-1")
    data = (f"order_number,sku,quantity,reason,return_id,comment\nMK-1,{shirt.sku},2,defective,M-77,Seams open\n"
            f"MK-1,{cap.sku},1,changed_mind,M-77,\n").encode()
    result = marketplace_import.import_file(data, actor=sam)
    assert result.layout == "generic" and result.counts["created"] == 2
    ret = ReturnRequest.objects.get(order=order)
    assert ret.lines.count() == 2 and ret.lines.get(product=shirt).customer_comment == "Seams open"


def test_a_file_that_cannot_be_read_imports_nothing(sam):
    agent = Client()
    agent.force_login(sam)
    bad = agent.post("/support/imports/marketplace/", {"report": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert bad.status_code == 400 and "matches neither the Amazon returns report" in bad.content.decode()
    latin = agent.post("/support/imports/marketplace/", {"report": SimpleUploadedFile("x.csv", "é".encode("latin-1"))})
    assert latin.status_code == 400 and "not UTF-8" in latin.content.decode()
    assert not ReturnRequest.objects.exists()


def test_the_api_has_the_same_bulk_import(alice, sam, ivan):
    from rest_framework.test import APIClient

    shirt = make_product()
    make_order(alice, [(shirt, 1, "20.00")], number="MK-API")
    report = f"order_number,sku,quantity,reason,return_id\nMK-API,{shirt.sku},1,changed_mind,A-1\n".encode()
    client = APIClient()
    client.force_authenticate(sam)
    first = client.post("/api/imports/marketplace/", {"report": SimpleUploadedFile("r.csv", report)},
                        format="multipart")
    assert first.status_code == 200 and first.json()["counts"] == {"created": 1, "review": 0, "rejected": 0,
                                                                   "already": 0}
    again = client.post("/api/imports/marketplace/", {"report": SimpleUploadedFile("r.csv", report)},
                        format="multipart")
    assert again.json()["counts"]["already"] == 1 and ReturnRequest.objects.count() == 1
    bad = client.post("/api/imports/marketplace/", {"report": SimpleUploadedFile("r.csv", b"x,y\n")},
                      format="multipart")
    assert bad.status_code == 400 and "matches neither" in bad.json()["error"]["message"]
    client.force_authenticate(ivan)
    assert client.post("/api/imports/marketplace/", {"report": SimpleUploadedFile("r.csv", report)},
                       format="multipart").status_code == 403
