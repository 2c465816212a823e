from django.db.models import Count
from django.shortcuts import render

from returnflow.access import role_required
from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.models import ReturnRequest


@role_required(perm.PERM_REVIEW, perm.PERM_APPROVE_REFUND)
def home(request):
    """Support landing page: how many returns are in each state."""
    counts = dict(ReturnRequest.objects.values_list("state").annotate(n=Count("id")))
    rows = [(status.label, counts.get(status.value, 0)) for status in ReturnStatus]
    return render(request, "support/home.html", {"rows": rows})
