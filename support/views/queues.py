"""The queue overview (the console's home page) and one queue with its filters."""
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from returns.models import ReturnRequest

from .. import assignment, worklists
from ..forms_warehouse import QueueFilterWithWarehouseForm, several_warehouses
from . import staff_required
from .bulk import queue_tools

PAGE_SIZE = 50


@staff_required
def home(request):
    summaries = [worklists.summary(queue) for queue in worklists.QUEUES]
    return render(request, "support/home.html", {
        "summaries": summaries, "nav": "queues",
        "sla_warn": settings.RETURNFLOW["SLA_WARN_HOURS"], "sla_breach": settings.RETURNFLOW["SLA_BREACH_HOURS"]})


@staff_required
def queue(request, slug):
    spec = worklists.QUEUES_BY_SLUG.get(slug)
    if spec is None:
        raise Http404("No such queue.")
    form = QueueFilterWithWarehouseForm(request.GET or None)
    filters, assignee = worklists.Filters(), ""
    if form.is_valid():
        data = form.cleaned_data
        filters = worklists.Filters(q=data["q"].strip(), sla=data["sla"], channel=data["channel"],
                                    warehouse=data["warehouse"].pk if data["warehouse"] else None)
        assignee = data["assignee"]
    rows = assignment.annotate_rows(worklists.apply_sla(spec.rows(filters), filters.sla))
    rows = assignment.filter_by_assignee(rows, assignee, request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "support/queue.html", {
        "queue": spec, "form": form, "page": page, "total": len(rows), "query": query.urlencode(),
        "queues": [worklists.summary(q) for q in worklists.QUEUES], "nav": "queues",
        "several_warehouses": several_warehouses(),
        **queue_tools(request, spec),  # saved views, bulk actions (support.views.bulk)
    })


@staff_required
def search(request):
    """Any return, whatever its state, by RMA, order number or customer name / e-mail."""
    q = request.GET.get("q", "").strip()[:100]
    results = []
    if q:
        results = list(ReturnRequest.objects.filter(worklists.return_search(q))
                       .select_related("customer", "order", "assignment__assignee").order_by("-created_at")[:PAGE_SIZE])
    return render(request, "support/search.html", {"q": q, "search_q": q, "results": results, "nav": "queues"})
