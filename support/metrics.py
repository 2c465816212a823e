"""The numbers behind the dashboard, each as plain rows (also what the CSV export writes).

Definitions, also shown on the page:
- return rate: units requested for return (returns not rejected, cancelled or expired) over units
  delivered, for orders delivered in the period;
- disposition mix and recovery rate: received units of returns inspected in the period; recovery is
  the value (price excl. tax) of restocked units plus what sold liquidation lots brought for their
  units (each unit's share of its lot's price, inspection/liquidation.py) over the value of all
  received units;
- time to refund: from the request to the Odoo-confirmed refund, for returns refunded in the period;
  per step, from the return's own dates (the refund's approval from its audit record), for steps
  that ended in the period;
- queue ageing: the queues now, whatever the period;
- reasons trend: units requested per week for the period's five most frequent reasons.

With a warehouse chosen (Period.warehouse), every figure counts only the returns of that warehouse
(returns.Warehouse); the return rate's delivered units stay all deliveries of the period, as orders are
not shipped from a warehouse known here: it then reads "returned here per unit delivered".
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.liquidation import recovered_by_line
from returns.choices import Channel, Disposition, ReturnStatus
from returns.models import ReturnEvent, ReturnLine, ReturnRequest, SalesOrderLine
from returns.warehouses import filter_by_warehouse

from . import sla, worklists

NOT_RETURNED = [ReturnStatus.REJECTED, ReturnStatus.CANCELLED, ReturnStatus.EXPIRED]
TOP_PRODUCTS = 12
TOP_REASONS = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    warehouse: int | None = None  # returns.Warehouse pk; None: all

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tzinfo=tz),
                datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz))


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0-100): a value that really occurred, never an interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _pct(part, whole) -> float:
    return round(float(part) * 100 / float(whole), 1) if whole else 0.0


# --- return rate -----------------------------------------------------------------------------------
RATE_DIMENSIONS = {
    "product": ("product__sku", "order_line__product__sku", _("Product")),
    "category": ("product__category__name", "order_line__product__category__name", _("Category")),
    "channel": ("order__channel", "order_line__order__channel", _("Channel")),
}


def return_rate(period: Period, dimension: str) -> list[dict]:
    start, end = period.bounds
    lines = ReturnLine.objects.filter(order_line__order__delivered_at__gte=start,
                                      order_line__order__delivered_at__lt=end,
                                      unexpected=False).exclude(request__state__in=NOT_RETURNED)
    lines = filter_by_warehouse(lines, period.warehouse, "request__warehouse")
    delivered_qs = SalesOrderLine.objects.filter(order__delivered_at__gte=start, order__delivered_at__lt=end)
    if dimension == "reason":
        total = delivered_qs.aggregate(n=Sum("quantity_delivered"))["n"] or 0
        returned = lines.values("reason__label").annotate(n=Sum("quantity_requested")).order_by("-n")
        return [{"label": r["reason__label"] or str(_("(no reason)")), "returned": r["n"], "delivered": total,
                 "rate": _pct(r["n"], total)} for r in returned]
    delivered_key, returned_key, _title = RATE_DIMENSIONS[dimension]
    delivered = dict(delivered_qs.values_list(delivered_key).annotate(n=Sum("quantity_delivered")))
    returned = dict(lines.values_list(returned_key).annotate(n=Sum("quantity_requested")))
    labels = dict(Channel.choices) if dimension == "channel" else {}
    rows = [{"label": str(labels.get(key, key)), "returned": returned.get(key, 0), "delivered": n,
             "rate": _pct(returned.get(key, 0), n)} for key, n in delivered.items() if n]
    rows.sort(key=lambda r: (-r["rate"], -r["returned"], r["label"]))
    if dimension == "product":
        rows = [r for r in rows if r["returned"]][:TOP_PRODUCTS]
    return rows


# --- dispositions and recovery -----------------------------------------------------------------------
def _disposed(period: Period):
    start, end = period.bounds
    lines = ReturnLine.objects.filter(request__inspected_at__gte=start, request__inspected_at__lt=end,
                                      quantity_received__gt=0).exclude(disposition="")
    return filter_by_warehouse(lines, period.warehouse, "request__warehouse")


def disposition_mix(period: Period) -> list[dict]:
    units = dict(_disposed(period).values_list("disposition").annotate(n=Sum("quantity_received")))
    total = sum(units.values())
    return [{"label": str(label), "disposition": value, "units": units.get(value, 0),
             "share": _pct(units.get(value, 0), total)} for value, label in Disposition.choices]


def recovery(period: Period) -> list[dict]:
    value = ExpressionWrapper(F("order_line__unit_price") * F("quantity_received"),
                              output_field=DecimalField(max_digits=14, decimal_places=2))
    rows = (_disposed(period).filter(order_line__isnull=False)
            .values("order_line__product__category__name", "order_line__order__currency", "disposition")
            .annotate(v=Sum(value)))
    by_cat = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    liquidated = False
    for row in rows:
        key = (row["order_line__product__category__name"], row["order_line__order__currency"])
        by_cat[key][0] += row["v"] or 0
        if row["disposition"] == Disposition.RESTOCK:
            by_cat[key][1] += row["v"] or 0
        liquidated = liquidated or row["disposition"] == Disposition.LIQUIDATION
    if liquidated:
        lines = _disposed(period).filter(order_line__isnull=False, disposition=Disposition.LIQUIDATION)
        shares = recovered_by_line(lines)
        for pk, cat, cur in lines.filter(pk__in=list(shares)).values_list(
                "pk", "order_line__product__category__name", "order_line__order__currency"):
            by_cat[(cat, cur)][2] += shares[pk]
    result = [{"label": f"{cat} ({cur})", "returned_value": str(v[0]), "restocked_value": str(v[1]),
               "liquidated_value": str(v[2]), "rate": _pct(v[1] + v[2], v[0])}
              for (cat, cur), v in sorted(by_cat.items())]
    return result


# --- cycle times -----------------------------------------------------------------------------------
STEPS = [
    ("authorization", _("Authorization"), "requested", ReturnStatus.AUTHORIZED),
    ("transit", _("Shipping back"), ReturnStatus.AUTHORIZED, ReturnStatus.RECEIVED),
    ("inspection", _("Receipt to inspected"), ReturnStatus.RECEIVED, ReturnStatus.INSPECTED),
    ("release", _("Inspected to refund released"), ReturnStatus.INSPECTED, ReturnStatus.REFUND_APPROVED),
    ("confirmation", _("Released to refunded in Odoo"), ReturnStatus.REFUND_APPROVED, ReturnStatus.REFUNDED),
]


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def refund_times(period: Period) -> list[dict]:
    """One row per return refunded in the period: request to refund, in hours (the return's own
    `refunded_at`, set once by the Odoo-confirmed refund, not a scan of the audit trail)."""
    start, end = period.bounds
    refunded = (filter_by_warehouse(ReturnRequest.objects.filter(refunded_at__gte=start, refunded_at__lt=end),
                                    period.warehouse).order_by("refunded_at", "pk")
                .values_list("rma_number", "created_at", "refunded_at"))
    return [{"rma_number": rma_number, "requested_at": requested_at.isoformat(),
             "refunded_at": refunded_at.isoformat(), "hours": _hours(refunded_at - requested_at)}
            for rma_number, requested_at, refunded_at in refunded]


def refund_time_summary(rows: list[dict]) -> dict:
    hours = [r["hours"] for r in rows]
    return {"count": len(hours), "median": percentile(hours, 50), "p90": percentile(hours, 90)}


# The return's own columns hold the first time it reached a state (a return never goes back to a state
# it left). The refund's approval has no column: it is read from the audit row of that one transition
# per return (index returns_event_return_state_idx), never by aggregating the whole audit history.
REACHED_COLUMNS = {"requested": "created_at", ReturnStatus.AUTHORIZED: "authorized_at",
                   ReturnStatus.RECEIVED: "received_at", ReturnStatus.INSPECTED: "inspected_at",
                   ReturnStatus.REFUNDED: "refunded_at"}


def _reached(start, end, warehouse=None) -> list[dict]:
    """The states each return reached, with when, for every return that finished some step in the
    period: one query, each branch of the OR served by its own index."""
    in_period = Q()
    for column in REACHED_COLUMNS.values():
        if column != "created_at":
            in_period |= Q(**{f"{column}__gte": start, f"{column}__lt": end})
    approvals = ReturnEvent.objects.filter(to_state=ReturnStatus.REFUND_APPROVED, created_at__gte=start,
                                           created_at__lt=end).values("return_request_id")
    approved_at = Subquery(ReturnEvent.objects.filter(return_request=OuterRef("pk"),
                                                      to_state=ReturnStatus.REFUND_APPROVED)
                           .order_by("created_at").values("created_at")[:1])
    rows = (filter_by_warehouse(ReturnRequest.objects.filter(in_period | Q(pk__in=approvals)), warehouse).order_by()
            .annotate(**{f"at_{ReturnStatus.REFUND_APPROVED}": approved_at})
            .values(f"at_{ReturnStatus.REFUND_APPROVED}", *REACHED_COLUMNS.values()))
    by_column = {column: state for state, column in REACHED_COLUMNS.items()}
    by_column[f"at_{ReturnStatus.REFUND_APPROVED}"] = ReturnStatus.REFUND_APPROVED
    return [{by_column[column]: at for column, at in row.items() if at is not None} for row in rows]


def step_times(period: Period) -> list[dict]:
    """Median and 90th percentile per lifecycle step, from the first time each state was reached."""
    start, end = period.bounds
    reached = _reached(start, end, period.warehouse)
    rows = []
    for key, label, begin, finish in STEPS:
        hours = [_hours(r[finish] - r[begin]) for r in reached
                 if begin in r and finish in r and start <= r[finish] < end and r[finish] >= r[begin]]
        rows.append({"step": key, "label": str(label), "count": len(hours),
                     "median_hours": percentile(hours, 50), "p90_hours": percentile(hours, 90)})
    return rows


# --- queues and trends -----------------------------------------------------------------------------
def queue_ageing(warehouse=None) -> list[dict]:
    rows = []
    for queue in worklists.QUEUES:
        summary = worklists.summary(queue, worklists.Filters(warehouse=warehouse))
        rows.append({"queue": queue.slug, "label": str(queue.title), "total": summary["count"],
                     **{band: summary["bands"][band] for band in (sla.OK, sla.WARN, sla.BREACH)},
                     "oldest_hours": round(summary["oldest"].hours, 1) if summary["oldest"] else None})
    return rows


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def reasons_trend(period: Period) -> tuple[list[date], list[dict]]:
    """(weeks, [{label, total, counts per week}]) for the most frequent reasons of the period."""
    start, end = period.bounds
    rows = (filter_by_warehouse(ReturnLine.objects.filter(request__created_at__gte=start, request__created_at__lt=end,
                                                          unexpected=False), period.warehouse, "request__warehouse")
            .annotate(week=TruncWeek("request__created_at"))
            .values("week", "reason__label").annotate(n=Sum("quantity_requested")))
    per_reason: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        week = timezone.localtime(row["week"]).date() if isinstance(row["week"], datetime) else row["week"]
        per_reason[row["reason__label"] or str(_("(no reason)"))][_monday(week)] += row["n"]
    weeks, week = [], _monday(period.start)
    while week <= period.end:
        weeks.append(week)
        week += timedelta(days=7)
    series = sorted(({"label": label, "total": sum(counts.values()), "counts": [counts.get(w, 0) for w in weeks]}
                     for label, counts in per_reason.items()), key=lambda s: (-s["total"], s["label"]))
    return weeks, series[:TOP_REASONS]
