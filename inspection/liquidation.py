"""Liquidation lots: units disposed as Liquidation are scanned into a lot by their license plate, the
warehouse closes the lot, and support or finance record its sale with the price the buyer pays.

Every change is an audit record on the return of each unit concerned (a lot spans several returns).
The unit's Odoo move (Returns → Returns area/Liquidation) is the ordinary disposition posting of its
inspection; the sale itself publishes `liquidation_lot_sold` for a future ERP posting (how Odoo should
book a lot sold to a jobber is not among the verified Odoo facts, so nothing is posted for it yet).
"""
import uuid
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import Disposition, ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnRequest
from returns.services.audit import audit_record
from returns.services.transitions import lock_return
from returns.subscribers import Step, publish

from .errors import StaleForm
from .lpn import plate_by_code
from .models import LicensePlate, LiquidationLot, LiquidationLotState, LiquidationLotUnit

BUYER_MAX = 200
MAX_UNITS = 2000
MAX_VALUE = Decimal("9999999999.99")
# A unit joins a lot once its inspection is complete (its ERP move to Liquidation is then written).
LOTTABLE_STATES = (ReturnStatus.INSPECTED, ReturnStatus.REFUND_PENDING_APPROVAL, ReturnStatus.REFUND_APPROVED,
                   ReturnStatus.REFUNDED, ReturnStatus.CLOSED)


class NotForLiquidation(InvalidReturnRequest):
    code = "not_for_liquidation"


class AlreadyInLot(InvalidReturnRequest):
    status = 409
    code = "already_in_lot"


def is_floor_staff(user) -> bool:
    return user.has_perm(perm.PERM_INSPECT) or user.has_perm(perm.PERM_RECEIVE)


def can_record_sale(user) -> bool:
    return perm.is_agent(user)


def _require_floor_staff(actor):
    if not is_floor_staff(actor):
        raise ReturnPermissionDenied(_("Only warehouse staff can fill and close liquidation lots."))


def _require_agent(actor):
    if not can_record_sale(actor):
        raise ReturnPermissionDenied(_("Only support and finance can record the sale of a lot."))


def units_waiting():
    """Liquidation units whose inspection is complete and that are in no lot yet, oldest first."""
    return (LicensePlate.objects.filter(line__disposition=Disposition.LIQUIDATION, line__hold_reason="",
                                        line__request__state__in=LOTTABLE_STATES, liquidation__isnull=True)
            .select_related("line__product", "line__request").order_by("line__request__inspected_at", "code"))


def lot_create(*, actor) -> LiquidationLot:
    """A new, empty open lot (one per pallet, say); its row records who opened it and when."""
    _require_floor_staff(actor)
    with transaction.atomic():
        lot = LiquidationLot.objects.create(reference=f"LIQ-NEW-{uuid.uuid4().hex[:12]}", created_by=actor)
        lot.reference = f"LIQ-{lot.pk:06d}"
        lot.save(update_fields=["reference"])
        return lot


def _locked_lot(lot_id, expected_version=None, *, state=LiquidationLotState.OPEN) -> LiquidationLot:
    lot = LiquidationLot.objects.select_for_update().filter(pk=lot_id).first()
    if lot is None:
        raise InvalidReturnRequest(_("This liquidation lot does not exist."))
    if lot.state != state:
        raise IllegalTransition(_("%(lot)s is %(state)s.") % {"lot": lot.reference,
                                                            "state": lot.get_state_display().lower()})
    if expected_version is not None and int(expected_version) != lot.version:
        raise StaleForm(_("This lot was changed on another screen. Nothing was saved: reload it."),
                        details={"version": lot.version})
    return lot


def _bump(lot, *fields):
    lot.version += 1
    lot.save(update_fields=[*fields, "version"])


def _unit_currency(line) -> str:
    return line.request.order.currency


def lot_add_unit(*, lot_id, code, actor, request_id="") -> LiquidationLotUnit:
    """Scan a plate into an open lot: only a Liquidation unit whose inspection is complete, not in a lot yet."""
    _require_floor_staff(actor)
    with transaction.atomic():
        lot = _locked_lot(lot_id)
        plate = plate_by_code(code)
        ret = lock_return(plate.line.request_id)
        line = plate.line.__class__.objects.select_related("request__order", "product").get(pk=plate.line_id)
        if line.disposition != Disposition.LIQUIDATION or line.hold_reason:
            raise NotForLiquidation(_("%(lpn)s is not for liquidation (its disposition is %(disposition)s).") % {
                "lpn": plate.code, "disposition": line.get_disposition_display().lower() or _("not decided")},
                details={"lpn": plate.code, "disposition": line.disposition})
        if ret.state not in LOTTABLE_STATES:
            raise NotForLiquidation(_("%(lpn)s cannot join a lot before its return's inspection is complete "
                                      "(%(rma)s is %(state)s).") % {"lpn": plate.code, "rma": ret.rma_number,
                                                                    "state": ret.get_state_display().lower()})
        existing = LiquidationLotUnit.objects.filter(plate=plate).select_related("lot").first()
        if existing is not None:
            raise AlreadyInLot(_("%(lpn)s is already in lot %(lot)s.") % {"lpn": plate.code,
                                                                         "lot": existing.lot.reference},
                               details={"lpn": plate.code, "lot": existing.lot.reference})
        currency = _unit_currency(line)
        if lot.currency and lot.currency != currency:
            raise InvalidReturnRequest(_("%(lpn)s was sold in %(unit)s; lot %(lot)s holds %(lot_currency)s units. "
                                         "Start another lot for it.") % {
                "lpn": plate.code, "unit": currency, "lot": lot.reference, "lot_currency": lot.currency})
        if lot.units.count() >= MAX_UNITS:
            raise InvalidReturnRequest(_("A lot holds at most %(n)s units.") % {"n": MAX_UNITS})
        try:
            with transaction.atomic():  # a second tablet scanning the same plate at the same moment
                unit = LiquidationLotUnit.objects.create(lot=lot, plate=plate, added_by=actor)
        except IntegrityError:
            raise AlreadyInLot(_("%(lpn)s is already in a lot.") % {"lpn": plate.code}) from None
        lot.currency = currency
        _bump(lot, "currency")
        audit_record(request=ret, actor=actor, action="liquidation_unit_added", from_state=ret.state,
                     to_state=ret.state, request_id=request_id,
                     data={"lot": lot.reference, "lpn": plate.code, "line": line.pk, "unit": plate.unit_index})
        return unit


def lot_remove_unit(*, lot_id, code, actor, request_id="") -> LiquidationLot:
    """Take a unit out of an open lot again (scanned by mistake, or it goes elsewhere)."""
    _require_floor_staff(actor)
    with transaction.atomic():
        lot = _locked_lot(lot_id)
        plate = plate_by_code(code)
        unit = LiquidationLotUnit.objects.filter(lot=lot, plate=plate).first()
        if unit is None:
            raise InvalidReturnRequest(_("%(lpn)s is not in lot %(lot)s.") % {"lpn": plate.code, "lot": lot.reference})
        ret = lock_return(plate.line.request_id)
        unit.delete()
        if not lot.units.exists():
            lot.currency = ""  # an empty lot takes the currency of whatever joins next
        _bump(lot, "currency")
        audit_record(request=ret, actor=actor, action="liquidation_unit_removed", from_state=ret.state,
                     to_state=ret.state, request_id=request_id,
                     data={"lot": lot.reference, "lpn": plate.code, "line": plate.line_id, "unit": plate.unit_index})
        return lot


def _units(lot):
    return list(lot.units.select_related("plate__line__product", "plate__line__request__order",
                                         "plate__line__order_line"))


def _audit_lot(lot, units, *, actor, action, request_id, data):
    """One audit record on each return with units in the lot (rows locked first, in id order)."""
    returns = sorted({unit.plate.line.request_id for unit in units})
    events = {}
    for ret in [lock_return(rid) for rid in returns]:
        events[ret.pk] = audit_record(request=ret, actor=actor, action=action, from_state=ret.state,
                                      to_state=ret.state, request_id=request_id, data=data)
    return returns, events


def lot_close(*, lot_id, actor, expected_version=None, request_id="") -> LiquidationLot:
    """The lot is complete: no unit joins or leaves it any more; it waits for its sale."""
    _require_floor_staff(actor)
    with transaction.atomic():
        lot = _locked_lot(lot_id, expected_version)
        units = _units(lot)
        if not units:
            raise InvalidReturnRequest(_("%(lot)s has no units; scan some before closing it.") % {"lot": lot.reference})
        lot.state, lot.closed_at, lot.closed_by = LiquidationLotState.CLOSED, timezone.now(), actor
        _bump(lot, "state", "closed_at", "closed_by")
        _audit_lot(lot, units, actor=actor, action="liquidation_lot_closed", request_id=request_id,
                   data={"lot": lot.reference, "lpns": [unit.plate.code for unit in units]})
        return lot


def parse_value(raw) -> Decimal:
    try:
        value = Decimal(str(raw or "").strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if (value is None or not value.is_finite() or value < 0 or value > MAX_VALUE
            or value != value.quantize(Decimal("0.01"))):
        raise InvalidReturnRequest(_("Enter the price the buyer pays as an amount such as 1250.00 (not negative, "
                                     "at most two decimals)."), details={"field": "recovery_value"})
    return value.quantize(Decimal("0.01"))


def lot_record_sale(*, lot_id, actor, buyer, recovery_value, currency="", expected_version=None,
                    request_id="") -> LiquidationLot:
    """Support or finance record who bought the closed lot and for how much (the lot's recovery value)."""
    _require_agent(actor)
    buyer = (buyer or "").strip()[:BUYER_MAX]
    if not buyer:
        raise InvalidReturnRequest(_("Enter the buyer."), details={"field": "buyer"})
    value = parse_value(recovery_value)
    with transaction.atomic():
        lot = _locked_lot(lot_id, expected_version, state=LiquidationLotState.CLOSED)
        currency = (currency or lot.currency).strip().upper()
        if currency != lot.currency:
            # The recovery rate compares it with the units' prices, which are in the lot's currency.
            raise InvalidReturnRequest(_("The lot's units were sold in %(lot)s: record the price in %(lot)s.") % {
                "lot": lot.currency}, details={"field": "currency"})
        units = _units(lot)
        lot.state, lot.buyer, lot.recovery_value = LiquidationLotState.SOLD, buyer, value
        lot.sold_at, lot.sold_by = timezone.now(), actor
        _bump(lot, "state", "buyer", "recovery_value", "sold_at", "sold_by")
        data = {"lot": lot.reference, "buyer": buyer, "recovery_value": str(value), "currency": lot.currency,
                "lpns": [unit.plate.code for unit in units]}
        returns, events = _audit_lot(lot, units, actor=actor, action="liquidation_lot_sold", request_id=request_id,
                                     data=data)
        # One step for the lot (on its first return, as a vendor batch), for whatever posts the sale later.
        first = ReturnRequest.objects.get(pk=returns[0])
        publish(Step(request=first, event=events[first.pk], action="liquidation_lot_sold", actor=actor, data=data))
        return lot


# --- what the lot brought back, per unit (the dashboard's recovery rate) --------------------------------
UNIT_PRICE = Coalesce(F("plate__line__order_line__unit_price"), Value(Decimal("0")),
                      output_field=DecimalField(max_digits=12, decimal_places=2))


def recovered_by_line(lines) -> dict[int, Decimal]:
    """Return line id → the share of sold lots' recovery value its units brought, for `lines` (a queryset).

    A lot is sold as a whole; each unit's share is proportional to its price excl. tax (equal shares
    when the lot's units have no price), so the shares of a lot add up to its recovery value."""
    units = list(LiquidationLotUnit.objects.filter(lot__state=LiquidationLotState.SOLD, plate__line__in=lines)
                 .annotate(price=UNIT_PRICE).values("lot_id", "lot__recovery_value", "plate__line_id", "price"))
    if not units:
        return {}
    totals = {row["lot_id"]: (row["total"], row["count"]) for row in LiquidationLotUnit.objects
              .filter(lot_id__in={u["lot_id"] for u in units}).values("lot_id")
              .annotate(total=Sum(UNIT_PRICE), count=Count("id"))}
    shares = defaultdict(Decimal)
    for unit in units:
        total, count = totals[unit["lot_id"]]
        weight = (unit["price"] / total) if total else Decimal(1) / count
        shares[unit["plate__line_id"]] += unit["lot__recovery_value"] * weight
    return {line: share.quantize(Decimal("0.01")) for line, share in shares.items()}
