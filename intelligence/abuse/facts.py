"""The facts the abuse patterns read, as plain records: built from the database, or generated.

Keeping the detectors on plain records lets the same code run on the live data and on the generated
history with planted abuse (`synthetic.py`) that measures their precision and recall.
"""
from dataclasses import dataclass, field
from datetime import datetime

WORN_GRADES = {"C", "D"}  # used or damaged by use; F is "defective", the product's fault, not wear


@dataclass
class ReturnFacts:
    return_id: int
    rma: str
    customer_id: int
    created_at: datetime
    delivered_at: datetime | None = None
    units: int = 1
    worst_grade: str = ""  # the worst inspected grade over the return's lines ("" before inspection)
    serial_mismatch: bool = False  # a returned serial that was not shipped to this customer
    empty_parcel: bool = False  # the parcel arrived without any of the requested units
    wrong_item: bool = False  # a product that was not on the return came back instead
    photo_hashes: list = field(default_factory=list)  # perceptual hashes (hex) of the customer's photos

    @property
    def days_kept(self) -> float | None:
        if self.delivered_at is None:
            return None
        return (self.created_at - self.delivered_at).total_seconds() / 86400


@dataclass
class CustomerFacts:
    customer_id: int
    name: str
    address: str  # normalized shipping address key (the snapshot has the postcode)
    units_delivered: int = 0
    returns: list = field(default_factory=list)

    @property
    def units_returned(self) -> int:
        return sum(r.units for r in self.returns)


def normalize_address(postcode: str) -> str:
    return "".join(ch for ch in (postcode or "").upper() if ch.isalnum())


def _worst(grades) -> str:
    order = "ABCDF"
    present = [g for g in grades if g in order]
    return max(present, key=order.index) if present else ""


def from_database(customer_ids=None) -> list[CustomerFacts]:
    """Customers (all, or the given ids and everyone sharing their address) with their returns' facts."""
    from django.db.models import Sum

    from inspection.models import DiscrepancyKind, HoldKind, LineHold, PhotoKind, ReceivingDiscrepancy
    from returns.models import Customer, ReturnRequest, SalesOrderLine

    from ..models import PhotoFingerprint

    customers = Customer.objects.all()
    if customer_ids is not None:
        postcodes = set(Customer.objects.filter(pk__in=customer_ids).values_list("postcode", flat=True))
        customers = customers.filter(pk__in=customer_ids) | customers.filter(postcode__in=postcodes - {""})
    by_id = {c.pk: CustomerFacts(c.pk, c.name, normalize_address(c.postcode)) for c in customers}
    delivered = (SalesOrderLine.objects.filter(order__customer_id__in=by_id).values("order__customer_id")
                 .annotate(units=Sum("quantity_delivered")))
    for row in delivered:
        by_id[row["order__customer_id"]].units_delivered = row["units"] or 0
    returns = (ReturnRequest.objects.filter(customer_id__in=by_id).select_related("order")
               .prefetch_related("lines"))
    swapped = set(LineHold.objects.filter(kind=HoldKind.SERIAL_MISMATCH, line__request__customer_id__in=by_id)
                  .values_list("line__request_id", flat=True))
    discrepancies = {}
    for d in ReceivingDiscrepancy.objects.filter(return_request__customer_id__in=by_id):
        discrepancies.setdefault(d.return_request_id, []).append(d)
    hashes = {}
    # The customer's own photos only: the warehouse's photos of like items on one rig look alike by design.
    for fp in (PhotoFingerprint.objects.filter(photo__return_request__customer_id__in=by_id,
                                               photo__kind=PhotoKind.CUSTOMER).exclude(phash="")
               .select_related("photo")):
        hashes.setdefault(fp.photo.return_request_id, []).append(fp.phash)
    for ret in returns:
        lines = list(ret.lines.all())
        found = discrepancies.get(ret.pk, [])
        requested = [line for line in lines if not line.unexpected]
        by_id[ret.customer_id].returns.append(ReturnFacts(
            return_id=ret.pk, rma=ret.rma_number, customer_id=ret.customer_id, created_at=ret.created_at,
            delivered_at=ret.order.delivered_at, units=sum(line.quantity_requested for line in requested) or 1,
            worst_grade=_worst(line.grade for line in lines), serial_mismatch=ret.pk in swapped,
            empty_parcel=ret.received_at is not None and sum(line.quantity_received for line in requested) == 0,
            wrong_item=any(line.unexpected for line in lines)
            or any(d.kind == DiscrepancyKind.UNEXPECTED_PRODUCT for d in found),
            photo_hashes=hashes.get(ret.pk, []),
        ))
    return list(by_id.values())
