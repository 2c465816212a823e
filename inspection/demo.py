"""Demo data for the warehouse tablet, made through the real services (idempotent).

`demo_inspect` is what seed_demo uses to take a return through inspection under the inspection
rules (photo evidence below grade A, support approval for held lines). `seed_inspection_demo`
adds what the tablet and the support console show: a short receipt waiting for inspection, a
line on hold for a serial mismatch, and a parcel without a return number.
"""
import io
import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from returns.choices import ConditionGrade
from returns.models import ReturnRequest, SalesOrder

from .evidence import files_removed_on_error, photo_store
from .holds import line_hold_release
from .models import PhotoKind, UnidentifiedParcel
from .receiving import unidentified_parcel_record

log = logging.getLogger(__name__)
DEMO_PARCEL_TRACKING = "3SDEMO00000001"


def demo_photo(label: str, colour=(176, 132, 84)) -> SimpleUploadedFile:
    """A small JPEG that looks like a box with a label, so demo pages have something to show."""
    im = Image.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(im)
    draw.rectangle((180, 200, 620, 400), fill=(245, 245, 240), outline=(60, 60, 60), width=4)
    draw.text((210, 285), label[:40], fill=(20, 20, 20))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return SimpleUploadedFile(f"{label[:20]}.jpg", buf.getvalue(), "image/jpeg")


def _add_inspection_photo(ret, line, inspector):
    with files_removed_on_error() as stored, transaction.atomic():
        photo_store(upload=demo_photo(line.product.sku), kind=PhotoKind.INSPECTION, uploaded_by=inspector,
                    stored=stored, return_request=ret, line=line)


def demo_inspect(ret, inspector, support, *, grade_for=None, disposition_for=None):
    """Inspect every received line (grade A, or B for serialized products, restocked by default);
    photos where the grade needs them, and support approves any line the rules put on hold."""
    from .services import return_line_inspect

    for line in ret.lines.select_related("product").filter(quantity_received__gt=0):
        grade = (grade_for or {}).get(line.pk) or (ConditionGrade.B if line.product.serialized else ConditionGrade.A)
        if grade != ConditionGrade.A and not line.photos.filter(kind=PhotoKind.INSPECTION).exists():
            _add_inspection_photo(ret, line, inspector)
        line = return_line_inspect(line_id=line.pk, actor=inspector, grade=grade,
                                   disposition=(disposition_for or {}).get(line.pk, "restock"),
                                   quantity_accepted=line.quantity_received)
        if line.hold_reason:
            line_hold_release(line_id=line.pk, actor=support, decision="approve", reason="demo",
                              note="Checked against the order (demo data).")
    return ret


def _free_orders(*, serialized=None):
    """Recent demo orders nobody has returned yet (Alice's stay free for people trying the portal)."""
    since = timezone.now() - timedelta(days=13)
    orders = (SalesOrder.objects.filter(delivered_at__gte=since, returns__isnull=True)
              .exclude(customer__user__username="alice").exclude(lines__product__final_sale=True)
              .order_by("number").distinct())
    if serialized is not None:
        orders = orders.filter(lines__product__serialized=serialized)
    return list(orders)


def _demo_return(key, order):
    from returns.services.creation import LineInput, return_create

    lines = [LineInput(order_line_id=ol.pk, quantity=ol.quantity_delivered, reason_code="changed_mind")
             for ol in order.lines.all()]
    return return_create(order=order, actor=order.customer.user, lines=lines, idempotency_key=key)


def seed_inspection_demo():
    """Add the tablet's demo situations; running it again changes nothing."""
    from returns.services.lifecycle import return_approve

    from .receiving import receive_parcel
    from .workflow import inspection_open, unit_step_save

    User = get_user_model()
    inspector = User.objects.filter(username="inspector").first()
    support = User.objects.filter(username="support").first()
    if inspector is None or support is None:
        log.warning("seed_inspection_demo: run seed_demo first (no inspector/support users).")
        return
    if not UnidentifiedParcel.objects.filter(tracking_number=DEMO_PARCEL_TRACKING).exists():
        unidentified_parcel_record(actor=inspector, carrier="PostNL", tracking_number=DEMO_PARCEL_TRACKING,
                                   location_code="BIN-NORMA-1", note="Blue hoodie, no paperwork, sender unreadable.",
                                   photos=[demo_photo("NO RMA - PostNL")])

    if not ReturnRequest.objects.filter(idempotency_key="demo-tablet-short").exists():
        order = next(iter(_free_orders(serialized=False)), None)
        if order is not None:
            ret = _demo_return("demo-tablet-short", order)
            if ret.state == "pending_approval":
                ret = return_approve(return_id=ret.pk, actor=support, reason="demo")
            first, *rest = list(ret.lines.all())
            counts = {first.pk: max(0, first.quantity_requested - 1)} | {line.pk: line.quantity_requested
                                                                        for line in rest}
            if sum(counts.values()):
                receive_parcel(return_id=ret.pk, actor=inspector, quantities=counts, location_code="TOTE-07",
                               note="One unit missing from the box (demo).")

    if not ReturnRequest.objects.filter(idempotency_key="demo-tablet-serial-hold").exists():
        order = next(iter(_free_orders(serialized=True)), None)
        if order is not None:
            ret = _demo_return("demo-tablet-serial-hold", order)
            if ret.state == "pending_approval":
                ret = return_approve(return_id=ret.pk, actor=support, reason="demo")
            receive_parcel(return_id=ret.pk, actor=inspector, location_code="TOTE-12",
                           quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
            inspection_open(return_id=ret.pk, actor=inspector)
            line = ret.lines.filter(product__serialized=True).first()
            unit_step_save(line_id=line.pk, unit_index=1, actor=inspector, expected_version=1,
                           serial="SN-NOT-OURS-0001")
