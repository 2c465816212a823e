"""Guided grading on the tablet: scan, one question per screen, the grade and disposition, the plate.

Every answer is a plain form POST (the page works without script) saved at once against the
unit's version, like the checklist steps; the tablet script only adds scan feedback. After the
disposition the plate screen says where the unit goes and takes the bin scan that puts it away.
"""
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import InvalidReturnRequest, ReturnsError
from returns.models import ReturnRequest

from .forms import photo_uploads
from .grading import grading_answer, grading_back, grading_decide
from .idempotency import idempotent
from .labels_unit import label_pdf, label_zpl, print_zpl, printer_for_plate
from .line_photos import inspection_photos_add
from .lpn import plate_by_code, plate_scan_to
from .models import LicensePlate
from .pages import get_line, get_return, request_id
from .presenters_grading import guided_context, plate_context
from .workflow import inspection_open, unit_step_save


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _guided_url(ret, line, unit):
    return reverse("inspection:guided", args=[ret.rma_number, line.pk]) + f"?unit={unit}"


def _first_line_to_grade(ret):
    lines = ret.lines.filter(quantity_received__gt=0).order_by("pk")
    return lines.filter(disposition="", hold_reason="").first() or lines.first()


@role_required(perm.PERM_INSPECT)
@require_http_methods(["GET", "POST"])
def grade_scan(request):
    """Scan a return label (opens the inspection at its first item) or a license plate (shows the unit)."""
    code = request.POST.get("code", "").strip().upper() if request.method == "POST" else ""
    if not code:
        return render(request, "inspection/grade_scan.html", {})
    if LicensePlate.objects.filter(code=code).exists():
        return redirect("inspection:plate", code=code)
    ret = ReturnRequest.objects.filter(rma_number__iexact=code).first()
    if ret is None:
        return render(request, "inspection/grade_scan.html", {"code": code, "error": _(
            "“%(code)s” is neither a return label nor a license plate.") % {"code": code[:40]}}, status=404)
    ret = get_return(request, ret.rma_number)  # the object check, as on every page
    try:
        ret = inspection_open(return_id=ret.pk, actor=request.user, request_id=request_id(request))
    except ReturnsError as exc:
        messages.error(request, exc.message)
        return redirect("inspection:return", rma_number=ret.rma_number)
    line = _first_line_to_grade(ret)
    if line is None:
        return redirect("inspection:return", rma_number=ret.rma_number)
    return redirect("inspection:guided", rma_number=ret.rma_number, line_id=line.pk)


def _guided_page(request, ret, line, unit=None, status=200, **extra):
    context = guided_context(ret, line, request.user, unit=unit, **extra)
    if context["tree"] is None:  # no questions for this product: the checklist page grades it
        return redirect("inspection:line", rma_number=ret.rma_number, line_id=line.pk)
    return render(request, "inspection/guided.html", context, status=status)


@role_required(perm.PERM_INSPECT)
@require_GET
def guided(request, rma_number, line_id):
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    return _guided_page(request, ret, line, unit=_int(request.GET.get("unit")))


@role_required(perm.PERM_INSPECT)
@require_POST
@idempotent
def guided_answer(request, rma_number, line_id):
    """One answer (or "back", or the unit's serial): saved at once, then the next screen."""
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    post = request.POST
    unit = _int(post.get("unit"), 0)
    common = {"line_id": line.pk, "unit_index": unit, "actor": request.user,
              "expected_version": _int(post.get("version"), -1), "request_id": request_id(request)}
    try:
        if "back" in post:
            record, cleared = grading_back(**common)
        elif "serial" in post and "answer" not in post:
            record, cleared = unit_step_save(serial=post.get("serial", ""), **common)
        else:
            record, cleared = grading_answer(question=post.get("question", ""), answer=post.get("answer", ""),
                                              serial=post.get("serial", ""), **common)
    except ReturnsError as exc:
        return _guided_page(request, ret, line, unit=unit, status=exc.status, error=exc.message)
    if cleared:
        messages.warning(request, _("The grade changed, so the disposition was cleared: confirm it again."))
    if record.grade and "back" not in post:  # graded: on to the next unit still to do (or the result)
        return redirect("inspection:guided", rma_number=ret.rma_number, line_id=line.pk)
    return redirect(_guided_url(ret, line, unit))


@role_required(perm.PERM_INSPECT)
@require_POST
@idempotent
def guided_photo(request, rma_number, line_id):
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    unit = _int(request.POST.get("unit"), 0)
    try:
        inspection_photos_add(ret=ret, line=line, actor=request.user, uploads=photo_uploads(request),
                              request_id=request_id(request))
    except ReturnsError as exc:
        return _guided_page(request, ret, line, unit=unit, status=exc.status, photo_error=exc.message)
    return redirect(_guided_url(ret, line, unit))


@role_required(perm.PERM_INSPECT)
@require_POST
@idempotent
def guided_decide(request, rma_number, line_id):
    """Confirm the suggested disposition (one tap) or choose another with a reason; then the plate screen."""
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    post = request.POST
    try:
        line, plates = grading_decide(line_id=line.pk, actor=request.user, expected_version=_int(post.get("version")),
                                      # The big button takes the suggestion, whatever was ticked below it.
                                      disposition="" if "confirm" in post else post.get("disposition", ""),
                                      override_reason=post.get("override_reason", ""),
                                      request_id=request_id(request))
    except ReturnsError as exc:
        line.refresh_from_db()
        chosen = {key: post.get(key, "") for key in ("disposition", "override_reason")}
        return _guided_page(request, ret, line, unit=_int(post.get("unit")), status=exc.status,
                            decision_error=exc.message, chosen=chosen)
    if line.hold_reason:
        messages.warning(request, _("Saved, and waiting for support: %(reason)s") % {"reason": line.hold_reason})
    _print_new_labels(request, plates)
    return redirect("inspection:plate", code=plates[0].code)


def _print_new_labels(request, plates):
    """With a printer configured, the labels come out without a tap; a printer that is off loses nothing
    (the disposition is saved, the plate screen prints or downloads them again)."""
    for plate in [p for p in plates if p.printed_at is None]:
        printer = printer_for_plate(plate)  # the printer of the return's warehouse, else the setting
        if printer is None:
            return
        try:
            print_zpl(label_zpl(plate), printer)
        except ReturnsError as exc:
            messages.warning(request, exc.message)
            return
        LicensePlate.objects.filter(pk=plate.pk).update(printed_at=timezone.now())


def _plate_or_404(code):
    try:
        return plate_by_code(code)
    except InvalidReturnRequest:
        raise Http404(_("No such license plate.")) from None


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def plate(request, code):
    plate = _plate_or_404(code)
    get_return(request, plate.line.request.rma_number)
    return render(request, "inspection/plate.html", plate_context(plate, request.user))


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_POST
@idempotent
def plate_scan(request, code):
    """The bin scan: puts the unit away in its sort bin (a wrong bin is refused), later a move."""
    plate = _plate_or_404(code)
    get_return(request, plate.line.request.rma_number)
    scanned = request.POST.get("location", "")
    if LicensePlate.objects.filter(code=scanned.strip().upper()).exists():  # the next unit's plate
        return redirect("inspection:plate", code=scanned.strip().upper())
    try:
        record = plate_scan_to(code=plate.code, location_code=scanned, actor=request.user,
                               request_id=request_id(request))
    except ReturnsError as exc:
        return render(request, "inspection/plate.html",
                      plate_context(plate, request.user, error=exc.message, scanned=scanned[:50]), status=exc.status)
    messages.success(request, _("%(lpn)s is in %(bin)s.") % {"lpn": plate.code, "bin": record.location_code})
    return redirect("inspection:plate", code=plate.code)


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def plate_label(request, code, fmt):
    if fmt not in ("zpl", "pdf"):
        raise Http404(_("Labels come as .zpl or .pdf."))
    plate = _plate_or_404(code)
    get_return(request, plate.line.request.rma_number)
    if fmt == "pdf":
        response = HttpResponse(label_pdf(plate), content_type="application/pdf")
    else:
        response = HttpResponse(label_zpl(plate), content_type="application/zpl; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plate.code}.{fmt}"'
    return response


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_POST
def plate_print(request, code):
    plate = _plate_or_404(code)
    get_return(request, plate.line.request.rma_number)
    try:
        print_zpl(label_zpl(plate), printer_for_plate(plate))
    except ReturnsError as exc:
        return render(request, "inspection/plate.html", plate_context(plate, request.user, error=exc.message),
                      status=exc.status)
    LicensePlate.objects.filter(pk=plate.pk).update(printed_at=timezone.now())
    messages.success(request, _("Label %(lpn)s sent to the printer.") % {"lpn": plate.code})
    return redirect("inspection:plate", code=plate.code)
