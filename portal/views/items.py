from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import drafts
from ..access import accessible_order
from ..availability import deadline_text, order_availability
from ..forms import MAX_PHOTOS, TOKEN_RE
from ..items_form import ItemsForm
from ..product_cards import card_view, cards_by_product
from ..submission import existing_for_token
from .common import not_found


def _posted_token(request) -> str:
    token = request.POST.get("form_token", "")
    # A token that already made a return belongs to a page from before that return: start afresh.
    if TOKEN_RE.match(token) and existing_for_token(token) is None:
        return token
    return drafts.new_token()


@never_cache
@require_http_methods(["GET", "POST"])
def order_items(request, number):
    """Step 2: what can be returned from this order, and the form to choose it."""
    order = accessible_order(request, number)
    if order is None:
        return not_found(request)
    availability = order_availability(order)
    draft = drafts.load(request, order)
    if request.method == "POST":
        form = ItemsForm(availability, request.POST, request.FILES, token=_posted_token(request), draft=draft)
        if form.is_valid():
            drafts.save_from_form(request, order, form)
            return redirect("portal:review", number=order.number)
    else:
        form = ItemsForm(availability, token=(draft or {}).get("token") or drafts.new_token(), draft=draft)
    cards = cards_by_product(info.order_line.product_id for info in availability)
    rows = [{"info": info, "form": form.forms_by_line.get(info.pk), "deadline": deadline_text(info),
             "card": card_view(info.order_line, cards, deadline_text(info))}
            for info in availability]
    context = {
        "order": order, "form": form, "rows": rows, "error_summary": form.summary() if request.method == "POST" else [],
        "any_selectable": bool(form.selectable), "max_photos": MAX_PHOTOS,
        "existing_returns": order.returns.order_by("-created_at"),
    }
    return render(request, "portal/items.html", context, status=400 if request.method == "POST" else 200)
