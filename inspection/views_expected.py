"""Expected parcels: the returns the dock should see arrive, oldest first, so it can plan the day.

Expected means authorized (the customer has the label but the carrier has not scanned it yet) or in
transit: the home card counts the same two states, and either can be received straight away (the
`receive` transition starts from both). Each row opens receiving for that return.
"""
from django.core.paginator import Paginator
from django.db.models import F, Sum
from django.shortcuts import render
from django.views.decorators.http import require_GET

from returnflow.access import role_required
from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.warehouses import scope_to_staff

EXPECTED_STATES = (ReturnStatus.IN_TRANSIT, ReturnStatus.AUTHORIZED)
PER_PAGE = 25


def expected_returns(state="", user=None):
    states = [state] if state in EXPECTED_STATES else list(EXPECTED_STATES)
    returns = ReturnRequest.objects.filter(state__in=states)
    if user is not None:  # the dock of a warehouse expects its own parcels (returns.warehouses)
        returns = scope_to_staff(returns, user)
    # Oldest first by when the return was authorized (when the parcel could first be sent).
    return (returns
            .select_related("customer")
            .annotate(units=Sum("lines__quantity_requested"))
            .order_by(F("authorized_at").asc(nulls_last=True), "created_at", "pk"))


@role_required(perm.PERM_RECEIVE, perm.PERM_INSPECT)
@require_GET
def expected(request):
    state = request.GET.get("state", "")
    state = state if state in EXPECTED_STATES else ""
    page = Paginator(expected_returns(state, request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "inspection/expected.html", {
        "page": page, "state": state, "states": [(s, ReturnStatus(s).label) for s in EXPECTED_STATES]})
