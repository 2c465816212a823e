"""Receiving screens: scan or search a return, count what arrived, park parcels without a return number.

Counts are kept in a receiving session on the server (inspection.receiving_session): the page
saves each change at once with fetch(), and without JavaScript every form submit saves them.
"""
import secrets

from django.contrib import messages
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.formats import time_format
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import ReturnsError
from returns.models import Product, ReturnRequest

from .forms import ParcelForm, photo_uploads
from .idempotency import idempotent
from .models import DiscrepancyKind, UnidentifiedParcel
from .pages import error_json, get_return, request_id
from .receiving import RECEIVABLE_STATES, find_product, line_for_code, parcels_with_tracking, unidentified_parcel_record
from .receiving_session import (DEVICE_PATTERN, ParcelHeld, ShortReceiptUnconfirmed, holds, session_abandon,
                                session_confirm, session_describe, session_open_for, session_save, session_take_over)
from .totes import looks_like_tote, tote_pattern

RMA_PREFIX = "RMA-"
SEARCH_LIMIT = 20
# The tablet script keeps its device id in localStorage and mirrors it into this cookie, so that
# page loads know the device too; without JavaScript the browser session stands in for it.
DEVICE_COOKIE = "rf_device"


def device_of(request) -> str:
    for candidate in (request.POST.get("device"), request.COOKIES.get(DEVICE_COOKIE)):
        if candidate and DEVICE_PATTERN.match(candidate):
            return candidate
    return request.session.setdefault("receiving_device", "web-" + secrets.token_hex(8))


@role_required(perm.PERM_RECEIVE)
def scan(request):
    """The first receiving screen: a focused scan field that also searches."""
    query = request.GET.get("q", "").strip()
    results = None
    if query:
        exact = ReturnRequest.objects.filter(rma_number__iexact=query).first()
        if exact is not None:
            if exact.state in RECEIVABLE_STATES:
                return redirect("inspection:receive", rma_number=exact.rma_number)
            return redirect("inspection:return", rma_number=exact.rma_number)
        results = list(
            ReturnRequest.objects.filter(
                Q(rma_number__icontains=query) | Q(order__number__iexact=query) | Q(customer__name__icontains=query)
                | Q(customer__email__iexact=query) | Q(tracking_number__iexact=query))
            .select_related("customer", "order").order_by("-created_at")[:SEARCH_LIMIT])
    return render(request, "inspection/scan.html", {
        "query": query, "results": results, "receivable": RECEIVABLE_STATES})


def _counts_from_post(post, ret):
    """The receipt as typed so far: line counts, unexpected items, tote, note."""
    counts = {}
    for line in ret.lines.all():
        raw = post.get(f"qty-{line.pk}", "").strip()
        counts[line.pk] = int(raw) if raw.isdigit() else 0
    unexpected = []
    for raw_id in dict.fromkeys(post.getlist("unexpected")):
        product = Product.objects.filter(pk=raw_id).first() if raw_id.isdigit() else None
        if product is not None:
            qty = post.get(f"uqty-{product.pk}", "1").strip()
            unexpected.append({"product": product, "quantity": int(qty) if qty.isdigit() else 0,
                               "note": post.get(f"unote-{product.pk}", "").strip()[:300]})
    return counts, unexpected


def _apply_scan(ret, code, counts, unexpected, state):
    """A code scanned into the receipt: a product counts one unit, a tote label sets the location."""
    code = code.strip()
    if not code:
        return None, None
    if code.upper().startswith(RMA_PREFIX):
        if code.upper() == ret.rma_number:
            return None, None
        return None, _("%(code)s is another return's label. Receive one parcel at a time.") % {"code": code}
    line = line_for_code(ret, code)
    if line is not None:
        counts[line.pk] = counts.get(line.pk, 0) + 1
        return _("%(name)s: %(n)s counted.") % {"name": line.product.name, "n": counts[line.pk]}, None
    product = find_product(code)
    if product is None and looks_like_tote(code):
        state["location"] = code.upper()
        return _("Units go into %(code)s.") % {"code": code.upper()}, None
    if product is None:
        return None, _("No product has the barcode or SKU “%(code)s”. Check the code or type the SKU.") % {"code": code}
    for item in unexpected:
        if item["product"].pk == product.pk:
            item["quantity"] += 1
            break
    else:
        unexpected.append({"product": product, "quantity": 1, "note": ""})
    return _("%(name)s is not on this return: added as an unexpected item.") % {"name": product.name}, None


def _receive_context(ret, counts, unexpected, location, note, error=None, notice=None, *, user=None, device="",
                     short_prompt=""):
    rows = []
    for line in ret.lines.select_related("product", "reason"):
        got = counts.get(line.pk, 0)
        rows.append({"line": line, "count": got, "short": max(0, line.quantity_requested - got),
                     "extra": max(0, got - line.quantity_requested)})
    session = session_open_for(ret)
    held = session is not None and user is not None and not holds(session, user, device)
    return {"ret": ret, "rows": rows, "unexpected": unexpected, "location": location, "note": note,
            "error": error, "notice": notice, "receivable": ret.state in RECEIVABLE_STATES,
            "session": session, "held": held, "held_text": session_describe(session) if held else "",
            "device": device, "short_prompt": short_prompt, "tote_pattern": tote_pattern()}


def _session_state(ret):
    """What the open session counted so far, in the shape the page shows (empty when none)."""
    session = session_open_for(ret)
    if session is None:
        return {}, [], "", ""
    products = Product.objects.in_bulk([int(pk) for pk in session.unexpected])
    unexpected = [{"product": products[int(pk)], "quantity": item["quantity"], "note": item["note"]}
                  for pk, item in session.unexpected.items() if int(pk) in products]
    return ({int(k): v for k, v in session.counts.items()}, unexpected, session.location_code, session.note)


def _render_session(request, ret, device, *, status=200, **extra):
    counts, unexpected, location, note = _session_state(ret)
    return render(request, "inspection/receive.html",
                  _receive_context(ret, counts, unexpected, location, note, user=request.user, device=device, **extra),
                  status=status)


@role_required(perm.PERM_RECEIVE)
@require_http_methods(["GET", "POST"])
def receive(request, rma_number):
    """Count what arrived for one return; scanning a product counts it, "Confirm receipt" books it.

    Every submit saves the counts into the parcel's receiving session first, so nothing typed is
    lost; a short receipt is booked only after a second submit with confirm_short=1.
    """
    ret = get_return(request, rma_number)
    device = device_of(request)
    if request.method == "GET":
        return _render_session(request, ret, device)
    post = request.POST
    action = post.get("action")
    try:
        if action == "take_over":
            session_take_over(return_id=ret.pk, actor=request.user, device_id=device, request_id=request_id(request))
            messages.success(request, _("You took over this parcel; its counts so far are kept."))
            return redirect("inspection:receive", rma_number=ret.rma_number)
        if action == "discard":
            session_abandon(return_id=ret.pk, actor=request.user, device_id=device, request_id=request_id(request))
            messages.success(request, _("The counts were discarded; count the parcel again."))
            return redirect("inspection:receive", rma_number=ret.rma_number)
    except ReturnsError as exc:
        return _render_session(request, ret, device, error=exc.message, status=exc.status)
    counts, unexpected = _counts_from_post(post, ret)
    state = {"location": post.get("location", "").strip().upper()}
    note = post.get("note", "").strip()[:2000]
    confirm_short = post.get("confirm_short") == "1"
    confirming = action == "receive" or confirm_short
    notice = error = None
    if not confirming:
        notice, error = _apply_scan(ret, post.get("code", ""), counts, unexpected, state)

    def again(message=None, status=200, **extra):
        return render(request, "inspection/receive.html", _receive_context(
            ret, counts, unexpected, state["location"], note, message or error, notice, user=request.user,
            device=device, **extra), status=status)

    try:
        session_save(return_id=ret.pk, actor=request.user, device_id=device, counts=counts,
                     location_code=state["location"],
                     unexpected={item["product"].pk: (item["quantity"], item["note"]) for item in unexpected},
                     note=note, code=post.get("code", ""), whole_form=True)
        if not confirming:
            return again(status=400 if error else 200)
        ret, found = session_confirm(return_id=ret.pk, actor=request.user, device_id=device,
                                     confirm_short=confirm_short, request_id=request_id(request))
    except ShortReceiptUnconfirmed as exc:
        return again(short_prompt=exc.message, status=exc.status)
    except ParcelHeld as exc:
        return _render_session(request, ret, device, error=exc.message, status=exc.status)
    except ReturnsError as exc:
        return again(exc.message, status=exc.status)
    units = sum(line.quantity_received for line in ret.lines.all())
    messages.success(request, ngettext("Received %(n)s unit into %(loc)s.", "Received %(n)s units into %(loc)s.",
                                       units) % {"n": units, "loc": state["location"]})
    if found:
        messages.warning(request, ngettext("%(n)s discrepancy was raised for support.",
                                           "%(n)s discrepancies were raised for support.", len(found))
                         % {"n": len(found)})
    return redirect("inspection:return", rma_number=ret.rma_number)


@role_required(perm.PERM_RECEIVE)
@require_POST
@idempotent
def receive_save(request, rma_number):
    """The tablet script's save of one change (a line's count, an unexpected product's count and note, the
    tote, the note); answers JSON."""
    ret = get_return(request, rma_number)
    post = request.POST
    try:
        counts = {int(post["line"]): post.get("quantity", "")} if post.get("line") else None
        unexpected = ({int(post["product"]): (post.get("quantity", ""), post.get("item_note", ""))}
                      if post.get("product") else None)
    except ValueError:
        return error_json(ReturnsError(_("The form was incomplete; reload the page.")))
    try:
        session = session_save(
            return_id=ret.pk, actor=request.user, device_id=device_of(request), counts=counts, unexpected=unexpected,
            location_code=post["location"] if "location" in post else None, validate_location="location" in post,
            note=post["note"] if "note" in post else None, code=post.get("code", ""))
    except ReturnsError as exc:
        return error_json(exc)
    return JsonResponse({"ok": True, "version": session.version, "counts": session.counts,
                         "location": session.location_code,
                         "saved_at": time_format(timezone.localtime(session.updated_at), "H:i:s")})


@role_required(perm.PERM_RECEIVE)
@require_http_methods(["GET", "POST"])
def unidentified(request):
    """A parcel with no usable return number: photos, carrier, tracking, note; parked for support."""
    form = ParcelForm(request.POST or None)
    matches, photo_error = [], None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = list(parcels_with_tracking(data["tracking_number"]))
        if not (matches and not data["not_these"]):
            try:
                parcel = unidentified_parcel_record(
                    actor=request.user, carrier=data["carrier"], tracking_number=data["tracking_number"],
                    note=data["note"], location_code=data["location_code"], photos=photo_uploads(request))
            except ReturnsError as exc:
                photo_error = exc.message
            else:
                messages.success(request, _("Parcel parked for support."))
                return redirect("inspection:parcel", pk=parcel.pk)
    status = 400 if form.errors or photo_error else 200
    return render(request, "inspection/unidentified.html",
                  {"form": form, "matches": matches, "photo_error": photo_error}, status=status)


@role_required(perm.PERM_RECEIVE)
def parcel(request, pk):
    parcel = get_object_or_404(UnidentifiedParcel.objects.select_related("created_by", "matched_return"), pk=pk)
    return render(request, "inspection/parcel.html", {
        "parcel": parcel, "photos": parcel.photos.all(),
        "discrepancy": parcel.discrepancies.filter(kind=DiscrepancyKind.NO_RMA).first()})
