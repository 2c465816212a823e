from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from returns.errors import PolicyRejected, ReturnPermissionDenied, ReturnsError
from returns.policy import RuleResult

from .. import drafts
from ..access import accessible_order
from ..explain import rule_sentence
from ..forms import TOKEN_RE, ReviewForm, error_entries
from ..review_info import build_review
from ..submission import StagedPhotoMissing, existing_for_token, submit_draft
from .common import not_found


def _policy_rejected_messages(exc, review):
    lines_by_id = {item.info.pk: item.info.order_line for item in review.items}
    policies = {item.info.pk: item.info.policy for item in review.items}
    rules = (exc.details or {}).get("rules", [])
    return [rule_sentence(RuleResult(**rule), lines_by_id, policies) for rule in rules] or [exc.message]


@never_cache
@require_http_methods(["GET", "POST"])
def review(request, number):
    """Step 3: the policy in plain words, the refund estimate, and the button that sends the request."""
    order = accessible_order(request, number)
    if order is None:
        return not_found(request)
    token = request.POST.get("form_token", "")
    if request.method == "POST" and TOKEN_RE.match(token):
        existing = existing_for_token(token)
        if existing is not None and existing.order_id == order.pk:
            # A resent or double-clicked form: show the return the first submission made.
            return redirect("portal:confirmation", rma=existing.rma_number)
    draft = drafts.load(request, order)
    if draft is None:
        messages.info(request, _("Choose the items you want to return."))
        return redirect("portal:order", number=order.number)
    info = build_review(order, draft)
    if info is None:
        messages.error(request, _("Something changed since you chose the items. Please check them again."))
        return redirect("portal:order", number=order.number)
    form = ReviewForm(request.POST or None, initial={"form_token": draft["token"],
                                                     "refund_method": info.refund_methods[0]},
                      needs_exception=info.needs_exception, refund_methods=info.refund_methods)
    if request.method == "POST" and not info.blocking and form.is_valid():
        if form.cleaned_data["form_token"] != draft["token"]:
            form.add_error(None, _("This page is out of date. Check the details below and send the request again."))
        else:
            try:
                ret, _created = submit_draft(order, draft, exception_message=form.cleaned_data["exception_message"],
                                             refund_method=form.cleaned_data["refund_method"],
                                             request_id=getattr(request, "request_id", ""))
            except StagedPhotoMissing:
                messages.error(request, _("Your photos were removed because the page was open too long. "
                                          "Please add them again."))
                return redirect("portal:order", number=order.number)
            except PolicyRejected as exc:
                for message in _policy_rejected_messages(exc, info):
                    form.add_error(None, message)
            except ReturnPermissionDenied:
                form.add_error(None, _("This return cannot be requested online. Please contact customer service."))
            except ReturnsError as exc:
                form.add_error(None, exc.message)
            else:
                drafts.discard(request)
                for sentence in getattr(ret, "exchange_fallbacks", []):
                    messages.warning(request, sentence)
                return redirect("portal:confirmation", rma=ret.rma_number)
    context = {"order": order, "review": info, "form": form, "draft_token": draft["token"],
               "error_summary": error_entries(form) if request.method == "POST" else []}
    return render(request, "portal/review.html", context, status=400 if request.method == "POST" else 200)
