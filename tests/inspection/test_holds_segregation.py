"""Segregation of duties on holds: nobody grants an exception they asked for."""
import pytest

from inspection.holds import line_hold, line_hold_release
from returns.errors import ReturnPermissionDenied
from returns.models import ReturnLine
from tests.factories import create_return, force_state, make_user

pytestmark = pytest.mark.django_db


def test_the_agent_who_placed_a_hold_cannot_approve_it(alice, alice_order, sam):
    from returns.roles import SUPPORT

    ret = create_return(alice_order, alice.user)
    ret = force_state(ret, "inspecting")
    line = ret.lines.first()
    ReturnLine.objects.filter(pk=line.pk).update(quantity_received=1)
    line_hold(line_id=line.pk, actor=sam, reason="Looks swapped", kind="override")
    with pytest.raises(ReturnPermissionDenied):
        line_hold_release(line_id=line.pk, actor=sam, decision="approve", reason="within_policy_after_review")
    assert ReturnLine.objects.get(pk=line.pk).hold_reason
    other = make_user("tess", SUPPORT)
    line_hold_release(line_id=line.pk, actor=other, decision="approve", reason="within_policy_after_review")
    assert ReturnLine.objects.get(pk=line.pk).hold_reason == ""
