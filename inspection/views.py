from django.shortcuts import render

from returnflow.access import role_required
from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.warehouses import scope_to_staff

from .liquidation import units_waiting
from .models import ParcelStatus, UnidentifiedParcel, VendorReturnBatchState, VendorReturnUnit
from .refurbishment import refurbishment_queue


@role_required(perm.PERM_RECEIVE, perm.PERM_INSPECT)
def home(request):
    """Tablet landing page: what is expected in and what waits for inspection."""
    # The counts of the warehouses this person works at (all of them for staff given none).
    mine = scope_to_staff(ReturnRequest.objects.all(), request.user)
    expected = mine.filter(state__in=[ReturnStatus.AUTHORIZED, ReturnStatus.IN_TRANSIT]).count()
    to_inspect = mine.filter(state__in=[ReturnStatus.RECEIVED, ReturnStatus.INSPECTING]).count()
    parked = UnidentifiedParcel.objects.filter(status=ParcelStatus.OPEN).count()
    floor = {"to_refurbish": refurbishment_queue().count(), "for_liquidation": units_waiting().count(),
             "for_vendors": VendorReturnUnit.objects.filter(batch__state=VendorReturnBatchState.OPEN).count()}
    return render(request, "inspection/home.html", {"expected": expected, "to_inspect": to_inspect, "parked": parked,
                                                    **floor})
