"""Receiving parcels: what arrived against what was expected, with every mismatch kept for support.

One receipt is one transaction: unexpected products become lines, the lifecycle's receive
step posts the receipt into the Returns location (never sellable stock), discrepancies are
raised, and every unit is booked into the tote it was scanned into. A failure anywhere leaves
nothing behind.
"""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.errors import IllegalTransition, ReturnPermissionDenied
from returns.models import Product, ReturnLine, ReturnRequest
from returns.services.audit import audit_record
from returns.services.lifecycle import return_receive
from returns.services.transitions import lock_return

from .custody import custody_put
from .errors import ReceivingError
from .evidence import check_photo, files_removed_on_error, photo_store
from .models import DiscrepancyKind, Photo, PhotoKind, ReceivingDiscrepancy, UnidentifiedParcel
from .totes import clean_tote

RECEIVABLE_STATES = (ReturnStatus.AUTHORIZED, ReturnStatus.IN_TRANSIT)
MAX_UNITS_PER_LINE = 999


@dataclass(frozen=True)
class UnexpectedItem:
    product_id: int
    quantity: int
    note: str = ""


def find_product(code: str) -> Product | None:
    """A scanned product barcode or a typed SKU."""
    code = (code or "").strip()
    if not code:
        return None
    return (Product.objects.select_related("category").filter(barcode=code).first()
            or Product.objects.select_related("category").filter(sku__iexact=code).first())


def line_for_code(ret, code: str) -> ReturnLine | None:
    """The return's line whose product carries this barcode or SKU."""
    code = (code or "").strip()
    if not code:
        return None
    return ret.lines.select_related("product").filter(Q(product__barcode=code) | Q(product__sku__iexact=code)).first()


def clean_quantity(value) -> int:
    try:
        qty = int(value)
    except (TypeError, ValueError):
        raise ReceivingError(_("Quantities must be whole numbers.")) from None
    if not 0 <= qty <= MAX_UNITS_PER_LINE:
        raise ReceivingError(_("Quantities must be between 0 and %(max)s.") % {"max": MAX_UNITS_PER_LINE})
    return qty


def receive_parcel(*, return_id, actor, quantities: dict, location_code: str, unexpected=(), note="",
                   request_id="") -> tuple[ReturnRequest, list[ReceivingDiscrepancy]]:
    """Receive a parcel for a return: `quantities` maps line id → units counted (missing lines: 0).

    The one receiving rule, for the tablet and the API alike: a line books at most the units the
    customer returned; units beyond that are an "over" discrepancy for support, never received
    into the line, accepted or posted to Odoo until support decides.
    """
    if not actor.has_perm(perm.PERM_RECEIVE):
        raise ReturnPermissionDenied(_("Only warehouse staff can receive parcels."))
    location_code = clean_tote(location_code)
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state not in RECEIVABLE_STATES:
            raise IllegalTransition(_("%(rma)s is %(state)s and cannot be received.") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        lines = {line.pk: line for line in ret.lines.select_related("product")}
        counted = {}
        for line_id, qty in quantities.items():
            if int(line_id) not in lines:
                raise ReceivingError(_("Item %(id)s is not part of %(rma)s.") % {"id": line_id, "rma": ret.rma_number})
            counted[int(line_id)] = clean_quantity(qty)
        extra = _unexpected_lines(ret, lines, unexpected, counted)
        all_counts = ({line_id: counted.get(line_id, 0) for line_id in lines}
                      | {extra_line.pk: q for extra_line, q, _n in extra})
        booked = {line_id: bookable_units(lines.get(line_id), qty) for line_id, qty in all_counts.items()}
        ret = return_receive(return_id=ret.pk, actor=actor, quantities=booked, note=note, request_id=request_id)
        discrepancies = _discrepancies(ret, lines.values(), extra, all_counts, actor, note, location_code)
        for line in ret.lines.all():
            if line.quantity_received:
                custody_put(line=line, units=range(1, line.quantity_received + 1), location_code=location_code,
                            actor=actor, reason="receipt")
        if discrepancies:
            audit_record(request=ret, actor=actor, action="receiving_discrepancy", from_state=ret.state,
                         to_state=ret.state, note=note, request_id=request_id, data={"discrepancies": [
                             {"id": d.pk, "kind": d.kind, "line": d.line_id, "expected": d.expected_quantity,
                              "received": d.received_quantity} for d in discrepancies]})
        return ret, discrepancies


def bookable_units(line, counted: int) -> int:
    """What a line may book of the units counted: no more than the customer returned.

    A product that was not on the return (a new, unexpected line) keeps its count: it is booked
    unlinked into Returns, raised as a discrepancy and never refunded.
    """
    if line is None:
        return counted
    return min(counted, line.quantity_requested)


def _unexpected_lines(ret, lines, unexpected, counted):
    """New lines for products that were not on the return; a product that is on it just counts there."""
    merged: dict[int, list] = {}
    for item in unexpected:
        qty = clean_quantity(item.quantity)
        if qty:
            entry = merged.setdefault(int(item.product_id), [0, []])
            entry[0] += qty
            entry[1].append(item.note.strip())
    products = Product.objects.in_bulk(list(merged))
    extra = []
    for product_id, (qty, notes) in merged.items():
        if product_id not in products:
            raise ReceivingError(_("Unknown product %(id)s.") % {"id": product_id})
        existing = next((line for line in lines.values() if line.product_id == product_id), None)
        if existing is not None:
            counted[existing.pk] = clean_quantity(counted.get(existing.pk, 0) + qty)
            continue
        note = "; ".join(n for n in notes if n)[:500]
        line = ReturnLine.objects.create(request=ret, order_line=None, product=products[product_id],
                                         quantity_requested=0, unexpected=True, condition_note=note)
        extra.append((line, qty, note))
    return extra


def _discrepancies(ret, lines, extra, counts, actor, note, location_code):
    found = []
    for line in lines:
        received, expected = counts[line.pk], line.quantity_requested
        if received != expected:
            why = note
            if received > expected:
                # Support has to find the extra units to decide on them.
                why = "; ".join(n for n in (_("%(n)s unit(s) beyond the return, in %(loc)s, not booked") % {
                    "n": received - expected, "loc": location_code}, note) if n)
            found.append(ReceivingDiscrepancy(
                return_request=ret, line=line, product=line.product, expected_quantity=expected,
                received_quantity=received, kind=DiscrepancyKind.SHORT if received < expected else DiscrepancyKind.OVER,
                note=why, created_by=actor))
    for line, qty, item_note in extra:
        found.append(ReceivingDiscrepancy(
            return_request=ret, line=line, product=line.product, expected_quantity=0, received_quantity=qty,
            kind=DiscrepancyKind.UNEXPECTED_PRODUCT, note="; ".join(n for n in (item_note, note) if n),
            created_by=actor))
    return ReceivingDiscrepancy.objects.bulk_create(found)


def parcels_with_tracking(tracking_number: str):
    """Receivable returns the carrier's tracking number belongs to (to avoid parking a known parcel)."""
    tracking_number = (tracking_number or "").strip()
    if not tracking_number:
        return ReturnRequest.objects.none()
    return ReturnRequest.objects.filter(tracking_number__iexact=tracking_number, state__in=RECEIVABLE_STATES)


def unidentified_parcel_record(*, actor, carrier="", tracking_number="", note="", location_code="", photos=()):
    """Park a parcel that has no usable return number, with its photos, for support to identify."""
    if not actor.has_perm(perm.PERM_RECEIVE):
        raise ReturnPermissionDenied(_("Only warehouse staff can receive parcels."))
    carrier, tracking_number, note = carrier.strip()[:50], tracking_number.strip()[:100], note.strip()
    if not (tracking_number or photos):
        raise ReceivingError(_("Enter the tracking number or take at least one photo, so that support can "
                               "identify the parcel."))
    location_code = clean_tote(location_code)
    infos = [check_photo(upload) for upload in photos]  # refuse bad files before anything is written
    with files_removed_on_error() as stored, transaction.atomic():
        parcel = UnidentifiedParcel.objects.create(carrier=carrier, tracking_number=tracking_number, note=note,
                                                   location_code=location_code, created_by=actor)
        for upload, info in zip(photos, infos, strict=True):
            photo = photo_store(upload=upload, kind=PhotoKind.RECEIPT, uploaded_by=actor, stored=stored, info=info)
            Photo.objects.filter(pk=photo.pk).update(parcel=parcel)
        ReceivingDiscrepancy.objects.create(kind=DiscrepancyKind.NO_RMA, parcel=parcel, created_by=actor,
                                            note=note or _("Parcel without a return number"))
        return parcel
