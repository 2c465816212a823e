from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exchanges.models import ExchangeRequest
from returns.choices import ReturnStatus as S
from returns.errors import ReturnsError
from returns.services.lifecycle import return_cancel, return_mark_shipped
from returns.services.transitions import allowed_actions

from ..access import accessible_return, order_accessible
from ..carriers import CARRIER_NAMES, tracking_url
from ..disputes import dispute_section
from ..forms import ShipForm, error_entries
from ..recorded import recorded_lines, shortfall_sentences
from ..refund_display import customer_refund
from ..store_credit import store_credit_balance
from ..timeline import customer_timeline, next_step
from .common import masked_email, not_found

LABEL_STATES = {S.AUTHORIZED, S.IN_TRANSIT}
# The customer may cancel until the parcel has arrived; the lifecycle allows the same states.
CANCELLABLE_STATES = {S.REQUESTED, S.PENDING_APPROVAL, S.AUTHORIZED, S.IN_TRANSIT}


def tracking_display(ret):
    """The tracking number, as a link to the carrier's tracking page when the portal knows the carrier.
    Safe HTML for the link; a plain string (escaped by the template) otherwise."""
    url = tracking_url(ret.carrier, ret.tracking_number)
    if url is None:
        return ret.tracking_number
    return format_html('<a href="{}" rel="noopener noreferrer" data-testid="tracking-link">{}</a>',
                       url, ret.tracking_number)


def customer_actions(ret) -> dict:
    """Buttons the customer may see: what the lifecycle allows the owning customer right now."""
    actions = allowed_actions(ret, ret.customer.user)
    return {"cancel": "cancel" in actions and ret.state in CANCELLABLE_STATES,
            "ship": "mark_shipped" in actions,
            "label": ret.state in LABEL_STATES}


def _context(ret, dispute_form=None, **extra):
    refund = customer_refund(ret)
    recorded = recorded_lines(ret)
    return {"ret": ret, "order": ret.order, "lines": ret.lines.select_related("product", "reason"),
            "recorded": recorded, "shortfalls": shortfall_sentences(recorded), **dispute_section(ret, dispute_form),
            "refund": refund, "timeline": customer_timeline(ret, refund), "next_step": next_step(ret),
            "actions": customer_actions(ret),
            "carriers": CARRIER_NAMES, "tracking": tracking_display(ret), "email": masked_email(ret.customer.email),
            "expiry_days": settings.RETURNFLOW["AUTHORIZATION_EXPIRY_DAYS"],
            "photo_count": ret.photos.count(),
            "store_credit": store_credit_balance(ret.customer) if ret.refund_method == "store_credit" else [],
            "exchanges": ExchangeRequest.objects.filter(return_line__request=ret).select_related(
                "replacement__portal_card", "return_line__product"),
            **extra}


@never_cache
@require_GET
def confirmation(request, rma):
    """Step 4: the RMA number, what to pack, the label and where to drop the parcel off."""
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    return render(request, "portal/confirmation.html", _context(ret))


@never_cache
@require_GET
def status(request, rma):
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    # After a cancel the customer may want to start over: the same order when this browser may open it,
    # else the lookup (a signed status link grants this one return, not its order).
    restart_order = ret.state == S.CANCELLED and order_accessible(request, ret.order)
    return render(request, "portal/status.html", _context(ret, ship_form=ShipForm(), error_summary=[],
                                                         restart_order=restart_order))


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, rma):
    """GET asks for confirmation (no JavaScript dialog needed); POST cancels."""
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    if not customer_actions(ret)["cancel"]:
        messages.error(request, _("This return can no longer be cancelled."))
        return redirect("portal:status", rma=ret.rma_number)
    if request.method == "POST":
        try:
            return_cancel(return_id=ret.pk, actor=ret.customer.user, reason="customer_cancelled",
                          note="Cancelled by the customer in the portal", request_id=getattr(request, "request_id", ""))
        except ReturnsError:
            messages.error(request, _("This return can no longer be cancelled."))
        else:
            messages.success(request, _("Your return is cancelled."))
        return redirect("portal:status", rma=ret.rma_number)
    return render(request, "portal/cancel.html", _context(ret))


@never_cache
@require_POST
def mark_shipped(request, rma):
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    if not customer_actions(ret)["ship"]:
        messages.error(request, _("This return cannot be marked as sent any more."))
        return redirect("portal:status", rma=ret.rma_number)
    form = ShipForm(request.POST)
    if form.is_valid():
        try:
            return_mark_shipped(return_id=ret.pk, actor=ret.customer.user, carrier=form.cleaned_data["carrier"],
                                tracking_number=form.cleaned_data["tracking_number"],
                                request_id=getattr(request, "request_id", ""))
        except ReturnsError:
            messages.error(request, _("This return cannot be marked as sent any more."))
        else:
            messages.success(request, _("Thank you. We will let you know when the parcel arrives."))
        return redirect("portal:status", rma=ret.rma_number)
    return render(request, "portal/status.html", _context(ret, ship_form=form, error_summary=error_entries(form)),
                  status=400)
