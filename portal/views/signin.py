"""Signing in by e-mailed link, signing out, and the signed-in customer's "My returns" page."""
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from returns.models import ReturnRequest, SalesOrder

from ..forms import SignInForm
from ..languages import current_language, remember_for_customer
from ..ratelimit import SIGN_IN_PER_EMAIL, SIGN_IN_PER_IP, client_ip, minutes
from ..signin import SIGN_IN_LINK_MINUTES, SignInLinkInvalid, check_sign_in_token, customer_for_email, use_sign_in_token


def signed_in_customer(request):
    """The customer behind this browser's login; None for anonymous visitors and staff."""
    user = request.user
    if not user.is_authenticated:
        return None
    return getattr(user, "customer", None)


def _queue_link(customer):
    from ..tasks import send_sign_in_email

    remember_for_customer(customer)
    send_sign_in_email.delay(customer.pk, current_language())


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    """Ask for a sign-in link. The answer never tells whether the address belongs to a customer."""
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        ip = client_ip(request)
        wait = SIGN_IN_PER_IP.blocked_for(ip)
        if not wait and form.is_valid():
            email = form.cleaned_data["email"].lower()
            wait = SIGN_IN_PER_EMAIL.blocked_for(email)
            if not wait:
                SIGN_IN_PER_IP.hit(ip)
                SIGN_IN_PER_EMAIL.hit(email)
                customer = customer_for_email(email)
                if customer is not None:
                    _queue_link(customer)
                return render(request, "portal/sign_in_sent.html", {"minutes": SIGN_IN_LINK_MINUTES})
        if wait:
            count = minutes(wait)
            form.add_error(None, ngettext("Too many attempts, try again in %(minutes)d minute.",
                                          "Too many attempts, try again in %(minutes)d minutes.", count)
                           % {"minutes": count})
            status = 429
    return render(request, "portal/sign_in.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request, token):
    """GET shows a button (link scanners in mail systems must not use up the link); POST signs in."""
    try:
        if request.method == "POST":
            use_sign_in_token(request, token)
            messages.success(request, _("You are signed in."))
            return redirect("portal:mine")
        check_sign_in_token(token)
    except SignInLinkInvalid:
        return render(request, "portal/sign_in_invalid.html", {"form": SignInForm()}, status=410)
    return render(request, "portal/sign_in_confirm.html", {"token": token})


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("portal:home")


@never_cache
def mine(request):
    """Every order and return of the signed-in customer, newest first."""
    customer = signed_in_customer(request)
    if customer is None:
        return redirect("portal:sign_in")
    orders = (SalesOrder.objects.filter(customer=customer).prefetch_related("lines__product", "returns")
              .order_by("-ordered_at")[:100])
    returns = (ReturnRequest.objects.filter(customer=customer).select_related("order")
               .order_by("-created_at")[:100])
    return render(request, "portal/mine.html", {"customer": customer, "orders": orders, "returns": returns})
