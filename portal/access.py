"""Who may see which order and return in the portal.

A browser gets access to an order only by proving it knows the order (number + e-mail or postcode,
see views.lookup), to one return by opening a signed status link, or by being logged in as the
customer who owns it. Everything else answers "not found", whether it exists or not, so guessing
order numbers, RMA numbers or ids reveals nothing.
"""
from django.db.models import Q

from returns.models import ReturnRequest, SalesOrder
from returns.orders import normalize_order_number

SESSION_ORDERS = "portal_order_ids"
SESSION_RETURNS = "portal_return_ids"
# Grants kept per session; old ones drop off so a shared kiosk session cannot grow without bound.
MAX_GRANTS = 20


def _grant(request, key, pk):
    if request.session.session_key:
        # A new key once access is gained, so a session id planted before the lookup is worthless.
        request.session.cycle_key()
    ids = [i for i in request.session.get(key, []) if i != pk]
    request.session[key] = (ids + [pk])[-MAX_GRANTS:]


def grant_order(request, order):
    _grant(request, SESSION_ORDERS, order.pk)


def grant_return(request, ret):
    _grant(request, SESSION_RETURNS, ret.pk)


def forget_all(request):
    request.session.pop(SESSION_ORDERS, None)
    request.session.pop(SESSION_RETURNS, None)


def has_grants(request) -> bool:
    return bool(request.session.get(SESSION_ORDERS) or request.session.get(SESSION_RETURNS))


def is_owner(request, order) -> bool:
    user = request.user
    return bool(user.is_authenticated and order.customer.user_id == user.pk)


def order_accessible(request, order) -> bool:
    return order.pk in request.session.get(SESSION_ORDERS, []) or is_owner(request, order)


def return_accessible(request, ret) -> bool:
    return ret.pk in request.session.get(SESSION_RETURNS, []) or order_accessible(request, ret.order)


def accessible_order(request, number) -> SalesOrder | None:
    order = (SalesOrder.objects.select_related("customer")
             .filter(number__iexact=normalize_order_number(number)).first())
    return order if order is not None and order_accessible(request, order) else None


def accessible_return(request, rma_number) -> ReturnRequest | None:
    ret = (ReturnRequest.objects.select_related("customer", "customer__user", "order", "order__customer")
           .filter(rma_number__iexact=(rma_number or "").strip()).first())
    return ret if ret is not None and return_accessible(request, ret) else None


def granted_orders(request):
    """Orders this browser looked up, plus the logged-in customer's own, newest first."""
    ids = request.session.get(SESSION_ORDERS, [])
    orders = SalesOrder.objects.select_related("customer").prefetch_related("returns")
    user = request.user
    if user.is_authenticated:
        return orders.filter(Q(pk__in=ids) | Q(customer__user=user)).order_by("-ordered_at")[:50]
    return orders.filter(pk__in=ids).order_by("-ordered_at")


def granted_returns(request):
    query = Q(pk__in=request.session.get(SESSION_RETURNS, [])) | Q(order_id__in=request.session.get(SESSION_ORDERS, []))
    if request.user.is_authenticated:
        query |= Q(customer__user=request.user)
    return ReturnRequest.objects.filter(query).select_related("order").order_by("-created_at")[:50]
