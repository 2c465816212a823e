"""The support queues: what waits for an agent, since when, oldest first.

Each queue turns its rows into `Row`s (title, customer, order, summary, amount, age) so that one
template lists them all. Search matches the RMA number, the order number and the customer's name
or e-mail; the age is counted from when the item entered the queue (for a return, the audit
record of the transition into its current state).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inspection.models import HoldStatus, ParcelStatus, ReceivingDiscrepancy, UnidentifiedParcel
from integrations.models import OdooPosting, PostingState
from returns.choices import ReturnStatus
from returns.models import (CarrierClaim, Customer, Dispute, DisputeState, ReturnEvent, ReturnLine, ReturnRequest,
                            SalesOrder)
from returns.services.transitions import TRANSITIONS
from returns.warehouses import filter_by_warehouse

from . import sla
from .approvers import approval_holders
from .carrier_claims import carrier_claim_rows, dispute_due_date, due_extra
from .refund_proposals import came_back_by_return


@dataclass
class Row:
    key: str
    title: str
    url: str
    customer: str
    order: str
    summary: str
    age: sla.Age
    amount: str = ""
    channel: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    sla: str = ""
    channel: str = ""
    warehouse: int | None = None  # returns.Warehouse pk; None: every warehouse


def entered_current_state():
    """When the return moved into its current state (the latest transition record that led there)."""
    return Subquery(
        ReturnEvent.objects.filter(return_request=OuterRef("pk"), to_state=OuterRef("state"), action__in=TRANSITIONS)
        .order_by("-created_at", "-id").values("created_at")[:1]
    )


def return_search(q: str, prefix: str = "") -> Q:
    """RMA, order number, customer name or e-mail containing `q`. Each column has a trigram index on
    UPPER(column) (returns migration 0005), which is what `icontains` compares; the order and customer
    are matched in their own tables first, so that each search uses its index instead of filtering the
    join of every return with its order and customer."""
    p = prefix
    orders = SalesOrder.objects.filter(number__icontains=q).values("pk")
    customers = Customer.objects.filter(Q(name__icontains=q) | Q(email__icontains=q)).values("pk")
    return (Q(**{f"{p}rma_number__icontains": q}) | Q(**{f"{p}order__in": orders})
            | Q(**{f"{p}customer__in": customers}))


def _returns(state, f: Filters):
    qs = (ReturnRequest.objects.filter(state=state).select_related("customer", "order", "refund_proposed_by")
          .annotate(since=entered_current_state()))
    if f.q:
        qs = qs.filter(return_search(f.q))
    if f.channel:
        qs = qs.filter(channel=f.channel)
    return filter_by_warehouse(qs, f.warehouse)


def _detail(ret) -> str:
    return reverse("support:detail", args=[ret.rma_number])


def _money(amount, currency) -> str:
    return f"{amount} {currency}" if amount is not None else ""


def _return_row(ret, summary, amount="", since=None, **extra) -> Row:
    return Row(key=ret.rma_number, title=ret.rma_number, url=_detail(ret), customer=ret.customer.name,
               order=ret.order.number, summary=summary, amount=amount, channel=ret.get_channel_display(),
               age=sla.age(since or getattr(ret, "since", None) or ret.created_at), extra=extra)


return_row = _return_row  # for the console's other lists (support.views.work)


# --- queues --------------------------------------------------------------------------------------
def exception_rows(f: Filters) -> list[Row]:
    rows = []
    for ret in _returns(ReturnStatus.PENDING_APPROVAL, f).prefetch_related("lines__order_line"):
        flagged = [r["message"] for r in ret.policy_results if r.get("outcome") != "pass"]
        rows.append(_return_row(ret, " ".join(flagged) or ret.exception_message,
                                _money(ret.requested_value, ret.order.currency)))
    return rows


def _on_hold(rets) -> set[int]:
    """The returns with a customer dispute or a carrier claim still open (the refund guard
    `no_open_dispute_or_carrier_claim`), asked once for the whole queue instead of twice per row."""
    ids = [ret.pk for ret in rets]
    if not ids:
        return set()
    open_items = [model.objects.filter(return_request_id__in=ids, state="open").values_list("return_request_id",
                                                                                          flat=True)
                  for model in (Dispute, CarrierClaim)]
    return set(open_items[0]) | set(open_items[1])


def refund_approval_rows(f: Filters) -> list[Row]:
    rows = []
    returns = list(_returns(ReturnStatus.REFUND_PENDING_APPROVAL, f))
    on_hold = _on_hold(returns)
    # Who may approve, read once: a proposal has another approver unless its proposer is the only one.
    approvers = set(approval_holders().values_list("pk", flat=True)) if returns else set()
    for ret in returns:
        who = ret.refund_proposed_by.get_full_name() or ret.refund_proposed_by.get_username() \
            if ret.refund_proposed_by else "?"
        summary = _("Proposed by %(name)s; %(method)s") % {"name": who, "method": ret.get_refund_method_display()}
        if not approvers - {ret.refund_proposed_by_id}:  # said in the queue too: no proposal waits unseen for nobody
            summary = f"{summary}. {_('Nobody else holds the Finance role: nobody can approve it yet.')}"
        if ret.pk in on_hold:
            summary = f"{_('On hold (dispute or carrier claim open)')} · {summary}"
        rows.append(_return_row(ret, summary, _money(ret.refund_amount, ret.order.currency)))
    return rows


def refund_release_rows(f: Filters) -> list[Row]:
    rows = []
    returns = list(_returns(ReturnStatus.INSPECTED, f))
    on_hold, came_back_of = _on_hold(returns), came_back_by_return(returns)
    for ret in returns:
        summary = ret.get_refund_method_display()
        if ret.refund_amount is None:
            summary = _("The refund could not be calculated: open the return to see why.")
        if (back := came_back_of.get(ret.pk)) is not None:  # the proposer sees at once that, and why, it came back
            summary = f"{back.summary} · {summary}"
        if ret.pk in on_hold:
            summary = f"{_('On hold (dispute or carrier claim open)')} · {summary}"
        rows.append(_return_row(ret, summary, _money(ret.refund_amount, ret.order.currency)))
    return rows


def hold_rows(f: Filters) -> list[Row]:
    lines = (ReturnLine.objects.exclude(hold_reason="")
             .filter(request__state__in=[ReturnStatus.RECEIVED, ReturnStatus.INSPECTING])
             .select_related("request__customer", "request__order", "product", "order_line")
             .annotate(since=Min("holds__created_at", filter=Q(holds__status=HoldStatus.OPEN))))
    if f.q:
        lines = lines.filter(return_search(f.q, "request__"))
    if f.channel:
        lines = lines.filter(request__channel=f.channel)
    lines = filter_by_warehouse(lines, f.warehouse, "request__warehouse")
    rows = []
    for line in lines:
        ret = line.request
        value = line.order_line.unit_price_incl_tax * line.quantity_received if line.order_line else None
        row = _return_row(ret, f"{line.product.sku}: {line.hold_reason}", _money(value, ret.order.currency),
                          since=line.since or ret.received_at, line=line.pk)
        row.key = f"{ret.rma_number}-L{line.pk}"
        rows.append(row)
    return rows


def mismatch_rows(f: Filters) -> list[Row]:
    items = (ReceivingDiscrepancy.objects.filter(resolved_at__isnull=True)
             .select_related("return_request__customer", "return_request__order", "product", "parcel"))
    if f.q:
        items = items.filter(return_search(f.q, "return_request__") | Q(parcel__tracking_number__icontains=f.q))
    if f.channel:
        items = items.filter(return_request__channel=f.channel)
    items = filter_by_warehouse(items, f.warehouse, "return_request__warehouse")
    rows = []
    for item in items:
        ret = item.return_request
        summary = _("%(kind)s: %(expected)s expected, %(received)s received") % {
            "kind": item.get_kind_display(), "expected": item.expected_quantity, "received": item.received_quantity}
        if item.product:
            summary = f"{summary} ({item.product.sku})"
        if item.note:
            summary = f"{summary}. {item.note}"
        rows.append(Row(
            key=f"D{item.pk}", title=ret.rma_number if ret else _("Parcel %(n)s") % {"n": item.parcel_id},
            url=_detail(ret) if ret else reverse("support:parcel", args=[item.parcel_id]) if item.parcel_id else "",
            customer=ret.customer.name if ret else "", order=ret.order.number if ret else "", summary=summary,
            channel=ret.get_channel_display() if ret else "", age=sla.age(item.created_at),
            extra={"discrepancy": item.pk}))
    return rows


def parcel_rows(f: Filters) -> list[Row]:
    parcels = UnidentifiedParcel.objects.filter(status=ParcelStatus.OPEN)
    if f.q:
        parcels = parcels.filter(Q(tracking_number__icontains=f.q) | Q(carrier__icontains=f.q) | Q(note__icontains=f.q))
    rows = []
    for parcel in parcels.prefetch_related("photos"):
        summary = " · ".join(filter(None, [parcel.carrier, parcel.tracking_number, parcel.location_code, parcel.note]))
        rows.append(Row(key=f"P{parcel.pk}", title=_("Parcel %(n)s") % {"n": parcel.pk},
                        url=reverse("support:parcel", args=[parcel.pk]), customer="", order="", summary=summary,
                        age=sla.age(parcel.created_at), extra={"photos": len(parcel.photos.all())}))
    return rows


def posting_rows(f: Filters) -> list[Row]:
    postings = OdooPosting.objects.filter(state=PostingState.FAILED).select_related(
        "request__customer", "request__order")
    if f.q:
        postings = postings.filter(return_search(f.q, "request__") | Q(reference__icontains=f.q))
    if f.channel:
        postings = postings.filter(request__channel=f.channel)
    postings = filter_by_warehouse(postings, f.warehouse, "request__warehouse")
    rows = []
    for posting in postings:
        ret = posting.request
        row = _return_row(ret, f"{posting.get_kind_display()} {posting.reference}: {posting.last_error}",
                          since=posting.updated_at, posting=posting.pk, attempts=posting.attempts)
        row.key = posting.reference
        rows.append(row)
    return rows


def dispute_rows(f: Filters) -> list[Row]:
    """Open disputes: the customer disagrees with a short receipt, a deduction or something else."""
    disputes = (Dispute.objects.filter(state=DisputeState.OPEN)
                .select_related("return_request__customer", "return_request__order", "line__product"))
    if f.q:
        disputes = disputes.filter(return_search(f.q, "return_request__"))
    if f.channel:
        disputes = disputes.filter(return_request__channel=f.channel)
    disputes = filter_by_warehouse(disputes, f.warehouse, "return_request__warehouse")
    rows = []
    for dispute in disputes:
        what = dispute.get_kind_display()
        if dispute.line:
            what = f"{what} ({dispute.line.product.sku})"
        row = _return_row(dispute.return_request, f"{what}: {dispute.message}", since=dispute.opened_at,
                          dispute=dispute.pk, **due_extra(dispute_due_date(dispute)))
        row.key, row.url = f"DSP{dispute.pk}", reverse("support:dispute", args=[dispute.pk])
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Queue:
    slug: str
    title: str
    description: str
    rows: Callable[[Filters], list[Row]]
    has_channel: bool = True


QUEUES = [
    Queue("exceptions", _("Exception requests"),
          _("Returns outside the policy that wait for an agent to approve or reject them."), exception_rows),
    Queue("mismatches", _("Receipt mismatches"),
          _("Parcels whose contents differ from the return: short, over or unexpected products."), mismatch_rows),
    Queue("parcels", _("Unidentified parcels"),
          _("Parcels that arrived without a usable return number."), parcel_rows, has_channel=False),
    Queue("holds", _("Inspection holds"),
          _("Inspected lines waiting for a decision: serial mismatch, high value or an inspector's exception."),
          hold_rows),
    Queue("refund-approval", _("Refunds waiting for approval"),
          _("Refunds above the two-person limit: a finance colleague other than the proposer approves."),
          refund_approval_rows),
    Queue("refund-release", _("Refunds to release"),
          _("Inspected returns whose refund can be released."), refund_release_rows),
    Queue("postings", _("Failed Odoo postings"),
          _("Documents Odoo refused; fix the cause, then retry."), posting_rows),
    Queue("disputes", _("Disputes"),
          _("Customers who disagree with a short receipt or a deduction: look into it, then answer and resolve."),
          dispute_rows),
    Queue("carrier-claims", _("Carrier claims"),
          _("Parcels damaged or lost in transit, claimed from the carrier: the refund waits until the claim is "
            "resolved. Overdue claims are marked."), carrier_claim_rows),
]
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}


def apply_sla(rows: list[Row], wanted: str) -> list[Row]:
    rows = sorted(rows, key=lambda row: (row.age.since is None, row.age.since))
    return [row for row in rows if row.age.band == wanted] if wanted else rows


def summary(queue: Queue, filters: Filters | None = None) -> dict:
    """Counts for the overview: total, per SLA band, and the oldest item's age."""
    rows = apply_sla(queue.rows(filters or Filters()), "")
    bands = {band: sum(1 for row in rows if row.age.band == band) for band in (sla.OK, sla.WARN, sla.BREACH)}
    worst = sla.BREACH if bands[sla.BREACH] else sla.WARN if bands[sla.WARN] else sla.OK
    return {"queue": queue, "count": len(rows), "bands": bands, "oldest": rows[0].age if rows else None,
            "band": worst}
