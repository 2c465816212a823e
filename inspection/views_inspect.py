"""Inspection screens: the queue, one return, one line, and the small POSTs that save each step."""
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import ReturnsError

from .claims import claim_take_over
from .custody import custody_move
from .idempotency import idempotent
from .models import UnitInspection
from .pages import error_json, get_line, get_return, request_id, wants_json
from .presenters import line_context, return_context
from .queue import inspection_queue
from .totes import clean_tote
from .services import customer_evidence_photos, customer_photos_count_as_evidence, evidence_photo_count, needs_photo
from .workflow import inspection_complete, inspection_open, line_decide, line_grade, unit_step_save


@role_required(perm.PERM_INSPECT)
@require_GET
def queue(request):
    return render(request, "inspection/queue.html", {"rows": inspection_queue(request.user)})


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def return_detail(request, rma_number):
    ret = get_return(request, rma_number)
    return render(request, "inspection/return.html", return_context(ret, request.user))


def _back_with_error(request, ret, exc):
    messages.error(request, exc.message)
    return redirect("inspection:return", rma_number=ret.rma_number)


@role_required(perm.PERM_INSPECT)
@require_POST
def open_inspection(request, rma_number):
    """Claim the return and, the first time, start the inspection."""
    ret = get_return(request, rma_number)
    try:
        inspection_open(return_id=ret.pk, actor=request.user, request_id=request_id(request))
    except ReturnsError as exc:
        return _back_with_error(request, ret, exc)
    return redirect("inspection:return", rma_number=ret.rma_number)


@role_required(perm.PERM_INSPECT)
@require_POST
def take_over(request, rma_number):
    ret = get_return(request, rma_number)
    try:
        claim_take_over(return_id=ret.pk, actor=request.user, request_id=request_id(request))
    except ReturnsError as exc:
        return _back_with_error(request, ret, exc)
    messages.success(request, _("You took over this inspection."))
    return redirect("inspection:return", rma_number=ret.rma_number)


@role_required(perm.PERM_INSPECT)
@require_POST
def complete(request, rma_number):
    ret = get_return(request, rma_number)
    try:
        inspection_complete(return_id=ret.pk, actor=request.user, request_id=request_id(request))
    except ReturnsError as exc:
        return _back_with_error(request, ret, exc)
    messages.success(request, _("Inspection of %(rma)s is complete.") % {"rma": ret.rma_number})
    return redirect("inspection:return", rma_number=ret.rma_number)


def evidence_context(line) -> dict:
    """What the page says before saving: whether the grade needs a photo, and which photos count."""
    photos = evidence_photo_count(line)
    return {"evidence_photos": photos, "needs_photo": needs_photo(line_grade(line)) and photos == 0,
            "customer_photos_count": customer_photos_count_as_evidence(),
            "customer_evidence_ids": set(customer_evidence_photos(line).values_list("pk", flat=True)),
            # Units beyond what the customer returned are never accepted here (see services.check_accepted).
            "accept_default": min(line.quantity_received, line.quantity_requested)}


@role_required(perm.PERM_INSPECT)
@require_GET
def line_detail(request, rma_number, line_id):
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    return render(request, "inspection/line.html", line_context(ret, line, request.user, **evidence_context(line)))


def _line_error(request, ret, line, exc, **extra):
    if wants_json(request):
        return error_json(exc)
    return render(request, "inspection/line.html",
                  line_context(ret, line, request.user, error=exc.message, **evidence_context(line), **extra),
                  status=exc.status)


def _checklist_from(post):
    if not post.get("has_checklist"):
        return None
    return {key.removeprefix("check-"): value for key, value in post.items() if key.startswith("check-")}


@role_required(perm.PERM_INSPECT)
@require_POST
@idempotent
def unit_save(request, rma_number, line_id, unit):
    """Save one unit's answers; the tablet script calls this after every answer."""
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    post = request.POST
    hold_before = line.hold_reason
    try:
        record, cleared = unit_step_save(
            line_id=line.pk, unit_index=unit, actor=request.user, expected_version=post.get("version"),
            checklist=_checklist_from(post), grade=post.get("grade"), note=post.get("note"),
            serial=post.get("serial"), request_id=request_id(request))
    except ReturnsError as exc:
        return _line_error(request, ret, line, exc, error_unit=unit)
    except ValueError:
        return _line_error(request, ret, line, ReturnsError(_("The form was incomplete; reload the page.")))
    line.refresh_from_db()
    if wants_json(request):
        versions = dict(UnitInspection.objects.filter(line=line).values_list("pk", "version"))
        return JsonResponse({"ok": True, "versions": {str(k): v for k, v in versions.items()},
                             "saved_at": time_format(timezone.localtime(record.updated_at), "H:i:s"),
                             "reload": cleared or line.hold_reason != hold_before,
                             "hold_reason": line.hold_reason})
    if cleared:
        messages.warning(request, _("The checks changed, so the disposition was cleared: choose it again."))
    return redirect(reverse("inspection:line", args=[ret.rma_number, line.pk]) + f"#unit-{unit}")


@role_required(perm.PERM_INSPECT)
@require_POST
@idempotent
def decide(request, rma_number, line_id):
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    post = request.POST
    try:
        line = line_decide(line_id=line.pk, actor=request.user, disposition=post.get("disposition", ""),
                           quantity_accepted=post.get("quantity_accepted", ""), note=post.get("note", ""),
                           override_reason=post.get("override_reason", ""), expected_version=post.get("version"),
                           request_id=request_id(request))
    except ReturnsError as exc:
        # Keep what the inspector chose: a refused save (e.g. a photo missing) must not clear the form.
        chosen = {key: post.get(key, "") for key in ("disposition", "quantity_accepted", "note", "override_reason")}
        return _line_error(request, ret, line, exc, decision_error=True, chosen=chosen)
    except ValueError:
        return _line_error(request, ret, line, ReturnsError(_("The form was incomplete; reload the page.")))
    if line.hold_reason:
        messages.warning(request, _("Saved, and waiting for support: %(reason)s") % {"reason": line.hold_reason})
    else:
        messages.success(request, _("%(name)s: %(disposition)s.") % {
            "name": line.product.name, "disposition": line.get_disposition_display()})
    return redirect("inspection:return", rma_number=ret.rma_number)


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_POST
@idempotent
def move(request, rma_number, line_id):
    """Scan the units of a line into another tote or bin."""
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    try:
        # Only a tote or bin label, never a product's code (the receipt follows the same rule).
        location = clean_tote(request.POST.get("location", ""))
        custody_move(return_id=ret.pk, line_id=line.pk, location_code=location, actor=request.user,
                     request_id=request_id(request))
    except ReturnsError as exc:
        return _line_error(request, ret, line, exc, custody_error=True)
    messages.success(request, _("Moved to %(loc)s.") % {"loc": request.POST.get("location", "").strip().upper()})
    return redirect("inspection:line", rma_number=ret.rma_number, line_id=line.pk)
