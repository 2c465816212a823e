"""The CSV behind the shift-plan chart, for agents and finance (the dashboard's audience)."""
import csv

from django.http import HttpResponse

from returnflow.access import role_required
from returns import permissions as perm

from .forecast import plan

staff_required = role_required(perm.PERM_REVIEW, perm.PERM_APPROVE_REFUND)


@staff_required
def shift_plan_csv(request):
    """The plan per day; `?by=category`: the forecast per warehouse and category behind it."""
    days, forecasts = plan.shift_plan()
    by_category = request.GET.get("by") == "category"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = "returns-forecast-by-category" if by_category else "shift-plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(plan.CATEGORY_HEADERS if by_category else plan.CSV_HEADERS)
    writer.writerows(plan.category_rows(forecasts) if by_category else plan.plan_rows(days))
    return response
