from ..models import ReturnEvent


def audit_record(*, request, actor, action, from_state="", to_state="", reason="", note="", request_id="", data=None):
    """Append one audit row; the caller's transaction makes it atomic with the change it records."""
    return ReturnEvent.objects.create(
        return_request=request,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason[:100],
        note=note,
        request_id=request_id or "",
        data=data or {},
    )
