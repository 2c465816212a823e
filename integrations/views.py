"""The outbox page for support and finance: what waits, what was posted, what failed, and retry."""
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from returnflow.access import role_required
from returns import permissions as perm

from .delivery import retry_posting
from .gateway import odoo_configured
from .models import OdooPosting, PostingState

STAFF = (perm.PERM_REVIEW, perm.PERM_APPROVE_REFUND)


@role_required(*STAFF)
def outbox(request):
    state = request.GET.get("state", "")
    query = request.GET.get("q", "").strip()
    postings = OdooPosting.objects.select_related("request").order_by("-created_at")
    if state in PostingState.values:
        postings = postings.filter(state=state)
    if query:
        postings = postings.filter(reference__icontains=query) | postings.filter(order_number__icontains=query)
    counts = dict(OdooPosting.objects.values_list("state").annotate(n=Count("id")))
    page = Paginator(postings, 50).get_page(request.GET.get("page"))
    return render(request, "support/outbox.html", {
        "page": page, "state": state, "q": query, "configured": odoo_configured(),
        "sandbox": settings.ODOO.get("SANDBOX", False),
        "counts": [(s, label, counts.get(s, 0)) for s, label in PostingState.choices],
    })


@require_POST
@role_required(*STAFF)
def outbox_retry(request, posting_id):
    posting = get_object_or_404(OdooPosting, pk=posting_id)
    with transaction.atomic():
        retried = retry_posting(posting.pk)
    if retried:
        messages.success(request, f"{posting.reference} will be sent again.")
    else:
        messages.error(request, f"{posting.reference} is {posting.get_state_display().lower()}, not failed.")
    return redirect("integrations:outbox")
