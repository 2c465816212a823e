from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from returns.orders import order_lookup

from .. import drafts
from ..access import forget_all, grant_order, granted_orders, granted_returns, has_grants
from ..forms import LookupForm
from ..ratelimit import LOOKUP_PER_IP, LOOKUP_PER_ORDER, LOOKUP_PER_ORDER_FROM_IP, client_ip, minutes, order_from_ip

# One message for every wrong pair: it must not tell whether the order exists.
NOT_FOUND = gettext_noop(
    "We could not find an order with these details. Check the order number and the e-mail address or postcode.")


def _too_many(seconds, order_wide=False):
    count = minutes(seconds)
    message = ngettext("Too many attempts, try again in %(minutes)d minute.",
                       "Too many attempts, try again in %(minutes)d minutes.", count) % {"minutes": count}
    if order_wide:
        # Someone else has been guessing this order; its owner still has the link we e-mailed.
        message += " " + _("The link in the e-mail about your return still opens it.")
    return message


@never_cache
@require_http_methods(["GET", "POST"])
def home(request):
    """Find my order (number + e-mail or postcode); also lists what this browser may already see."""
    form = LookupForm(request.POST or None)
    blocked_message, wait, order_wide = "", 0, False
    if request.method == "POST":
        ip = client_ip(request)
        wait = LOOKUP_PER_IP.blocked_for(ip)
        if not wait and form.is_valid():
            number = form.cleaned_data["order_number"]
            pair = order_from_ip(number, ip)
            wait = LOOKUP_PER_ORDER_FROM_IP.blocked_for(pair)
            if not wait:
                wait = LOOKUP_PER_ORDER.blocked_for(number)
                order_wide = bool(wait)
            if not wait:
                LOOKUP_PER_IP.hit(ip)
                order = order_lookup(number=number, email=form.cleaned_data.get("email"),
                                     postcode=form.cleaned_data.get("postcode"))
                if order is not None:
                    grant_order(request, order)
                    return redirect("portal:order", number=order.number)
                LOOKUP_PER_ORDER_FROM_IP.hit(pair)
                LOOKUP_PER_ORDER.hit(number)
                form.add_error(None, _(NOT_FOUND))
        if wait:
            blocked_message = _too_many(wait, order_wide)
    show_lists = request.user.is_authenticated or has_grants(request)
    context = {
        "form": form, "blocked_message": blocked_message,
        "orders": granted_orders(request) if show_lists else [],
        "returns": granted_returns(request) if show_lists else [],
        "can_forget": has_grants(request),
    }
    status = 429 if blocked_message else (400 if request.method == "POST" else 200)
    response = render(request, "portal/home.html", context, status=status)
    if blocked_message:
        response["Retry-After"] = str(wait)
    return response


@require_POST
def forget(request):
    """Remove this browser's access to looked-up orders (a shared or borrowed device)."""
    drafts.discard(request)
    forget_all(request)
    messages.success(request, _("This device no longer has access to your orders."))
    return redirect("portal:home")
