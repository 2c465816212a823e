"""Every illegal transition is refused with 409 and changes nothing; each role may make exactly
its own transitions."""
import pytest
from django.contrib.auth import get_user_model

from returns.choices import ReturnStatus
from returns.errors import ReturnPermissionDenied
from returns.models import ReturnEvent, ReturnRequest
from returns.services.lifecycle import ACTION_SERVICES
from tests.factories import create_return, force_state

pytestmark = pytest.mark.django_db
S = ReturnStatus

# The lifecycle as a table: action -> the states it may start from.
LEGAL_SOURCES = {
    "auto_review": {S.REQUESTED},
    "approve": {S.PENDING_APPROVAL},
    "reject": {S.PENDING_APPROVAL},
    "cancel": {S.REQUESTED, S.PENDING_APPROVAL, S.AUTHORIZED, S.IN_TRANSIT},
    "expire": {S.AUTHORIZED},
    "mark_shipped": {S.AUTHORIZED},
    "receive": {S.AUTHORIZED, S.IN_TRANSIT},
    "start_inspection": {S.RECEIVED},
    "complete_inspection": {S.INSPECTING},
    "request_refund_approval": {S.INSPECTED},
    "release_refund": {S.INSPECTED},
    "approve_refund": {S.REFUND_PENDING_APPROVAL},
    "reject_refund_proposal": {S.REFUND_PENDING_APPROVAL},
    "send_back_refund_proposal": {S.REFUND_PENDING_APPROVAL},
    "withdraw_refund_proposal": {S.REFUND_PENDING_APPROVAL},
    "mark_refunded": {S.REFUND_APPROVED},
    "close": {S.REFUNDED},
}
API_ACTIONS = ["approve", "reject", "cancel", "expire", "mark_shipped", "receive", "start_inspection",
               "complete_inspection", "request_refund_approval", "release_refund", "approve_refund",
               "reject_refund_proposal", "send_back_refund_proposal", "withdraw_refund_proposal", "close"]
BODIES = {"approve": {"reason": "ok"}, "reject": {"reason": "no"}, "mark_shipped": {"tracking_number": "T1"},
          "receive": {"lines": [{"id": 0, "quantity_received": 1}]},
          "reject_refund_proposal": {"reason": "outside_policy", "note": "Refused."},
          "send_back_refund_proposal": {"note": "Look again."}}


def test_the_table_matches_the_state_machine(alice, alice_order):
    """Guards the table above against drift from the model's decorators."""
    ret = create_return(alice_order, alice.user)
    for action, sources in LEGAL_SOURCES.items():
        meta = getattr(ret, action)._django_fsm
        assert {s for s in S if meta.has_transition(s)} == sources, action


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1234")


@pytest.mark.parametrize("action", API_ACTIONS)
def test_illegal_transitions_are_refused_with_409_and_change_nothing(api, alice, alice_order, superuser, action):
    ret = create_return(alice_order, alice.user)
    api.force_authenticate(superuser)  # may do anything: only the state decides here
    body = dict(BODIES.get(action, {}))
    if action == "receive":
        body = {"lines": [{"id": ret.lines.first().pk, "quantity_received": 1}]}
    for state in set(S) - LEGAL_SOURCES[action]:
        ret = force_state(ret, state)
        events_before = ReturnEvent.objects.count()
        lines_before = list(ret.lines.values_list("quantity_received", "disposition"))
        response = api.post(f"/api/returns/{ret.rma_number}/{action.replace('_', '-')}/", body, format="json")
        assert response.status_code == 409, (action, state, response.content)
        assert response.json()["error"]["code"] == "illegal_transition"
        assert ReturnRequest.objects.get(pk=ret.pk).state == state
        assert ReturnEvent.objects.count() == events_before
        assert list(ret.lines.values_list("quantity_received", "disposition")) == lines_before


# Who may do what. "owner" is the customer whose return it is; "other" is another customer.
ROLE_MATRIX = {
    "auto_review": {"system"},
    "approve": {"support"},
    "reject": {"support"},
    "cancel": {"owner", "support"},
    "expire": {"system"},
    "mark_shipped": {"owner", "support", "system"},
    "receive": {"inspector"},
    "start_inspection": {"inspector"},
    "complete_inspection": {"inspector"},
    "request_refund_approval": {"support", "finance"},
    "release_refund": {"support", "finance"},
    "approve_refund": {"finance"},
    "mark_refunded": {"system"},
    "close": {"support", "system"},
}


def _ready_for(action, ret):
    """Put `ret` in a source state of `action` with its guards satisfied."""
    state = sorted(LEGAL_SOURCES[action])[0]
    if action == "cancel":
        state = S.AUTHORIZED
    ret = force_state(ret, state)
    if state in {S.INSPECTING, S.INSPECTED, S.REFUND_PENDING_APPROVAL}:
        ret.lines.update(quantity_received=1, quantity_accepted=1, grade="A", disposition="restock")
        # The real calculation (96.80), as complete_inspection stores it: the release refuses a stored
        # amount that differs from what the credit note would carry.
        from refunds.services import refund_update_amount

        refund_update_amount(ReturnRequest.objects.get(pk=ret.pk))
    return ret


def _kwargs(action, ret):
    if action == "receive":
        return {"quantities": {ret.lines.first().pk: 1}}
    return {}


@pytest.mark.parametrize("action", sorted(ROLE_MATRIX))
def test_each_role_may_make_exactly_its_transitions(alice, bob, alice_order, ivan, sam, fiona, system_user, action):
    actors = {"owner": alice.user, "other": bob.user, "inspector": ivan, "support": sam, "finance": fiona,
              "system": system_user}
    allowed = set()
    for role, user in actors.items():
        ret = _ready_for(action, create_return(alice_order, alice.user))
        before = ret.state
        try:
            ACTION_SERVICES[action](return_id=ret.pk, actor=user, **_kwargs(action, ret))
        except ReturnPermissionDenied:
            assert ReturnRequest.objects.get(pk=ret.pk).state == before
        else:
            allowed.add(role)
            assert ReturnRequest.objects.get(pk=ret.pk).state != before
        force_state(ret, S.CANCELLED)  # frees the units for the next attempt
    assert allowed == ROLE_MATRIX[action]


def test_finance_cannot_approve_a_refund_they_proposed(alice, alice_order, fiona):
    from returns.services.lifecycle import return_approve_refund, return_request_refund_approval

    ret = _ready_for("request_refund_approval", create_return(alice_order, alice.user))
    return_request_refund_approval(return_id=ret.pk, actor=fiona)
    with pytest.raises(ReturnPermissionDenied):
        return_approve_refund(return_id=ret.pk, actor=fiona)
    assert ReturnRequest.objects.get(pk=ret.pk).state == S.REFUND_PENDING_APPROVAL


def test_api_answers_403_for_a_role_that_may_not(api, alice, alice_order, ivan):
    ret = create_return(alice_order, alice.user)
    api.force_authenticate(alice.user)
    response = api.post(f"/api/returns/{ret.rma_number}/receive/",
                        {"lines": [{"id": ret.lines.first().pk, "quantity_received": 1}]}, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "permission_denied",
                                         "message": "You are not allowed to receive this return."}
    assert ReturnRequest.objects.get(pk=ret.pk).state == S.AUTHORIZED


def test_guards_refuse_with_a_reason(api, alice, alice_order, ivan):
    ret = create_return(alice_order, alice.user)
    api.force_authenticate(ivan)
    nothing = api.post(f"/api/returns/{ret.rma_number}/receive/",
                       {"lines": [{"id": line.pk, "quantity_received": 0} for line in ret.lines.all()]}, format="json")
    assert nothing.status_code == 409
    assert nothing.json()["error"]["code"] == "transition_guard_failed"
    assert "No unit" in nothing.json()["error"]["message"]
    assert set(ret.lines.values_list("quantity_received", flat=True)) == {0}

    received = api.post(f"/api/returns/{ret.rma_number}/receive/",
                        {"lines": [{"id": ret.lines.first().pk, "quantity_received": 1}]}, format="json")
    assert received.status_code == 200
    api.post(f"/api/returns/{ret.rma_number}/start-inspection/")
    incomplete = api.post(f"/api/returns/{ret.rma_number}/complete-inspection/")
    assert incomplete.status_code == 409
    assert "disposition" in incomplete.json()["error"]["message"]
    assert ReturnRequest.objects.get(pk=ret.pk).state == S.INSPECTING
