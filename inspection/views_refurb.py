"""Refurbishment on the tablet: the work queue, one work order per license plate, its steps and outcome.

Plain forms (no script needed); each step is saved at once against the work order's version.
"""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import InvalidReturnRequest, ReturnsError

from .lpn import plate_by_code
from .models import RefurbishmentOrder, RefurbishmentOutcome
from .pages import get_return, request_id
from .refurbishment import refurbishment_finish, refurbishment_queue, refurbishment_step


def _plate(request, code):
    try:
        plate = plate_by_code(code)
    except InvalidReturnRequest:
        raise Http404("No such license plate.") from None
    get_return(request, plate.line.request.rma_number)  # the object check, as on every tablet page
    return plate


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def queue(request):
    code = request.GET.get("lpn", "").strip().upper()
    if code:
        return redirect("inspection:refurb", code=code)
    return render(request, "inspection/refurb_queue.html", {"plates": list(refurbishment_queue()[:200])})


def _page(request, plate, status=200, **extra):
    order = RefurbishmentOrder.objects.filter(plate=plate).first()
    return render(request, "inspection/refurb.html", {
        "plate": plate, "line": plate.line, "ret": plate.line.request, "order": order,
        "outcomes": RefurbishmentOutcome.choices, **extra}, status=status)


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def work_order(request, code):
    return _page(request, _plate(request, code))


def _version(post):
    value = post.get("version", "")
    return int(value) if value.isdigit() else None


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_POST
def step(request, code):
    plate = _plate(request, code)
    try:
        refurbishment_step(code=plate.code, actor=request.user, text=request.POST.get("text", ""),
                           expected_version=_version(request.POST), request_id=request_id(request))
    except ReturnsError as exc:
        return _page(request, plate, status=exc.status, error=exc.message, text=request.POST.get("text", "")[:300])
    return redirect("inspection:refurb", code=plate.code)


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_POST
def finish(request, code):
    plate = _plate(request, code)
    try:
        order = refurbishment_finish(code=plate.code, actor=request.user, outcome=request.POST.get("outcome", ""),
                                     expected_version=_version(request.POST), request_id=request_id(request))
    except ReturnsError as exc:
        return _page(request, plate, status=exc.status, error=exc.message)
    messages.success(request, f"{plate.code}: {order.get_outcome_display()}.")
    return redirect("inspection:refurb", code=plate.code)
