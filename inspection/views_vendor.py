"""Vendor returns on the tablet: the open batch per vendor, its authorization number, closing it."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import ReturnsError

from .models import VendorReturnBatch, VendorReturnBatchState
from .pages import request_id
from .vendor_returns import batch_authorize, batch_close, units_without_vendor

STAFF = (perm.PERM_INSPECT, perm.PERM_RECEIVE, perm.PERM_REVIEW)


@role_required(*STAFF)
@require_GET
def batches(request):
    return render(request, "inspection/vendor_returns.html", {
        "open": VendorReturnBatch.objects.filter(state=VendorReturnBatchState.OPEN).select_related("vendor"),
        "closed": VendorReturnBatch.objects.filter(state=VendorReturnBatchState.CLOSED).select_related("vendor")[:20],
        "without_vendor": list(units_without_vendor()[:100])})


def _page(request, batch, status=200, **extra):
    units = batch.units.select_related("plate__line__product", "plate__line__request")
    return render(request, "inspection/vendor_return.html", {"batch": batch, "units": units, **extra}, status=status)


@role_required(*STAFF)
@require_GET
def batch(request, number):
    return _page(request, get_object_or_404(VendorReturnBatch.objects.select_related("vendor"), number=number))


def _version(post):
    value = post.get("version", "")
    return int(value) if value.isdigit() else None


@role_required(*STAFF)
@require_POST
def batch_save(request, number):
    """Save the authorization number and, with the close button, close the batch."""
    batch = get_object_or_404(VendorReturnBatch, number=number)
    post = request.POST
    try:
        batch = batch_authorize(batch_id=batch.pk, actor=request.user, expected_version=_version(post),
                                authorization_number=post.get("authorization_number", ""))
        if "close" in post:
            batch = batch_close(batch_id=batch.pk, actor=request.user, expected_version=batch.version,
                                request_id=request_id(request))
    except ReturnsError as exc:
        batch.refresh_from_db()
        return _page(request, batch, status=exc.status, error=exc.message,
                     typed=post.get("authorization_number", "")[:64])
    messages.success(request, f"{batch.number}: {batch.get_state_display()}.")
    return redirect("inspection:vendor_return", number=batch.number)
