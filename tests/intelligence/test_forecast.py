"""Volume forecast, backtest, shift plan, its chart and CSV, and product quality alerts."""
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from intelligence.forecast import chart, model, plan, quality, synthetic


@pytest.fixture(scope="module")
def short_history():
    days, series, campaigns = synthetic.history(start=date(2024, 1, 1), days=420, seed=2)
    return days, series["apparel"], campaigns


def test_the_regression_forecasts_eight_weeks_with_an_interval(short_history):
    days, units, campaigns = short_history
    f = model.fit_predict(days, units, campaigns=campaigns)
    assert f.method == "regression" and len(f.days) == model.HORIZON_DAYS == len(f.mean)
    assert f.days[0] == days[-1] + timedelta(days=1)
    assert np.all(f.lower <= f.mean) and np.all(f.mean <= f.upper)
    monday, sunday = f.mean[[i for i, d in enumerate(f.days) if d.weekday() == 0]], \
        f.mean[[i for i, d in enumerate(f.days) if d.weekday() == 6]]
    assert monday.mean() > 2 * sunday.mean()  # the weekly rhythm is learnt


def test_too_short_a_history_falls_back_to_seasonal_naive():
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(20)]
    f = model.fit_predict(days, np.arange(20) % 7, horizon=14)
    assert f.method == "seasonal naive" and list(f.mean[:7]) == list(model.seasonal_naive(np.arange(20) % 7, 7))
    tiny = model.fit_predict(days[:3], [1, 2, 3], horizon=3)
    assert list(tiny.mean) == [2, 2, 2]


def test_the_backtest_beats_seasonal_naive(short_history):
    days, units, campaigns = short_history
    result = model.backtest(days, units, campaigns, origins=2, min_train=300)
    assert result.origins == 2
    assert result.model_mase < result.naive_mase and result.model_mape < result.naive_mape
    assert 0 <= result.coverage <= 1
    assert np.isnan(model.weekly_mape([0] * 7, [1] * 7))


def test_the_shift_plan_turns_units_into_inspectors(short_history, settings):
    days, units, _campaigns = short_history
    settings.INTELLIGENCE = {"PRODUCTIVE_MINUTES_PER_SHIFT": 60, "CAMPAIGNS": ["2025-03-20"]}
    day_plans, forecasts = plan.shift_plan(series=(days, {("WH", "apparel"): units}),
                                           minutes_per_unit={"apparel": 3.0})
    first = day_plans[0]
    assert first.minutes == round(first.units * 3.0) or abs(first.minutes - first.units * 3) < 1
    assert first.inspectors == int(np.ceil(first.minutes / 60))
    assert plan.plan_rows(day_plans)[0][0] == first.day.isoformat()
    assert plan.shift_plan(series=(days, {}), minutes_per_unit={"default": 1}) == ([], {})
    svg = chart.shift_chart(day_plans)
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg and "polygon" in svg
    assert "No return history" in chart.shift_chart([])


@pytest.mark.django_db
def test_live_series_handling_minutes_and_the_csv(alice, ivan, sam, fresh_flags):
    from django.test import Client

    from returns.models import ReturnEvent
    from tests.factories import create_return, inspect_all, make_order, make_product, receive_all

    ret = create_return(make_order(alice, [(make_product(), 2, "20.00")]), alice.user)
    receive_all(ret, ivan)
    inspect_all(ret, ivan)
    start = ReturnEvent.objects.get(return_request=ret, action="start_inspection")
    # The audit trail is append-only: a second completion ten minutes after the start stands in for a slow one.
    ReturnEvent.objects.create(return_request=ret, action="complete_inspection",
                               created_at=start.created_at + timedelta(minutes=10))
    minutes = plan.measured_handling_minutes()
    assert 4.9 < minutes["apparel"] < 5.2  # ten minutes for two units
    assert plan.handling_minutes()["apparel"] == minutes["apparel"]
    from returns.models import ReturnRequest

    ReturnRequest.objects.filter(pk=ret.pk).update(created_at=ret.created_at - timedelta(days=1))  # a full day
    days, series = plan.daily_series()
    assert series[(plan.warehouse_code(), "apparel")].sum() == 2
    client = Client()
    client.force_login(sam)
    csv = client.get("/support/intelligence/shift-plan.csv")
    assert csv.status_code == 200 and csv.content.decode().splitlines()[0] == ",".join(plan.CSV_HEADERS)
    by_category = client.get("/support/intelligence/shift-plan.csv?by=category").content.decode().splitlines()
    assert by_category[0] == ",".join(plan.CATEGORY_HEADERS) and ",WH,apparel," in by_category[1]
    dashboard = client.get("/support/dashboard/").content.decode()
    assert 'data-chart="shift-plan"' in dashboard and "Product quality alerts" in dashboard
    client.force_login(alice.user)
    assert client.get("/support/intelligence/shift-plan.csv").status_code == 403


def test_a_sku_whose_defects_rise_above_its_past_and_category_alerts():
    now = datetime(2026, 6, 1)
    recent, before = now - timedelta(days=5), now - timedelta(days=60)
    deliveries = [("BAD", "el", recent, 40), ("BAD", "el", before, 200), ("OK", "el", recent, 200),
                  ("OK", "el", before, 200), ("FEW", "el", recent, 3)]
    defects = [("BAD", "el", recent, 8, "RMA-1"), ("BAD", "el", before, 4, "RMA-0"), ("OK", "el", recent, 4, "RMA-2"),
               ("FEW", "el", recent, 2, "RMA-3"), ("OLD", "el", now - timedelta(days=400), 1, "RMA-9")]
    alerts = quality.alerts_from_rows(deliveries, defects, now)
    assert [a.sku for a in alerts] == ["BAD"]
    evidence = alerts[0].evidence
    assert "8 of 40 units" in evidence and "2% before" in evidence and "RMA-1" in evidence
    assert quality.alerts_from_rows(deliveries[:1], [], now) == []


@pytest.mark.django_db
def test_quality_alerts_read_the_database(alice):
    from tests.factories import create_return, make_order, make_product

    product = make_product(category="electronics")
    order = make_order(alice, [(product, 5, "50.00")], delivered_days_ago=3)
    create_return(order, alice.user, reason="defective")
    alerts = quality.quality_alerts()
    assert [a.sku for a in alerts] == [product.sku]
