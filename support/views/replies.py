"""An agent's reply to the customer, from the return page (support.replies does the work)."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from returns.errors import ReturnsError

from ..replies import ReplyForm, reply_queue
from . import staff_required
from .detail import get_return, render_detail


@require_POST
@staff_required
def reply(request, rma):
    ret = get_return(rma, request.user)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reply was not sent: see the reply form."))
        return render_detail(request, ret, bound={"reply": form}, status=400)
    data = form.cleaned_data
    try:
        message = reply_queue(return_id=ret.pk, actor=request.user, subject=data["subject"], body=data["body"],
                              macro=data.get("macro"), request_id=request.request_id)
    except ReturnsError as error:
        messages.error(request, error.message)
        return render_detail(request, ret, bound={"reply": form}, status=error.status)
    messages.success(request, _("Reply to %(to)s queued for sending.") % {"to": message.to_email})
    return redirect("support:detail", ret.rma_number)
