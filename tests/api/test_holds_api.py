"""POST /api/returns/<rma>/lines/<id>/hold/ and .../hold/decision/ through inspection.holds."""
import pytest

from inspection.models import HoldStatus, LineHold
from returns.models import ReturnEvent

from .helpers import as_user, jpeg, statuses

pytestmark = pytest.mark.django_db


def hold_url(ret, line):
    return f"/api/returns/{ret.rma_number}/lines/{line.pk}/hold/"


def decision_url(ret, line):
    return hold_url(ret, line) + "decision/"


def hold(api, ret, line, kind="override", reason="Customer insists it is unworn"):
    return api.post(hold_url(ret, line), {"kind": kind, "reason": reason}, format="json")


def test_an_inspector_puts_a_line_on_hold(api, inspecting, ivan):
    line = inspecting.lines.first()
    response = hold(as_user(api, ivan), inspecting, line)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["line"]["hold_reason"] == "Customer insists it is unworn"
    assert [(h["kind"], h["status"], h["created_by"]) for h in body["holds"]] == [("override", "open", "ivan")]
    held = LineHold.objects.get()
    assert (held.line_id, held.status, held.created_by_id) == (line.pk, HoldStatus.OPEN, ivan.pk)
    event = ReturnEvent.objects.get(action="line_hold")
    assert event.data["line"] == line.pk and event.reason == "override"
    again = hold(api, inspecting, line, reason="Asked twice")
    assert again.status_code == 200 and LineHold.objects.count() == 1  # one open hold per kind


def test_bad_hold_input_is_refused_and_nothing_is_held(api, inspecting, ivan):
    line = inspecting.lines.first()
    as_user(api, ivan)
    unknown = hold(api, inspecting, line, kind="because")
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "invalid_input"
    assert unknown.json()["error"]["message"].startswith("kind:")
    blank = hold(api, inspecting, line, reason="")
    assert blank.status_code == 400 and blank.json()["error"]["message"].startswith("reason:")
    assert not LineHold.objects.exists()
    line.refresh_from_db()
    assert line.hold_reason == ""


def test_holding_a_line_of_a_return_not_yet_received_is_a_conflict(api, authorized, ivan):
    response = hold(as_user(api, ivan), authorized, authorized.lines.first())
    assert response.status_code == 409 and "Only lines of a received return" in response.json()["error"]["message"]
    assert not LineHold.objects.exists()


def test_hold_role_matrix(api, inspecting, everyone):
    line = inspecting.lines.first()
    seen = statuses(api, everyone, lambda client: hold(client, inspecting, line))
    assert seen == {"customer": 403, "other_customer": 403, "inspector": 200, "support": 200, "finance": 403}
    as_user(api, everyone["finance"])
    assert hold(api, inspecting, line).json()["error"]["message"] == (
        "Only inspectors and support agents can put a line on hold.")


def test_support_approves_a_hold(api, inspecting, ivan, sam):
    line = inspecting.lines.first()
    hold(as_user(api, ivan), inspecting, line)
    response = as_user(api, sam).post(decision_url(inspecting, line),
                                      {"decision": "approve", "reason": "within_policy_after_review"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["holds"][0]["status"] == "approved"
    assert response.json()["holds"][0]["decided_by"] == "sam"
    line.refresh_from_db()
    assert line.hold_reason == ""
    assert LineHold.objects.get().status == HoldStatus.APPROVED
    event = ReturnEvent.objects.get(action="line_hold_approved")
    assert event.actor_id == sam.pk and event.reason == "within_policy_after_review"


def test_a_rejection_needs_a_fitting_reason_and_a_note(api, inspecting, ivan, sam):
    line = inspecting.lines.first()
    hold(as_user(api, ivan), inspecting, line)
    as_user(api, sam)
    no_note = api.post(decision_url(inspecting, line), {"decision": "reject", "reason": "outside_policy"},
                       format="json")
    assert no_note.status_code == 400
    assert no_note.json()["error"]["message"] == "note: Required: say why, for the customer and the next agent."
    wrong_reason = api.post(decision_url(inspecting, line), {"decision": "reject", "reason": "goodwill",
                                                             "note": "Stained"}, format="json")
    assert wrong_reason.status_code == 400 and wrong_reason.json()["error"]["message"].startswith("reason:")
    assert LineHold.objects.get().status == HoldStatus.OPEN
    rejected = api.post(decision_url(inspecting, line), {"decision": "reject", "reason": "outside_policy",
                                                         "note": "Stained, inspect again"}, format="json")
    assert rejected.status_code == 200
    assert LineHold.objects.get().status == HoldStatus.REJECTED


def test_whoever_inspected_the_line_cannot_decide_on_its_hold(api, authorized, wanda, sam, media):
    from inspection.workflow import inspection_open
    from tests.factories import receive_all

    receive_all(authorized, wanda)
    inspection_open(return_id=authorized.pk, actor=wanda)
    line = authorized.lines.first()
    as_user(api, wanda)
    photo = api.post(f"/api/returns/{authorized.rma_number}/lines/{line.pk}/photos/", {"photos": [jpeg()]},
                     format="multipart")
    assert photo.status_code == 201  # wanda now counts as an inspector of this line
    assert hold(api, authorized, line).status_code == 200
    refused = api.post(decision_url(authorized, line), {"decision": "approve", "reason": "goodwill"}, format="json")
    assert refused.status_code == 403
    assert "segregation of duties" in refused.json()["error"]["message"]
    assert LineHold.objects.get().status == HoldStatus.OPEN
    allowed = as_user(api, sam).post(decision_url(authorized, line), {"decision": "approve", "reason": "goodwill"},
                                     format="json")
    assert allowed.status_code == 200 and LineHold.objects.get().status == HoldStatus.APPROVED


def test_decision_role_matrix_and_a_line_without_hold(api, inspecting, everyone):
    line = inspecting.lines.first()
    body = {"decision": "approve", "reason": "goodwill"}
    seen = statuses(api, everyone, lambda client: client.post(decision_url(inspecting, line), body, format="json"))
    # Support may decide, but this line is not on hold.
    assert seen == {"customer": 403, "other_customer": 403, "inspector": 403, "support": 400, "finance": 403}
    as_user(api, everyone["support"])
    response = api.post(decision_url(inspecting, line), body, format="json")
    assert response.json()["error"]["message"] == "This line is not on hold."
