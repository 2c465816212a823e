"""The dashboard: charts over a date range, each with its rows as a table and as CSV (?chart=…&format=csv)."""
import csv
from urllib.parse import urlencode
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import charts, metrics, sla
from ..forms_warehouse import DashboardFilterForm, several_warehouses
from . import staff_required

SLA_COLOURS = [(str(sla.LABELS[sla.OK]), "#1a7f37"), (str(sla.LABELS[sla.WARN]), "#bf8700"),
               (str(sla.LABELS[sla.BREACH]), "#cf222e")]


@dataclass
class Chart:
    slug: str
    title: str
    definition: str
    headers: list[str]
    rows: list[list]  # the table and the CSV
    svg: str = ""
    summary: dict = field(default_factory=dict)

    # The page shows at most this many rows of a table; the CSV always has them all.
    PAGE_ROWS = 100

    @property
    def page_rows(self) -> list[list]:
        return self.rows[: self.PAGE_ROWS]

    @property
    def more_rows(self) -> int:
        return max(0, len(self.rows) - self.PAGE_ROWS)


def _rate_chart(period, dimension, title) -> Chart:
    rows = metrics.return_rate(period, dimension)
    svg = charts.hbar(f"rate-{dimension}", [(r["label"], r["rate"], f"{r['rate']}% ({r['returned']}/{r['delivered']})")
                                            for r in rows],
                      title=title, desc=_("Returned units over delivered units, in percent."),
                      empty=_("No delivered orders in this period."))
    return Chart(f"rate-{dimension}", title, _("Units requested for return over units delivered, for orders "
                                               "delivered in the period."),
                 [_("Label"), _("Returned units"), _("Delivered units"), _("Return rate %")],
                 [[r["label"], r["returned"], r["delivered"], r["rate"]] for r in rows], svg)


def build_charts(period) -> list[Chart]:
    result = [
        _rate_chart(period, "product", _("Return rate by product")),
        _rate_chart(period, "category", _("Return rate by category")),
        _rate_chart(period, "reason", _("Return rate by reason")),
        _rate_chart(period, "channel", _("Return rate by channel")),
    ]
    mix = metrics.disposition_mix(period)
    result.append(Chart("dispositions", _("Disposition mix"), _("Received units of returns inspected in the period."),
                        [_("Disposition"), _("Units"), _("Share %")],
                        [[r["label"], r["units"], r["share"]] for r in mix],
                        charts.hbar("dispositions", [(r["label"], r["units"], f"{r['units']} ({r['share']}%)")
                                                     for r in mix if r["units"]],
                                    title=_("Disposition mix"), desc=_("Units per disposition."),
                                    empty=_("Nothing inspected in this period."), color=charts.PALETTE[2])))
    rec = metrics.recovery(period)
    result.append(Chart("recovery", _("Recovery rate"),
                        _("Value (price excl. tax) of restocked units, plus what sold liquidation lots brought "
                          "for their units, over the value of all received units."),
                        [_("Category"), _("Returned value"), _("Restocked value"), _("Liquidation recovery"),
                         _("Recovery %")],
                        [[r["label"], r["returned_value"], r["restocked_value"], r["liquidated_value"], r["rate"]]
                         for r in rec],
                        charts.hbar("recovery", [(r["label"], r["rate"], f"{r['rate']}%") for r in rec],
                                    title=_("Recovery rate"),
                                    desc=_("Restocked and liquidation value over returned value, percent."),
                                    empty=_("Nothing inspected in this period."), maximum=100,
                                    color=charts.PALETTE[3])))
    times = metrics.refund_times(period)
    summary = metrics.refund_time_summary(times)
    steps = metrics.step_times(period)
    labels = [_("Request to refund")] + [s["label"] for s in steps]
    medians = [summary["median"]] + [s["median_hours"] for s in steps]
    p90s = [summary["p90"]] + [s["p90_hours"] for s in steps]
    result.append(Chart("cycle-time", _("Time to refund, and per step"),
                        _("Hours from the request to the refund confirmed by Odoo, for returns refunded in the period; "
                          "per step from the audit records, for steps that ended in the period."),
                        [_("Step"), _("Returns"), _("Median hours"), _("90th percentile hours")],
                        [[labels[0], summary["count"], summary["median"], summary["p90"]]]
                        + [[s["label"], s["count"], s["median_hours"], s["p90_hours"]] for s in steps],
                        charts.grouped_hbar("cycle-time", labels,
                                            [(_("Median"), medians, charts.PALETTE[0]),
                                             (_("90th percentile"), p90s, charts.PALETTE[1])],
                                            title=_("Time to refund, and per step"),
                                            desc=_("Median and 90th percentile in hours."),
                                            empty=_("No completed steps in this period."), unit=" h"),
                        summary))
    result.append(Chart("refund-times", _("Refunds in the period"), _("One row per refunded return."),
                        [_("RMA"), _("Requested"), _("Refunded"), _("Hours")],
                        [[t["rma_number"], t["requested_at"], t["refunded_at"], t["hours"]] for t in times]))
    ageing = metrics.queue_ageing(period.warehouse)
    result.append(Chart("queue-ageing", _("Queue ageing (now)"),
                        _("Items waiting in each queue by age: on time, needs attention, late."),
                        [_("Queue"), _("On time"), _("Needs attention"), _("Late"), _("Oldest (hours)")],
                        [[r["label"], r[sla.OK], r[sla.WARN], r[sla.BREACH], r["oldest_hours"]] for r in ageing],
                        charts.stacked_hbar("queue-ageing",
                                            [(r["label"], [r[sla.OK], r[sla.WARN], r[sla.BREACH]]) for r in ageing],
                                            SLA_COLOURS, title=_("Queue ageing"),
                                            desc=_("Items per queue by age band."), empty=_("All queues are empty."))))
    weeks, series = metrics.reasons_trend(period)
    week_labels = [w.strftime("%d %b") for w in weeks]
    result.append(Chart("reasons-trend", _("Top reasons by week"),
                        _("Units requested per week (weeks start on Monday) for the five most frequent reasons."),
                        [_("Week")] + [s["label"] for s in series],
                        [[w.isoformat()] + [s["counts"][i] for s in series] for i, w in enumerate(weeks)],
                        charts.lines("reasons-trend", week_labels, [(s["label"], s["counts"]) for s in series],
                                     title=_("Top reasons by week"), desc=_("Units requested per week per reason."),
                                     empty=_("No returns requested in this period."))))
    return result


def _csv(chart: Chart, period) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="returnflow-{chart.slug}-'
                                       f'{period.start.isoformat()}-{period.end.isoformat()}.csv"')
    writer = csv.writer(response)
    writer.writerow(chart.headers)
    for row in chart.rows:
        # A leading =, +, - or @ would be a formula in a spreadsheet; product names come from outside.
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else ("" if v is None else v) for v in row])
    return response


@staff_required
def dashboard(request):
    form = DashboardFilterForm(request.GET)
    status, warehouse = 200, None
    if not form.is_valid():
        status = 400  # the errors are shown above the default period's charts
        fallback = DashboardFilterForm({})
        fallback.is_valid()
        period = metrics.Period(fallback.cleaned_data["date_from"], fallback.cleaned_data["date_to"])
    else:
        warehouse = form.cleaned_data["warehouse"]  # every chart counts that warehouse's returns only
        period = metrics.Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"],
                                warehouse.pk if warehouse else None)
        form = DashboardFilterForm(initial={"date_from": period.start, "date_to": period.end, "warehouse": warehouse})
    all_charts = build_charts(period)
    if request.GET.get("format") == "csv":
        chart = next((c for c in all_charts if c.slug == request.GET.get("chart")), None)
        if chart is None:
            raise Http404("No such chart.")
        return _csv(chart, period)
    return render(request, "support/dashboard.html", {
        "form": form, "period": period, "charts": {c.slug.replace("-", "_"): c for c in all_charts}, "nav": "dashboard",
        "query": f"date_from={period.start.isoformat()}&date_to={period.end.isoformat()}"
                 + (f"&{urlencode({'warehouse': warehouse.code})}" if warehouse else ""),
        "several_warehouses": several_warehouses(),
    }, status=status)
