"""The evidence pack's PDF reads as a document a bank or a vendor accepts: the demo's richest return is
downloaded from the console, rendered to PNG under test-artifacts/evidence-pack/ and its extracted
text checked for internal codes, raw timestamps, "-0.00", broken words, the brand and page numbers.
The detectors themselves are shown to catch planted faults, on text and on a real PDF."""
import io
import json
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from inspection.models import HoldKind, HoldStatus, LineHold, PhotoKind
from integrations.models import PostingKind, PostingState
from returns.choices import Channel, ConditionGrade, Disposition, RefundMethod, ReturnStatus
from refunds.models import Refund
from returns.models import ReasonCode, ReturnRequest
from support import evidence_labels as labels
from support import evidence_pdf
from support.record import ACTION_LABELS
from tests.support import pdf_text

CODED = (ReturnStatus, Channel, Disposition, ConditionGrade, RefundMethod, HoldKind, HoldStatus, PhotoKind,
         PostingKind, PostingState)
ALL_LABELS = [str(label) for cls in CODED for label in cls.labels] + [str(a) for a in ACTION_LABELS.values()]


def _logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), (29, 77, 43)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def demo(db, media, settings, django_capture_on_commit_callbacks):
    """The demo data (photos rendered after commit), the operator in Berlin and a branded store."""
    from portal.brand import forget_cached_brand
    from portal.models import StoreBrand

    settings.TIME_ZONE = "Europe/Berlin"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    brand = StoreBrand(name="Nordic Threads Outfitters", primary_colour="#1d4d2b", text_on_primary="#ffffff")
    brand.logo.save("logo.png", ContentFile(_logo_png()), save=False)
    brand.save()
    yield brand
    forget_cached_brand()  # the brand is cached (portal.brand); the rolled-back row must not outlive the test


def _richest_demo_return():
    """A refunded demo return, the one with the most photos (then lines): it shows every section."""
    done = [ReturnStatus.CLOSED, ReturnStatus.REFUNDED, ReturnStatus.REFUND_APPROVED]
    return (ReturnRequest.objects.filter(state__in=done, idempotency_key__startswith="demo-")
            .annotate(n_photos=Count("photos", distinct=True), n_lines=Count("lines", distinct=True))
            .order_by("-n_photos", "-n_lines", "pk").first())


def _expected_phrases(ret, brand_name) -> list[str]:
    """What a reader must find whole: names, the labels of this return's codes, the time zone."""
    phrases = [brand_name, ret.rma_number, ret.order.number, ret.customer.name, labels.state(ret.state),
               labels.channel(ret.order.channel), labels.refund_method(ret.refund_method), "Europe/Berlin"]
    for line in ret.lines.select_related("product", "reason"):
        phrases += [line.product.name, line.product.sku, labels.grade(line.grade),
                    labels.disposition(line.disposition), line.reason.label]
    phrases += [labels.action(a) for a in ret.events.values_list("action", flat=True).distinct()]
    phrases += [labels.photo_kind(k) for k in ret.photos.values_list("kind", flat=True).distinct()]
    phrases += [labels.posting_kind(k) for k in ret.postings.values_list("kind", flat=True).distinct()]
    phrases += [labels.hold_kind(h.kind) for h in LineHold.objects.filter(line__request=ret)]
    phrases += [labels.when(ret.created_at), labels.when(ret.received_at)]
    return [p for p in phrases if p]


def _download_and_read(agent, ret, brand) -> str:
    """The console's PDF of `ret`, rendered to PNG, checked page by page and as a whole; returns its text."""
    phrases = _expected_phrases(ret, brand.name)  # before the download, which is audited after the PDF is made
    response = agent.get(f"/support/returns/{ret.rma_number}/evidence.pdf")
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    pngs = pdf_text.render_pngs(pdf, f"demo-{ret.rma_number}")
    pages = pdf_text.page_texts(pdf)
    assert len(pngs) == len(pages) >= 1 and all(p.stat().st_size > 10_000 for p in pngs)
    text = "\n".join(pages)
    (pdf_text.ARTIFACTS / f"demo-{ret.rma_number}.txt").write_text(text)

    assert pdf_text.chars_outside(pdf, margin=20) == []  # no text ran off the page
    # The brand heads, and "Page N of M" closes, every page.
    for number, page in enumerate(pages, start=1):
        assert brand.name in page and f"Page {number} of {len(pages)}" in page, number
    # No code, no raw timestamp, no "-0.00": every coded value of this return shows as its label.
    raw_values = {ret.state, ret.order.channel, ret.refund_method}
    raw_values |= set(ret.lines.values_list("disposition", flat=True))
    raw_values |= set(ret.postings.values_list("kind", flat=True)) | set(ret.postings.values_list("state", flat=True))
    raw_values |= set(ret.events.values_list("action", flat=True))
    raw_values |= set(ReasonCode.objects.values_list("code", flat=True))
    raw_values |= set(LineHold.objects.filter(line__request=ret).values_list("status", flat=True))
    # A one-word code ("restock", "closed") is also an English word: it counts as leaked when it shows in
    # lower case, unless a label, the refund's explanations or the pack's own sentences use it so.
    refund = Refund.objects.filter(return_request=ret).first()
    explanations = refund.breakdown.get("explanations", []) if refund else []
    in_prose = {w for phrase in ALL_LABELS + explanations for w in pdf_text.WORD.findall(phrase) if w.islower()}
    in_prose |= {"evidence", "refunded"}  # "kept as evidence", "Total refunded"
    one_word_codes = {v for v in raw_values if v and v.isalpha() and v.islower() and len(v) > 2} - in_prose
    assert {"restock", "marketplace", "web", "inspecting", "open"} & one_word_codes  # something to catch
    assert pdf_text.internal_codes(text, one_word_codes) == []
    assert pdf_text.negative_zeros(text) == []
    # Names and labels whole: no word split across two lines anywhere.
    assert pdf_text.missing_phrases(text, phrases) == []
    assert pdf_text.broken_words(text, pdf_text.vocabulary(phrases + ALL_LABELS)) == []
    return text


def test_the_demo_evidence_packs_read_as_documents(demo):
    agent = Client()
    agent.force_login(get_user_model().objects.get(username="support"))
    ret = _richest_demo_return()
    assert ret is not None and ret.photos.exists() and ret.postings.exists()
    text = _download_and_read(agent, ret, demo)
    assert labels.money(ret.refund_amount, ret.order.currency) in text  # money with its currency

    # The tablet demo's serial-number hold: its kind and status in words.
    held = ReturnRequest.objects.get(idempotency_key="demo-tablet-serial-hold")
    hold = LineHold.objects.filter(line__request=held).first()
    assert hold is not None
    text = _download_and_read(agent, held, demo)
    assert pdf_text.missing_phrases(text, [labels.hold_kind(hold.kind), labels.hold_status(hold.status)]) == []

    # The ZIP keeps the codes for machines, and packs this same document.
    archive = zipfile.ZipFile(io.BytesIO(b"".join(agent.get(
        f"/support/returns/{ret.rma_number}/evidence.zip").streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["state"] == ret.state and manifest["return"]["refund_method"] == ret.refund_method
    assert {line["disposition"] for line in manifest["lines"]} <= set(Disposition.values)
    zipped = "\n".join(pdf_text.page_texts(archive.read("evidence.pdf")))
    assert demo.name in zipped and pdf_text.internal_codes(zipped) == []


def test_a_pack_without_a_brand_keeps_a_pasted_link_on_the_page(alice, sam, media):
    """No StoreBrand yet: no made-up name. A 180-character link is no word: it is cut to stay on the page."""
    from portal.brand import forget_cached_brand
    from tests.factories import create_return, make_order, make_product

    forget_cached_brand()
    link = "https://photos.example.com/" + "a1b2c3d4e5" * 15
    order = make_order(alice, [(make_product(name="Linen shirt"), 1, "0.00")], delivered_days_ago=60)
    ret = create_return(order, alice.user, exception_message=f"See {link} please")
    agent = Client()
    agent.force_login(sam)
    response = agent.get(f"/support/returns/{ret.rma_number}/evidence.pdf")
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    pdf_text.render_pngs(pdf, "no-brand-long-link")
    pages = pdf_text.page_texts(pdf)
    text = "\n".join(pages)
    assert "Nordic" not in text and all(f"Page {n} of {len(pages)}" in p for n, p in enumerate(pages, start=1))
    assert pdf_text.chars_outside(pdf, margin=20) == []
    assert link in text.replace("\n", "")  # every character there, on consecutive lines
    assert pdf_text.missing_phrases(text, ["Linen shirt", alice.name]) == []


def test_the_overflow_detector_catches_text_off_the_page():
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Table([["x" * 400]])])  # a plain string cell never wraps
    assert pdf_text.chars_outside(out.getvalue(), margin=20) != []


# --- the detectors catch what they look for -------------------------------------------------------
def test_the_code_detector_catches_planted_codes_and_timestamps():
    assert pdf_text.internal_codes("State: refund_approved, then vendor_return") == ["refund_approved",
                                                                                   "vendor_return"]
    assert pdf_text.internal_codes("at 2026-12-01T10:00:00+00:00") == ["2026-12-01T10:00"]
    assert pdf_text.internal_codes("Disposition: restock", {"restock"}) == ["restock"]
    assert pdf_text.internal_codes("Disposition: Restock · 3 restocking fees · photos/0001-line2.jpg",
                                   {"restock"}) == []


def test_the_negative_zero_detector():
    assert pdf_text.negative_zeros("fees -0.00 EUR, then −0.00") == ["-0.00", "−0.00"]
    assert pdf_text.negative_zeros("-10.00 EUR, 0.00 EUR, -0.50 EUR, RINV/2026/00012-0") == []


def test_the_broken_word_detector_catches_a_real_split_and_our_tables_make_none(tmp_path):
    words = pdf_text.vocabulary(["Return to vendor", "Quarantine"])
    assert pdf_text.broken_words("Return to ven-\ndor", words) == ["ven|dor"]
    assert pdf_text.broken_words("Qu\nara\nntin\ne", words) == ["Qu|ara|ntin|e"]
    assert pdf_text.broken_words("Return to\nvendor", words) == []
    assert pdf_text.missing_phrases("Return to\nvendor", ["Return to vendor"]) == []
    assert pdf_text.missing_phrases("Return to ven dor", ["Return to vendor"]) == ["Return to vendor"]

    # reportlab's default cuts a word too long for its column (splitLongWords): a real PDF shows the detector works.
    out = io.BytesIO()
    cut = Paragraph("Quarantine", getSampleStyleSheet()["BodyText"])
    SimpleDocTemplate(out, pagesize=A4).build([Table([[cut]], colWidths=[30])])
    assert pdf_text.broken_words(pdf_text.page_texts(out.getvalue())[0], words) != []
    # The pack's own tables size each column to its longest word.
    out = io.BytesIO()
    styles = evidence_pdf.Styles()
    rows = [["Disposition", "Grade"], [str(Disposition.QUARANTINE.label), str(ConditionGrade.A.label)]]
    SimpleDocTemplate(out, pagesize=A4).build([evidence_pdf.table(rows, styles, total=120)])
    extracted = pdf_text.page_texts(out.getvalue())[0]
    assert pdf_text.broken_words(extracted, pdf_text.vocabulary(r for row in rows for r in row)) == []
    assert pdf_text.missing_phrases(extracted, rows[1]) == []


# --- labels -------------------------------------------------------------------------------------------
def test_money_is_never_negative_zero_and_always_has_its_currency():
    assert labels.money("-0.00", "EUR") == "0.00 EUR"
    assert labels.money(Decimal("0"), "EUR", deduction=True) == "0.00 EUR"
    assert labels.money("3", "EUR", deduction=True) == "-3.00 EUR"
    assert labels.money("1234.5", "EUR") == "1,234.50 EUR"
    assert labels.money("1500", "JPY") == "1,500 JPY"
    assert labels.money(None, "EUR") == "–"


def test_times_are_in_the_operators_zone_to_the_minute_and_named(settings):
    moment = datetime(2026, 7, 1, 10, 5, 59, tzinfo=UTC)
    settings.TIME_ZONE = "Europe/Berlin"
    assert labels.when(moment) == "1 Jul 2026, 12:05 CEST" and labels.zone_name() == "Europe/Berlin"
    settings.TIME_ZONE = "America/New_York"
    assert labels.when(moment) == "1 Jul 2026, 06:05 EDT"


def test_every_code_has_a_label_and_unknown_ones_are_humanized():
    assert labels.disposition("vendor_return") == "Return to vendor"
    assert labels.state("refund_approved") == "Refund released"
    assert labels.hold_kind("serial_mismatch") == str(HoldKind.SERIAL_MISMATCH.label)
    assert labels.posting_kind("credit_note") == "Credit note"
    assert labels.reason("some_new_code") == "Some new code"
    assert labels.action("line_hold_approved") == "Hold approved"
