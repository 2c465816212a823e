"""POST endpoints of the console: decisions, hold decisions, notes, refund method and figures,
retries, and receipt issues. Each redirects back on success and re-renders with the error otherwise."""
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspection.holds import line_hold_release
from inspection.resolutions import discrepancy_resolve as resolve_discrepancy
from inspection.resolutions import parcel_resolve as resolve_parcel
from integrations.operator import posting_retry as retry_posting
from inspection.models import ReceivingDiscrepancy, UnidentifiedParcel
from integrations.models import OdooPosting
from refunds.services import allowed_methods, refund_update_amount
from returns.choices import ReturnStatus
from returns.errors import InvalidReturnRequest, ReturnPermissionDenied, ReturnsError, TransitionGuardFailed
from returns.models import ReturnLine
from returns.services.notes import note_add
from returns.services.transitions import lock_return

from .. import services
from ..assignment import refuse_stale, seen_version
from ..actions import DECISIONS, HOLD_DECISIONS, REFUND_DECISIONS
from ..forms import NoteForm, ParcelResolveForm, RefundMethodForm, ResolveForm
from . import staff_required
from .detail import decision_form, get_return, hold_form, render_detail, render_parcel

CENT = Decimal("0.01")


def _back(ret):
    return redirect("support:detail", ret.rma_number)


def _failed(request, ret, error, bound=None):
    messages.error(request, error.message)
    return render_detail(request, ret, bound=bound, status=error.status)


def _check_refund_figures(ret, action, expected, user):
    """Refuse what the agent did not see: a refund whose total moved since the page was shown."""
    if action == "approve_refund" and ret.refund_proposed_by_id == user.pk:
        raise ReturnPermissionDenied(_("You proposed this refund, so a different finance colleague must approve "
                                       "it (two-person rule)."))
    if ret.state == ReturnStatus.INSPECTED:
        refund_update_amount(ret)  # the latest figures; an approval keeps the proposed ones
    if ret.refund_amount is None:
        raise TransitionGuardFailed(_("The refund could not be calculated, so it cannot be released."))
    if expected is not None and Decimal(ret.refund_amount).quantize(CENT) != expected.quantize(CENT):
        raise TransitionGuardFailed(_("The refund changed from %(old)s to %(new)s while you were looking at it. "
                                      "Review the new figures, then decide again.") % {
            "old": expected, "new": ret.refund_amount})


@require_POST
@staff_required
def decide(request, rma, action):
    decision = DECISIONS.get(action)
    if decision is None:
        raise Http404("No such decision.")
    ret = get_return(rma, request.user)
    form = decision_form(ret, decision, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason code (and write a note where it is required)."))
        return render_detail(request, ret, bound={action: form}, status=400)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            # The page's version of the return: a decision on an outdated page is refused (support.assignment).
            refuse_stale(lock_return(ret.pk), seen_version(request.POST.get("seen")))
            if action in REFUND_DECISIONS:
                _check_refund_figures(ret, action, data.get("expected_total"), request.user)
            ret = decision.service(return_id=ret.pk, actor=request.user, reason=data.get("reason", ""),
                                   note=data["note"].strip(), request_id=request.request_id)
    except ReturnsError as error:
        return _failed(request, ret, error, {action: form})
    messages.success(request, _("%(rma)s: %(done)s.") % {"rma": ret.rma_number, "done": decision.done})
    return _back(ret)


@require_POST
@staff_required
def hold_decide(request, rma, line_id, decision):
    ret = get_return(rma, request.user)
    line = get_object_or_404(ReturnLine, pk=line_id, request=ret)
    spec = HOLD_DECISIONS.get(decision)
    if spec is None:
        raise Http404("No such decision.")
    form = hold_form(line, spec, request.POST)
    key = f"hold-{line.pk}-{decision}"
    if not form.is_valid():
        messages.error(request, _("Choose a reason code (and write a note where it is required)."))
        return render_detail(request, ret, bound={key: form}, status=400)
    try:
        line_hold_release(line_id=line.pk, actor=request.user, decision=decision, reason=form.cleaned_data["reason"],
                          note=form.cleaned_data["note"].strip(), request_id=request.request_id)
    except ReturnsError as error:
        return _failed(request, ret, error, {key: form})
    messages.success(request, _("%(sku)s: %(done)s.") % {"sku": line.product.sku, "done": spec.done})
    return _back(ret)


@require_POST
@staff_required
def add_note(request, rma):
    ret = get_return(rma, request.user)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_detail(request, ret, bound={"note": form}, status=400)
    try:
        note_add(return_id=ret.pk, actor=request.user, text=form.cleaned_data["text"],
                          request_id=request.request_id)
    except ReturnsError as error:
        return _failed(request, ret, error, {"note": form})
    messages.success(request, _("Note added."))
    return _back(ret)


@require_POST
@staff_required
def change_refund_method(request, rma):
    ret = get_return(rma, request.user)
    form = RefundMethodForm(request.POST, allowed=allowed_methods(ret))
    if not form.is_valid():
        return render_detail(request, ret, bound={"method": form}, status=400)
    try:
        services.refund_method_change(return_id=ret.pk, actor=request.user, method=form.cleaned_data["method"],
                                      note=form.cleaned_data["note"], request_id=request.request_id)
    except ReturnsError as error:
        return _failed(request, ret, error, {"method": form})
    messages.success(request, _("Refund method changed."))
    return _back(ret)


@require_POST
@staff_required
def recalculate(request, rma):
    ret = get_return(rma, request.user)
    try:
        ret = services.refund_recalculate(return_id=ret.pk, actor=request.user, request_id=request.request_id)
    except ReturnsError as error:
        return _failed(request, ret, error)
    messages.success(request, _("Refund recalculated."))
    return _back(ret)


@require_POST
@staff_required
def posting_retry(request, posting_id):
    posting = get_object_or_404(OdooPosting.objects.select_related("request"), pk=posting_id)
    try:
        retried = retry_posting(posting_id=posting.pk, actor=request.user, request_id=request.request_id)
    except ReturnsError as error:
        messages.error(request, error.message)
        retried = None
    if retried:
        messages.success(request, _("%(ref)s will be sent to Odoo again.") % {"ref": posting.reference})
    elif retried is False:
        messages.error(request, _("%(ref)s is not failed any more (%(state)s); nothing to retry.") % {
            "ref": posting.reference, "state": posting.get_state_display().lower()})
    target = request.POST.get("next", "")
    if target.startswith("/support/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("support:detail", posting.request.rma_number)


@require_POST
@staff_required
def discrepancy_resolve(request, pk):
    item = get_object_or_404(ReceivingDiscrepancy.objects.select_related("return_request"), pk=pk)
    form = ResolveForm(request.POST)
    target = item.return_request
    try:
        if not form.is_valid():
            raise InvalidReturnRequest(_("Say how the mismatch was resolved."))
        resolve_discrepancy(discrepancy_id=item.pk, actor=request.user, note=form.cleaned_data["note"],
                                     request_id=request.request_id)
    except ReturnsError as error:
        messages.error(request, error.message)
        return redirect("support:detail", target.rma_number) if target else redirect("support:queue", "mismatches")
    messages.success(request, _("Mismatch resolved."))
    return redirect("support:detail", target.rma_number) if target else redirect("support:queue", "mismatches")


@require_POST
@staff_required
def parcel_resolve(request, pk):
    parcel = get_object_or_404(UnidentifiedParcel, pk=pk)
    form = ParcelResolveForm(request.POST)
    if not form.is_valid():
        return render_parcel(request, parcel, form, status=400)
    data = form.cleaned_data
    try:
        resolve_parcel(parcel_id=parcel.pk, actor=request.user, outcome=data["outcome"], note=data["note"],
                       return_request=data.get("return_request"), request_id=request.request_id)
    except ReturnsError as error:
        messages.error(request, error.message)
        return render_parcel(request, parcel, form, status=error.status)
    messages.success(request, _("Parcel resolved."))
    return redirect("support:queue", "parcels")
