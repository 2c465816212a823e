"""Notes between agents on a return: audited events the customer never sees."""
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import InvalidReturnRequest
from ..permissions import require_agent
from .audit import audit_record
from .transitions import lock_return


def note_add(*, return_id, actor, text, request_id=""):
    require_agent(actor, _("write notes on a return"))
    text = (text or "").strip()
    if not text:
        raise InvalidReturnRequest(_("Write the note first."))
    with transaction.atomic():
        ret = lock_return(return_id)
        return audit_record(request=ret, actor=actor, action="note", from_state=ret.state, to_state=ret.state,
                            note=text, request_id=request_id, data={"visibility": "staff"})
