"""Receiving screens: scan or search a return, count what arrived, park parcels without a return number."""
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import ReturnsError
from returns.models import Product, ReturnRequest

from .forms import ParcelForm, photo_uploads
from .models import DiscrepancyKind, UnidentifiedParcel
from .pages import get_return, request_id
from .receiving import (RECEIVABLE_STATES, UnexpectedItem, find_product, line_for_code, parcels_with_tracking,
                        receive_parcel, unidentified_parcel_record)

RMA_PREFIX = "RMA-"
# Labels on totes and bins start with one of these; scanning one sets where the units go.
LOCATION_PREFIXES = ("TOTE-", "BIN-", "CART-", "SHELF-")
SEARCH_LIMIT = 20


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
    if code.upper().startswith(LOCATION_PREFIXES):
        state["location"] = code.upper()
        return _("Units go into %(code)s.") % {"code": code.upper()}, None
    if code.upper().startswith(RMA_PREFIX):
        if code.upper() == ret.rma_number:
            return None, None
        return None, _("%(code)s is another return's label. Receive one parcel at a time.") % {"code": code}
    line = line_for_code(ret, code)
    if line is not None:
        counts[line.pk] = counts.get(line.pk, 0) + 1
        return _("%(name)s: %(n)s counted.") % {"name": line.product.name, "n": counts[line.pk]}, None
    product = find_product(code)
    if product is None:
        return None, _("No product has the barcode or SKU “%(code)s”. Check the code or type the SKU.") % {"code": code}
    for item in unexpected:
        if item["product"].pk == product.pk:
            item["quantity"] += 1
            break
    else:
        unexpected.append({"product": product, "quantity": 1, "note": ""})
    return _("%(name)s is not on this return: added as an unexpected item.") % {"name": product.name}, None


def _receive_context(ret, counts, unexpected, location, note, error=None, notice=None):
    rows = []
    for line in ret.lines.select_related("product", "reason"):
        got = counts.get(line.pk, 0)
        rows.append({"line": line, "count": got, "short": max(0, line.quantity_requested - got),
                     "extra": max(0, got - line.quantity_requested)})
    return {"ret": ret, "rows": rows, "unexpected": unexpected, "location": location, "note": note,
            "error": error, "notice": notice, "receivable": ret.state in RECEIVABLE_STATES}


@role_required(perm.PERM_RECEIVE)
@require_http_methods(["GET", "POST"])
def receive(request, rma_number):
    """Count what arrived for one return; scanning a product counts it, "Confirm receipt" books it."""
    ret = get_return(request, rma_number)
    if request.method == "GET":
        return render(request, "inspection/receive.html", _receive_context(ret, {}, [], "", ""))
    counts, unexpected = _counts_from_post(request.POST, ret)
    state = {"location": request.POST.get("location", "").strip().upper()}
    note = request.POST.get("note", "").strip()[:2000]
    if request.POST.get("action") != "receive":
        notice, error = _apply_scan(ret, request.POST.get("code", ""), counts, unexpected, state)
        return render(request, "inspection/receive.html",
                      _receive_context(ret, counts, unexpected, state["location"], note, error, notice),
                      status=400 if error else 200)
    try:
        ret, found = receive_parcel(
            return_id=ret.pk, actor=request.user, quantities=counts, location_code=state["location"], note=note,
            request_id=request_id(request),
            unexpected=[UnexpectedItem(item["product"].pk, item["quantity"], item["note"]) for item in unexpected])
    except ReturnsError as exc:
        return render(request, "inspection/receive.html",
                      _receive_context(ret, counts, unexpected, state["location"], note, exc.message),
                      status=exc.status)
    units = sum(line.quantity_received for line in ret.lines.all())
    messages.success(request, ngettext("Received %(n)s unit into %(loc)s.", "Received %(n)s units into %(loc)s.",
                                       units) % {"n": units, "loc": state["location"]})
    if found:
        messages.warning(request, ngettext("%(n)s discrepancy was raised for support.",
                                           "%(n)s discrepancies were raised for support.", len(found))
                         % {"n": len(found)})
    return redirect("inspection:return", rma_number=ret.rma_number)


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
