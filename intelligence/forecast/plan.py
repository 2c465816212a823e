"""From the live history to the dashboard: daily series per warehouse and category, the 8-week forecast,
handling minutes measured from inspection timestamps, and the inspectors needed per day.

inspectors(day) = Σ_category forecast units × handling minutes per unit ÷ productive minutes per shift
"""
import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from .. import conf
from . import model

HISTORY_DAYS = 3 * 365


def warehouse_code() -> str:
    # One warehouse receives returns today (ODOO_WAREHOUSE_CODE); the series are keyed by it so that a
    # second warehouse only needs its own key on the return.
    return (getattr(settings, "ODOO_MAPPING", {}) or {}).get("WAREHOUSE_CODE") or "WH"


def daily_series(today: date | None = None, history_days: int = HISTORY_DAYS) -> tuple[list, dict]:
    """(dates up to yesterday, {(warehouse, category code): units requested per day})."""
    from returns.models import ReturnLine

    today = today or timezone.localdate()
    start = today - timedelta(days=history_days)
    rows = (ReturnLine.objects.filter(unexpected=False, request__created_at__date__gte=start,
                                      request__created_at__date__lt=today)
            .annotate(day=TruncDate("request__created_at"))
            .values("day", "product__category__code").annotate(units=Sum("quantity_requested")))
    rows = list(rows)
    first = min((r["day"] for r in rows), default=today - timedelta(days=1))
    days = [first + timedelta(days=i) for i in range((today - first).days)]
    index = {d: i for i, d in enumerate(days)}
    series = {}
    wh = warehouse_code()
    for r in rows:
        values = series.setdefault((wh, r["product__category__code"]), np.zeros(len(days)))
        values[index[r["day"]]] += r["units"] or 0
    return days, series


def measured_handling_minutes(since_days: int = 180) -> dict:
    """Median minutes per received unit from start_inspection to inspected, by category (single-category
    returns only, so the time is not split by guesswork)."""
    from returns.models import ReturnEvent

    since = timezone.now() - timedelta(days=since_days)
    starts = {e.return_request_id: e.created_at for e in  # the latest start wins (ordered)
              ReturnEvent.objects.filter(action="start_inspection", created_at__gte=since).order_by("created_at")}
    per_category = {}
    finished = (ReturnEvent.objects.filter(action="complete_inspection", return_request_id__in=starts)
                .select_related("return_request").prefetch_related("return_request__lines__product__category"))
    for event in finished:
        lines = [line for line in event.return_request.lines.all() if line.quantity_received]
        categories = {line.product.category.code for line in lines}
        units = sum(line.quantity_received for line in lines)
        if len(categories) != 1 or not units:
            continue
        minutes = (event.created_at - starts[event.return_request_id]).total_seconds() / 60 / units
        # Under half a minute a unit was not handled (a replayed step); a claim left open overnight is not work.
        if 0.5 <= minutes < 240:
            per_category.setdefault(categories.pop(), []).append(minutes)
    return {code: round(statistics.median(values), 1) for code, values in per_category.items()}


def handling_minutes() -> dict:
    """Configured minutes, overridden by measured ones where inspections were timed."""
    return {**conf.get("HANDLING_MINUTES"), **measured_handling_minutes()}


@dataclass
class DayPlan:
    day: date
    units: float
    lower: float
    upper: float
    minutes: float
    inspectors: int


def shift_plan(today: date | None = None, series=None, minutes_per_unit=None) -> tuple[list[DayPlan], dict]:
    """The next 8 weeks, summed over categories; also answers {(warehouse, category): Forecast}."""
    days, series = series if series is not None else daily_series(today)
    minutes_per_unit = minutes_per_unit or handling_minutes()
    campaigns = [date.fromisoformat(c) for c in conf.get("CAMPAIGNS")]
    shift = float(conf.get("PRODUCTIVE_MINUTES_PER_SHIFT"))
    forecasts = {key: model.fit_predict(days, values, campaigns=campaigns) for key, values in series.items()}
    if not forecasts:
        return [], {}
    horizon = next(iter(forecasts.values())).days
    plan = []
    for i, day in enumerate(horizon):
        units = sum(f.mean[i] for f in forecasts.values())
        minutes = sum(f.mean[i] * float(minutes_per_unit.get(key[1], minutes_per_unit.get("default", 6.0)))
                      for key, f in forecasts.items())
        plan.append(DayPlan(day, round(units, 1), round(sum(f.lower[i] for f in forecasts.values()), 1),
                            round(sum(f.upper[i] for f in forecasts.values()), 1), round(minutes),
                            math.ceil(minutes / shift) if minutes > 0 else 0))
    return plan, forecasts


CSV_HEADERS = ["date", "forecast_units", "interval_low", "interval_high", "handling_minutes", "inspectors"]


def plan_rows(plan) -> list[list]:
    return [[p.day.isoformat(), p.units, p.lower, p.upper, p.minutes, p.inspectors] for p in plan]


CATEGORY_HEADERS = ["date", "warehouse", "category", "forecast_units", "interval_low", "interval_high", "method"]


def category_rows(forecasts) -> list[list]:
    """The forecast behind the plan, per warehouse and category (the CSV's `?by=category`)."""
    return [[day.isoformat(), warehouse, category, round(float(f.mean[i]), 1), round(float(f.lower[i]), 1),
             round(float(f.upper[i]), 1), f.method]
            for (warehouse, category), f in sorted(forecasts.items()) for i, day in enumerate(f.days)]
