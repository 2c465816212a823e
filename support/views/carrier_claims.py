"""POST endpoints for carrier claims on a return's page: open one (support), resolve it (support or
finance). The services check the role, the state and the input again and audit both steps; a form
error or a refused step re-renders the return's page with what was typed kept."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from returns.errors import ReturnsError
from returns.models import CarrierClaim
from returns.services.carrier_claims import carrier_claim_open, carrier_claim_resolve

from ..carrier_claims import CarrierClaimOpenForm, CarrierClaimResolveForm
from . import staff_required
from .detail import get_return, render_detail


def _refused(request, ret, key, form, error):
    for field, message in (error.details or {}).items() if isinstance(error.details, dict) else ():
        if field in form.fields:
            form.add_error(field, message)
    if not form.errors:
        form.add_error(None, error.message)
    messages.error(request, error.message)
    return render_detail(request, ret, bound={key: form}, status=error.status)


@require_POST
@staff_required
def open_claim(request, rma):
    ret = get_return(rma, request.user)
    form = CarrierClaimOpenForm(request.POST, prefix="claim")
    if not form.is_valid():
        messages.error(request, _("Check the carrier claim's fields."))
        return render_detail(request, ret, bound={"claim-open": form}, status=400)
    data = form.cleaned_data
    try:
        carrier_claim_open(return_id=ret.pk, actor=request.user, kind=data["kind"], carrier=data["carrier"],
                           claim_reference=data["claim_reference"], due_date=data["due_date"],
                           amount_claimed=data["amount_claimed"], note=data["note"], request_id=request.request_id)
    except ReturnsError as error:
        return _refused(request, ret, "claim-open", form, error)
    messages.success(request, _("%(rma)s: carrier claim opened; the refund waits until it is resolved.") % {
        "rma": ret.rma_number})
    return redirect("support:detail", ret.rma_number)


@require_POST
@staff_required
def resolve_claim(request, pk):
    claim = get_object_or_404(CarrierClaim.objects.select_related("return_request"), pk=pk)
    ret = get_return(claim.return_request.rma_number, request.user)
    form = CarrierClaimResolveForm(request.POST, prefix=f"resolve-{claim.pk}")
    key = f"claim-resolve-{claim.pk}"
    if not form.is_valid():
        messages.error(request, _("Check the outcome of the carrier claim."))
        return render_detail(request, ret, bound={key: form}, status=400)
    data = form.cleaned_data
    try:
        carrier_claim_resolve(claim_id=claim.pk, actor=request.user, outcome=data["outcome"],
                              amount_recovered=data["amount_recovered"], note=data["note"],
                              request_id=request.request_id)
    except ReturnsError as error:
        return _refused(request, ret, key, form, error)
    messages.success(request, _("%(rma)s: carrier claim resolved.") % {"rma": ret.rma_number})
    return redirect("support:detail", ret.rma_number)
