"""Liquidation lots on the tablet: open a lot, scan units in (and out), close it; support and finance
record the sale; everyone with a staff role downloads the manifest. Plain forms, no script needed."""
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import ReturnsError

from .liquidation import (can_record_sale, is_floor_staff, lot_add_unit, lot_close, lot_create, lot_record_sale,
                          lot_remove_unit, units_waiting)
from .liquidation_manifest import manifest_csv, manifest_pdf, manifest_rows
from .models import LiquidationLot, LiquidationLotState
from .pages import request_id

STAFF = (perm.PERM_INSPECT, perm.PERM_RECEIVE, perm.PERM_REVIEW, perm.PERM_RELEASE_REFUND, perm.PERM_APPROVE_REFUND)
FLOOR = (perm.PERM_INSPECT, perm.PERM_RECEIVE)
AGENTS = perm.AGENT_PERMS
LIST_LIMIT = 50


@role_required(*STAFF)
@require_GET
def lots(request):
    by_state = {state: list(LiquidationLot.objects.filter(state=state).order_by("-created_at")[:LIST_LIMIT])
                for state in LiquidationLotState.values}
    return render(request, "inspection/liquidation_lots.html", {
        "open": by_state["open"], "closed": by_state["closed"], "sold": by_state["sold"],
        "waiting": list(units_waiting()[:100]), "floor": is_floor_staff(request.user)})


@role_required(*FLOOR)
@require_POST
def lot_new(request):
    lot = lot_create(actor=request.user)
    messages.success(request, _("%(lot)s is open: scan its units.") % {"lot": lot.reference})
    return redirect("inspection:liquidation_lot", reference=lot.reference)


def _lot(reference) -> LiquidationLot:
    return get_object_or_404(LiquidationLot.objects.select_related("created_by", "closed_by", "sold_by"),
                             reference=reference)


def _page(request, lot, status=200, **extra):
    return render(request, "inspection/liquidation_lot.html", {
        "lot": lot, "rows": manifest_rows(lot), "floor": is_floor_staff(request.user),
        "agent": can_record_sale(request.user), **extra}, status=status)


@role_required(*STAFF)
@require_GET
def lot(request, reference):
    return _page(request, _lot(reference))


def _version(post):
    value = post.get("version", "")
    return int(value) if value.isdigit() else None


def _act(request, reference, action, success, **form):
    """Run one service call for the lot; a refusal shows the page again with the reason and what was typed."""
    lot = _lot(reference)
    try:
        result = action(lot)
    except ReturnsError as exc:
        lot.refresh_from_db()
        return _page(request, lot, status=exc.status, error=exc.message, **form)
    messages.success(request, success(result))
    return redirect("inspection:liquidation_lot", reference=lot.reference)


@role_required(*FLOOR)
@require_POST
def lot_scan(request, reference):
    code = request.POST.get("lpn", "").strip().upper()[:30]
    return _act(request, reference,
                lambda lot: lot_add_unit(lot_id=lot.pk, code=code, actor=request.user, request_id=request_id(request)),
                lambda unit: _("%(lpn)s added to %(lot)s.") % {"lpn": unit.plate.code, "lot": unit.lot.reference})


@role_required(*FLOOR)
@require_POST
def lot_remove(request, reference):
    code = request.POST.get("lpn", "").strip().upper()[:30]
    return _act(request, reference,
                lambda lot: lot_remove_unit(lot_id=lot.pk, code=code, actor=request.user,
                                            request_id=request_id(request)),
                lambda lot: _("%(lpn)s taken out of %(lot)s.") % {"lpn": code, "lot": lot.reference})


@role_required(*FLOOR)
@require_POST
def lot_close_view(request, reference):
    return _act(request, reference,
                lambda lot: lot_close(lot_id=lot.pk, actor=request.user, expected_version=_version(request.POST),
                                      request_id=request_id(request)),
                lambda lot: _("%(lot)s is closed and waits for its sale.") % {"lot": lot.reference})


@role_required(*AGENTS)
@require_POST
def lot_sale(request, reference):
    post = request.POST
    typed = {"typed_buyer": post.get("buyer", "")[:200], "typed_value": post.get("recovery_value", "")[:20]}
    return _act(request, reference,
                lambda lot: lot_record_sale(lot_id=lot.pk, actor=request.user, buyer=post.get("buyer", ""),
                                            recovery_value=post.get("recovery_value", ""),
                                            currency=post.get("currency", ""), expected_version=_version(post),
                                            request_id=request_id(request)),
                lambda lot: _("%(lot)s sold to %(buyer)s for %(value)s %(currency)s.") % {
                    "lot": lot.reference, "buyer": lot.buyer, "value": lot.recovery_value, "currency": lot.currency},
                **typed)


@role_required(*STAFF)
@require_GET
def manifest(request, reference, fmt):
    lot = _lot(reference)
    if fmt == "csv":
        response = HttpResponse(manifest_csv(lot), content_type="text/csv; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(manifest_pdf(lot), content_type="application/pdf")
    else:
        raise Http404("The manifest comes as CSV or PDF.")
    response["Content-Disposition"] = f'attachment; filename="manifest-{lot.reference}.{fmt}"'
    return response
