"""Vendor returns (RTV): units with a supplier-fault disposition gather in one open batch per vendor.

Units join when their return's inspection completes (a subscriber of `complete_inspection`); the
vendor is the product's (`ProductVendor`, set in the admin); units of a product without one wait
on the vendor-returns screen until one is set. The batch needs the vendor's return authorization number; closing
it publishes `vendor_return_closed`, on which the ERP integration writes one posting: the outgoing
transfer to the vendor, linked to the purchase order lines, and the vendor credit note (in_refund).
"""
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.choices import Disposition
from returns.errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied
from returns.models import ReturnRequest
from returns.services.audit import audit_record
from returns.services.transitions import lock_return
from returns.subscribers import Step, publish

from .errors import StaleForm
from .models import (LicensePlate, ProductVendor, VendorReturnBatch, VendorReturnBatchState, VendorReturnUnit)

AUTHORIZATION_MAX = 64


def _require_staff(actor):
    if not (actor.has_perm(perm.PERM_INSPECT) or actor.has_perm(perm.PERM_RECEIVE) or actor.has_perm(perm.PERM_REVIEW)):
        raise ReturnPermissionDenied(_("Only warehouse or support staff can handle vendor returns."))


def _open_batch(vendor) -> VendorReturnBatch:
    batch = (VendorReturnBatch.objects.select_for_update()
             .filter(vendor=vendor, state=VendorReturnBatchState.OPEN).first())
    if batch is None:
        with transaction.atomic():  # the partial unique index keeps one open batch per vendor
            batch = VendorReturnBatch.objects.create(vendor=vendor, number=f"RTV-NEW-{uuid.uuid4().hex[:12]}")
            batch.number = f"RTV-{batch.pk:06d}"
            batch.save(update_fields=["number"])
    return batch


def join_waiting_units(returns=None) -> int:
    """Every vendor-return unit not in a batch yet joins its vendor's open batch (those whose product
    has no vendor keep waiting). Runs at completion and when an administrator sets a product's vendor."""
    plates = (LicensePlate.objects.filter(line__disposition=Disposition.VENDOR_RETURN, vendor_return__isnull=True)
              .filter(Q(line__request__in=returns or []) | Q(line__request__inspected_at__isnull=False))
              .select_related("line__product").order_by("pk"))
    links = {link.product_id: link.vendor for link in ProductVendor.objects.filter(
        product__in=[plate.line.product_id for plate in plates]).select_related("vendor")}
    joined = 0
    for plate in plates:
        vendor = links.get(plate.line.product_id)
        if vendor is not None:
            VendorReturnUnit.objects.create(batch=_open_batch(vendor), plate=plate)
            joined += 1
    return joined


def units_join_batches(step) -> None:
    """Subscriber of `complete_inspection`: the return's vendor-return units (and any still waiting) join."""
    join_waiting_units([step.request])


def units_without_vendor():
    return (LicensePlate.objects.filter(line__disposition=Disposition.VENDOR_RETURN, vendor_return__isnull=True,
                                        line__request__inspected_at__isnull=False)
            .select_related("line__product", "line__request"))


def _locked_batch(batch_id, actor, expected_version):
    _require_staff(actor)
    batch = VendorReturnBatch.objects.select_for_update().select_related("vendor").filter(pk=batch_id).first()
    if batch is None:
        raise InvalidReturnRequest(_("This vendor return batch does not exist."))
    if batch.state != VendorReturnBatchState.OPEN:
        raise IllegalTransition(_("%(batch)s is already closed.") % {"batch": batch.number})
    if expected_version is not None and int(expected_version) != batch.version:
        raise StaleForm(_("This batch was changed on another screen. Nothing was saved: reload it."),
                        details={"version": batch.version})
    return batch


def batch_authorize(*, batch_id, actor, authorization_number, expected_version=None) -> VendorReturnBatch:
    """Record the vendor's return authorization (RMA) number, which closing needs."""
    number = (authorization_number or "").strip().upper()[:AUTHORIZATION_MAX]
    if not number:
        raise InvalidReturnRequest(_("Enter the vendor's return authorization number."),
                                   details={"field": "authorization_number"})
    with transaction.atomic():
        batch = _locked_batch(batch_id, actor, expected_version)
        if batch.authorization_number != number:
            batch.authorization_number, batch.version = number, batch.version + 1
            batch.save(update_fields=["authorization_number", "version"])
        return batch


def _lines_by_product(units) -> list[dict]:
    lines = {}
    for unit in units:
        product = unit.plate.line.product
        entry = lines.setdefault(product.pk, {"sku": product.sku, "odoo_product_id": product.odoo_product_id,
                                              "quantity": 0, "lpns": []})
        entry["quantity"] += 1
        entry["lpns"].append(unit.plate.code)
    return sorted(lines.values(), key=lambda line: line["sku"])


def batch_close(*, batch_id, actor, expected_version=None, request_id="") -> VendorReturnBatch:
    """Close the batch: its units leave for the vendor, and Odoo gets the transfer and credit note once."""
    with transaction.atomic():
        batch = _locked_batch(batch_id, actor, expected_version)
        if not batch.authorization_number:
            raise InvalidReturnRequest(_("Enter the vendor's return authorization number before closing."),
                                       details={"field": "authorization_number"})
        units = list(batch.units.select_related("plate__line__product", "plate__line__request"))
        if not units:
            raise InvalidReturnRequest(_("%(batch)s has no units to return.") % {"batch": batch.number})
        returns = sorted({unit.plate.line.request_id for unit in units})
        locked = [lock_return(rid) for rid in returns]
        batch.state, batch.closed_at, batch.closed_by = VendorReturnBatchState.CLOSED, timezone.now(), actor
        batch.version += 1
        batch.save(update_fields=["state", "closed_at", "closed_by", "version"])
        data = {"batch": batch.pk, "number": batch.number, "authorization_number": batch.authorization_number,
                "vendor": batch.vendor.odoo_partner_id, "lpns": [unit.plate.code for unit in units],
                "lines": _lines_by_product(units)}
        events = {ret.pk: audit_record(request=ret, actor=actor, action="vendor_return_closed", from_state=ret.state,
                                       to_state=ret.state, request_id=request_id, data=data) for ret in locked}
        # One step for the batch; the posting belongs to the batch's first return (the outbox needs one).
        first = ReturnRequest.objects.get(pk=returns[0])
        publish(Step(request=first, event=events[first.pk], action="vendor_return_closed", actor=actor, data=data))
        return batch
