"""What an operator does to the outbox by hand, permission-checked and audited on the return."""
from django.db import transaction
from django.utils.translation import gettext as _

from returns.permissions import require_agent
from returns.services.audit import audit_record

from .delivery import retry_posting
from .models import OdooPosting


def posting_retry(*, posting_id, actor, request_id="") -> bool:
    """Send a failed Odoo posting again (after fixing its cause); False when it was not failed."""
    require_agent(actor, _("retry Odoo postings"))
    with transaction.atomic():
        posting = OdooPosting.objects.select_related("request").get(pk=posting_id)
        retried = retry_posting(posting.pk)
        if retried:
            audit_record(request=posting.request, actor=actor, action="posting_retry", from_state=posting.request.state,
                         to_state=posting.request.state, request_id=request_id,
                         note=posting.reference, data={"posting": posting.pk, "last_error": posting.last_error[:500]})
        return retried
