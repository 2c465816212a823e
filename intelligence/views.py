"""The CSV behind the shift-plan chart, for agents and finance (the dashboard's audience)."""
import csv

from django.http import HttpResponse

from returnflow.access import role_required
from returns import permissions as perm

from .forecast import plan

staff_required = role_required(perm.PERM_REVIEW, perm.PERM_APPROVE_REFUND)


@staff_required
def shift_plan_csv(request):
    days, _forecasts = plan.shift_plan()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shift-plan.csv"'
    writer = csv.writer(response)
    writer.writerow(plan.CSV_HEADERS)
    writer.writerows(plan.plan_rows(days))
    return response
