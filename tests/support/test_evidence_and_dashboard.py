"""Evidence packs (PDF, ZIP of metadata-free renditions naming the originals' hashes) and the dashboard's
numbers, charts and CSV."""
import csv
import hashlib
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.test import Client

from returns.models import ReturnEvent
from returns.services.lifecycle import return_mark_refunded, return_release_refund
from support import metrics
from tests.factories import create_return, make_order, make_product
from tests.support.builders import add_photo, inspected_return, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(sam):
    client = Client()
    client.force_login(sam)
    return client


def test_the_zip_holds_the_renditions_and_names_the_originals_hashes(agent, alice, media,
                                                             django_capture_on_commit_callbacks):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = create_return(order, alice.user, reason="defective")
    with django_capture_on_commit_callbacks(execute=True):
        customer_photo = add_photo(ret, alice.user, kind="customer", color=(200, 10, 10))

    response = agent.get(f"/support/returns/{ret.rma_number}/evidence.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    (entry,) = manifest["photos"]
    packed = archive.read(entry["file"])
    customer_photo.refresh_from_db()  # the renditions were made after commit
    # The original (it may carry GPS) stays private; the pack holds the large rendition and names both hashes.
    assert packed == customer_photo.large.open("rb").read() != jpeg_bytes(color=(200, 10, 10))
    assert entry["sha256"] == entry["original_sha256"] == customer_photo.sha256
    assert hashlib.sha256(jpeg_bytes(color=(200, 10, 10))).hexdigest() == customer_photo.sha256
    assert entry["hash_matches"] is True and entry["file_sha256"] == hashlib.sha256(packed).hexdigest()
    assert archive.read("SHA256SUMS").decode() == f"{entry['file_sha256']}  {entry['file']}\n"
    assert archive.read("evidence.pdf").startswith(b"%PDF")
    assert manifest["rma_number"] == ret.rma_number and manifest["customer"]["email"] == alice.email
    assert ReturnEvent.objects.filter(return_request=ret, action="evidence_pack", data={"format": "zip"}).exists()


def test_the_pdf_covers_inspection_photos_and_decisions(agent, alice, ivan, sam, media,
                                                        django_capture_on_commit_callbacks):
    order = make_order(alice, [(make_product(), 2, "20.00")])
    with django_capture_on_commit_callbacks(execute=True):
        ret = inspected_return(order, alice.user, ivan, reason="defective", grades={order.lines.get(): "D"})
    return_release_refund(return_id=ret.pk, actor=sam, reason="within_policy_after_review", note="OK")
    response = agent.get(f"/support/returns/{ret.rma_number}/evidence.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{ret.rma_number}.pdf"'
    from support import evidence_pack, record

    facts = evidence_pack.facts(record.build(ret), sam)
    (line,) = facts["lines"]
    assert line["grade"] == "D" and line["inspectors"] == ["ivan"] and line["disposition"] == "scrap"
    assert facts["photos"][0]["sha256"] and facts["photos"][0]["uploaded_by"] == "ivan"
    actions = [e["action"] for e in facts["events"]]
    assert actions.index("line_inspected") < actions.index("release_refund") < actions.index("evidence_pack")
    assert facts["refund"]["total"] == ret.refund.breakdown["total"]


def test_photos_are_served_to_agents_only(agent, alice, media, django_capture_on_commit_callbacks):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = create_return(order, alice.user)
    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(ret, alice.user, kind="customer")
    thumb = agent.get(f"/support/photos/{photo.pk}/thumb/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert agent.get(f"/support/photos/{photo.pk}/original/").status_code == 404  # never served, see inspection
    customer = Client()
    customer.force_login(alice.user)
    assert customer.get(f"/support/photos/{photo.pk}/thumb/").status_code == 403
    assert agent.get(f"/support/photos/{photo.pk}/huge/").status_code == 404


def test_percentile_is_nearest_rank():
    assert metrics.percentile([], 50) is None
    assert metrics.percentile([5.0], 90) == 5.0
    assert metrics.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert metrics.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert metrics.percentile([10, 1, 2], 100) == 10


def test_return_rate_recovery_and_cycle_times(alice, ivan, sam, system_user, catalogue):
    shirt, phone = make_product(), make_product(category="electronics")
    order = make_order(alice, [(shirt, 4, "20.00"), (phone, 1, "100.00")])
    line = order.lines.get(product=shirt)
    ret = inspected_return(order, alice.user, ivan, {line: 1})
    return_release_refund(return_id=ret.pk, actor=sam)
    return_mark_refunded(return_id=ret.pk, actor=system_user, credit_note_name="RINV/1")
    today = date.today()
    period = metrics.Period(today - timedelta(days=30), today)

    by_product = {r["label"]: r for r in metrics.return_rate(period, "product")}
    assert by_product[shirt.sku] == {"label": shirt.sku, "returned": 1, "delivered": 4, "rate": 25.0}
    assert phone.sku not in by_product  # nothing returned: not among the top returned products
    by_category = {r["label"]: r["rate"] for r in metrics.return_rate(period, "category")}
    assert by_category == {"Apparel": 25.0, "Electronics": 0.0}
    assert metrics.return_rate(period, "reason") == [
        {"label": "Changed my mind", "returned": 1, "delivered": 5, "rate": 20.0}]
    assert metrics.return_rate(period, "channel")[0]["rate"] == 20.0
    mix = {r["disposition"]: r["units"] for r in metrics.disposition_mix(period)}
    assert mix["restock"] == 1 and sum(mix.values()) == 1
    assert metrics.recovery(period) == [{"label": "Apparel (EUR)", "returned_value": "20.00",
                                         "restocked_value": "20.00", "liquidated_value": "0",
                                         "rate": 100.0}]
    (refund,) = metrics.refund_times(period)
    assert refund["rma_number"] == ret.rma_number and refund["hours"] >= 0
    steps = {s["step"]: s for s in metrics.step_times(period)}
    assert all(steps[key]["count"] == 1 for key in ("authorization", "inspection", "release", "confirmation"))
    assert steps["transit"]["count"] == 1
    weeks, series = metrics.reasons_trend(period)
    assert series[0]["label"] == "Changed my mind" and sum(series[0]["counts"]) == 1 and len(weeks) >= 5


def test_the_dashboard_draws_every_chart_and_exports_csv(agent, alice, ivan):
    order = make_order(alice, [(make_product(), 2, "20.00")])
    inspected_return(order, alice.user, ivan)
    page = agent.get("/support/dashboard/")
    html = page.content.decode()
    assert page.status_code == 200
    for slug in ("rate-product", "rate-category", "rate-reason", "rate-channel", "dispositions", "recovery",
                 "cycle-time", "queue-ageing", "reasons-trend"):
        assert f'data-chart="{slug}"' in html and f'id="{slug}-t"' in html, slug
    assert html.count("<svg") >= 9 and "cdn" not in html.lower()

    today = date.today().isoformat()
    response = agent.get("/support/dashboard/", {"date_from": "2020-01-01", "date_to": today,
                                                 "chart": "rate-category", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Label", "Returned units", "Delivered units", "Return rate %"]
    assert rows[1] == ["Apparel", "2", "2", "100.0"]
    assert agent.get("/support/dashboard/", {"chart": "nope", "format": "csv"}).status_code == 404


def test_a_reversed_date_range_is_explained(agent):
    response = agent.get("/support/dashboard/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400
    assert "The start date must be on or before the end date." in response.content.decode()
