"""Product quality alerts for buyers: a SKU whose defect-reason returns rise well above its own past
and its category's, with the returns behind the alert.

Rate = units returned for a defect reason ÷ units delivered, by delivery date. A SKU alerts when, in
the recent window, its rate is at least twice its own baseline and its category's recent rate, with
at least `min_units` defect units and a one-sided binomial test against the larger of the two rates
below `alpha` (few units never alert on luck alone).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from scipy.stats import binomtest

DEFECT_REASONS = ("defective",)


@dataclass
class SkuWindow:
    delivered: int = 0
    defect: int = 0
    returns: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.defect / self.delivered if self.delivered else 0.0


@dataclass(frozen=True)
class QualityAlert:
    sku: str
    category: str
    recent: SkuWindow
    baseline_rate: float
    category_rate: float
    p_value: float

    @property
    def evidence(self) -> str:
        return (f"{self.recent.defect} of {self.recent.delivered} units delivered recently came back defective "
                f"({self.recent.rate:.0%}), against {self.baseline_rate:.0%} before and {self.category_rate:.0%} "
                f"for the category (p = {self.p_value:.3f}): " + ", ".join(self.recent.returns[:8]) + ".")


def alerts_from_rows(deliveries, defects, now, recent_days=28, baseline_days=180, min_units=3, alpha=0.01,
                     ratio=2.0) -> list[QualityAlert]:
    """`deliveries`: (sku, category, delivered_at, units); `defects`: (sku, category, delivered_at, units, rma)."""
    recent_from, baseline_from = now - timedelta(days=recent_days), now - timedelta(days=recent_days + baseline_days)
    recent, baseline, category_recent = defaultdict(SkuWindow), defaultdict(SkuWindow), defaultdict(SkuWindow)
    categories = {}

    def window(when):
        return "recent" if when >= recent_from else "baseline" if when >= baseline_from else None

    for sku, category, when, units in deliveries:
        categories[sku] = category
        w = window(when)
        if w == "recent":
            recent[sku].delivered += units
            category_recent[category].delivered += units
        elif w == "baseline":
            baseline[sku].delivered += units
    for sku, category, when, units, rma in defects:
        w = window(when)
        if w == "recent":
            recent[sku].defect += units
            recent[sku].returns.append(rma)
            category_recent[category].defect += units
        elif w == "baseline":
            baseline[sku].defect += units
    alerts = []
    for sku, now_window in recent.items():
        if now_window.defect < min_units or not now_window.delivered:
            continue
        category = categories.get(sku, "")
        others = category_recent[category]
        # The category's rate without this SKU, so one bad product does not raise its own yardstick.
        rest_delivered, rest_defect = others.delivered - now_window.delivered, others.defect - now_window.defect
        category_rate = rest_defect / rest_delivered if rest_delivered > 0 else 0.0
        own = baseline[sku].rate
        yardstick = max(own, category_rate, 0.005)
        if now_window.rate < ratio * yardstick:
            continue
        p = binomtest(now_window.defect, now_window.delivered, min(yardstick, 0.999), alternative="greater").pvalue
        if p < alpha:
            alerts.append(QualityAlert(sku, category, now_window, own, category_rate, float(p)))
    return sorted(alerts, key=lambda a: a.p_value)


def quality_alerts(now=None, **kwargs) -> list[QualityAlert]:
    """From the database: delivered order lines, and return lines whose reason is a defect."""
    from django.utils import timezone

    from returns.models import ReturnLine, SalesOrderLine

    now = now or timezone.now()
    since = now - timedelta(days=kwargs.get("recent_days", 28) + kwargs.get("baseline_days", 180))
    deliveries = [(row["product__sku"], row["product__category__code"], row["order__delivered_at"],
                   row["quantity_delivered"]) for row in
                  SalesOrderLine.objects.filter(order__delivered_at__gte=since)
                  .values("product__sku", "product__category__code", "order__delivered_at", "quantity_delivered")]
    defects = [(line.product.sku, line.product.category.code, line.order_line.order.delivered_at,
                line.quantity_requested, line.request.rma_number) for line in
               ReturnLine.objects.filter(reason__code__in=DEFECT_REASONS, order_line__order__delivered_at__gte=since)
               .select_related("product__category", "order_line__order", "request")]
    return alerts_from_rows(deliveries, defects, now, **kwargs)
